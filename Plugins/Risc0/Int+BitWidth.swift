extension Int {
    /// `⌈log₂(self + 1)⌉` (0 for 0).
    var bitWidthNeeded: Int { self <= 0 ? 0 : Int.bitWidth - leadingZeroBitCount }
}
