import Foundation

/// A plain-text table whose columns are as wide as their content, and whose last column is cut
/// to fit the terminal (so long comments do not wrap every row); output to a pipe is not cut.
struct TextTable {
    let header: [String]
    let rows: [[String]]

    func render(width: Int? = TextTable.terminalWidth) -> String {
        let all = [header] + rows
        let widths = (0..<header.count - 1).map { column in all.map { $0[column].count }.max() ?? 0 }
        let lead = widths.reduce(0) { $0 + $1 + 2 }
        return all.map { row in
            var line = (0..<widths.count).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) + "  " }.joined()
            let last = row[header.count - 1]
            if let width, lead + last.count > width {
                line += String(last.prefix(max(0, width - lead - 1))) + "…"
            } else {
                line += last
            }
            return line
        }.joined(separator: "\n")
    }

    /// The terminal's width in columns when standard output is a terminal; `$COLUMNS` wins.
    static var terminalWidth: Int? {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        guard isatty(STDOUT_FILENO) != 0 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
