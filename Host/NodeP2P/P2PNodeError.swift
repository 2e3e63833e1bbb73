/// A P2P layer failure, with the text that is logged or stored as a `failed` comment.
struct P2PNodeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
