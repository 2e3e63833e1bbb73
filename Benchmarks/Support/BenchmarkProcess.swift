import Foundation

/// What the engine benchmarks measure about their own process: wall time, peak memory and the
/// machine's load while they ran (numbers taken on a shared machine are reported with it).
public enum BenchmarkProcess {
    /// Seconds on a monotonic clock.
    public static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// The process's peak resident memory so far (`VmHWM`), in KiB, or nil off Linux.
    public static func peakMemoryKiB() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            // "VmHWM:\t 123456 kB": tabs and padding vary with the width of the number.
            return Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "")
        }
        return nil
    }

    /// The 1, 5 and 15-minute load averages as `/proc/loadavg` prints them, or "?".
    public static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    }
}
