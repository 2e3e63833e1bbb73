import Foundation

/// Phase and percent of a long call on standard error: one line redrawn in place with a bar on a
/// terminal, one line per change otherwise (so logs of scripted runs hold no carriage returns).
final class ProgressLine: @unchecked Sendable {
    // Safety (@unchecked Sendable): progress callbacks come from the one thread running the
    // call, and `message send` draws from its own loop only.
    private let terminal = isatty(STDERR_FILENO) != 0
    private var last = ""

    func show(phase: String, percent: Int, note: String = "") {
        let text = "\(phase) \(percent)%" + (note.isEmpty ? "" : " (\(note))")
        guard text != last else { return }
        last = text
        let filled = min(20, max(0, percent / 5))
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: 20 - filled) + "]"
        FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[2K\(bar) \(text)" : "\(text)\n").utf8))
    }

    /// Clears a line drawn in place, before other output.
    func finish() {
        if terminal, !last.isEmpty { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        last = ""
    }
}
