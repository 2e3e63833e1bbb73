/// A set of acceptable engine versions, written as npm/Cargo-style comparators:
/// `*`, `1.2.3` (exactly), `^1.2` (same major, at least 1.2.0), `~1.2.3` (same minor),
/// `>=1.0.0 <2.0.0` (all comparators must hold), `1.x`.
public struct VersionRange: Sendable, Hashable, CustomStringConvertible {
    private enum Comparator: Hashable {
        case atLeast(SemanticVersion)
        case above(SemanticVersion)
        case atMost(SemanticVersion)
        case below(SemanticVersion)
        case exactly(SemanticVersion)
    }

    private let comparators: [Comparator]
    public let description: String

    public static let any = VersionRange(text: "*", comparators: [])

    private init(text: String, comparators: [Comparator]) {
        self.description = text
        self.comparators = comparators
    }

    public struct ParseError: Error, CustomStringConvertible {
        public let text: String
        public var description: String {
            "\"\(text)\" is not a version range; write e.g. \"1.2.3\", \"^1.2\", \"~1.2.0\", \">=1.0.0 <2.0.0\" or \"*\""
        }
    }

    public init(_ text: String) throws(ParseError) {
        var comparators: [Comparator] = []
        for token in text.split(separator: " ") {
            comparators += try Self.parse(String(token), whole: text)
        }
        self.init(text: text, comparators: comparators)
    }

    public func contains(_ version: SemanticVersion) -> Bool {
        comparators.allSatisfy { comparator in
            switch comparator {
            case .atLeast(let bound): version >= bound
            case .above(let bound): version > bound
            case .atMost(let bound): version <= bound
            case .below(let bound): version < bound
            case .exactly(let bound): version == bound
            }
        }
    }

    /// A partial version such as "1", "1.2" or "1.x": the given numbers, and how many there were.
    private static func partial(_ text: String, whole: String) throws(ParseError) -> (SemanticVersion, Int) {
        if let full = SemanticVersion(text) { return (full, 3) }
        let components = text.split(separator: ".", omittingEmptySubsequences: false)
        let numbers = components.prefix { $0 != "x" && $0 != "*" }.map { Int($0) }
        // Wildcards may only trail ("1.x", "1.2.*"), and at least the major must be a number.
        guard (1...2).contains(numbers.count), components.count <= 3, components.dropFirst(numbers.count).allSatisfy({ $0 == "x" || $0 == "*" }),
            numbers.allSatisfy({ $0 != nil && $0! >= 0 })
        else { throw ParseError(text: whole) }
        let values = numbers.map { $0! } + [0, 0, 0]
        return (SemanticVersion(values[0], values[1], values[2]), numbers.count)
    }

    private static func parse(_ token: String, whole: String) throws(ParseError) -> [Comparator] {
        if token == "*" || token == "x" { return [] }
        for (prefix, make) in [(">=", Comparator.atLeast), ("<=", Comparator.atMost), (">", Comparator.above), ("<", Comparator.below), ("=", Comparator.exactly)] {
            if token.hasPrefix(prefix) {
                let (version, _) = try partial(String(token.dropFirst(prefix.count)), whole: whole)
                return [make(version)]
            }
        }
        if token.hasPrefix("^") {
            let (low, count) = try partial(String(token.dropFirst()), whole: whole)
            let high =
                low.major > 0 || count == 1
                ? SemanticVersion(low.major + 1, 0, 0)
                : low.minor > 0 || count == 2 ? SemanticVersion(0, low.minor + 1, 0) : SemanticVersion(0, 0, low.patch + 1)
            return [.atLeast(low), .below(high)]
        }
        if token.hasPrefix("~") {
            let (low, count) = try partial(String(token.dropFirst()), whole: whole)
            let high = count == 1 ? SemanticVersion(low.major + 1, 0, 0) : SemanticVersion(low.major, low.minor + 1, 0)
            return [.atLeast(low), .below(high)]
        }
        let (version, count) = try partial(token, whole: whole)
        switch count {
        case 3: return [.exactly(version)]
        case 2: return [.atLeast(version), .below(SemanticVersion(version.major, version.minor + 1, 0))]
        case 1: return [.atLeast(version), .below(SemanticVersion(version.major + 1, 0, 0))]
        default: return []
        }
    }
}
