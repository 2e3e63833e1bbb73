#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Errors from parsing multiaddrs (text or binary) received from users or peers.
public enum MultiaddrError: Error, Equatable, Sendable {
    case invalidText(String)
    case unknownProtocol(String)
    case invalidValue(protocol: String, value: String)
    case truncated
    case unknownCode(UInt64)
}

/// A multiaddr such as `/ip4/127.0.0.1/tcp/4001/p2p/12D3KooW…`, in text and binary form.
/// The protocols a TCP libp2p node needs are supported: ip4, ip6, dns, dns4, dns6, tcp, udp, p2p.
public struct Multiaddr: Sendable, Hashable, CustomStringConvertible {
    public enum Component: Sendable, Hashable {
        case ip4([UInt8])
        case ip6([UInt8])
        case dns(String), dns4(String), dns6(String)
        case tcp(UInt16)
        case udp(UInt16)
        case p2p(PeerID)
    }

    public let components: [Component]

    public init(_ components: [Component]) { self.components = components }

    public init(_ text: String) throws {
        var parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.first == "", parts.count >= 3 else { throw MultiaddrError.invalidText(text) }
        parts.removeFirst()
        var out: [Component] = []
        var i = 0
        while i < parts.count {
            let name = parts[i]
            guard i + 1 < parts.count else { throw MultiaddrError.invalidText(text) }
            let value = parts[i + 1]
            i += 2
            switch name {
            case "ip4":
                var addr = in_addr()
                guard inet_pton(AF_INET, value, &addr) == 1 else { throw MultiaddrError.invalidValue(protocol: name, value: value) }
                out.append(.ip4(withUnsafeBytes(of: addr) { Array($0) }))
            case "ip6":
                var addr = in6_addr()
                guard inet_pton(AF_INET6, value, &addr) == 1 else { throw MultiaddrError.invalidValue(protocol: name, value: value) }
                out.append(.ip6(withUnsafeBytes(of: addr) { Array($0) }))
            case "dns": out.append(.dns(value))
            case "dns4": out.append(.dns4(value))
            case "dns6": out.append(.dns6(value))
            case "tcp", "udp":
                guard let port = UInt16(value) else { throw MultiaddrError.invalidValue(protocol: name, value: value) }
                out.append(name == "tcp" ? .tcp(port) : .udp(port))
            case "p2p", "ipfs":
                do { out.append(.p2p(try PeerID(base58: value))) } catch { throw MultiaddrError.invalidValue(protocol: name, value: value) }
            default:
                throw MultiaddrError.unknownProtocol(name)
            }
        }
        components = out
    }

    public var description: String {
        components.map { c -> String in
            switch c {
            case .ip4(let b): return "/ip4/" + Self.ntop(AF_INET, b)
            case .ip6(let b): return "/ip6/" + Self.ntop(AF_INET6, b)
            case .dns(let s): return "/dns/" + s
            case .dns4(let s): return "/dns4/" + s
            case .dns6(let s): return "/dns6/" + s
            case .tcp(let p): return "/tcp/\(p)"
            case .udp(let p): return "/udp/\(p)"
            case .p2p(let id): return "/p2p/" + id.base58
            }
        }.joined()
    }

    private static func ntop(_ family: Int32, _ bytes: [UInt8]) -> String {
        var buf = [CChar](repeating: 0, count: 64)
        return bytes.withUnsafeBytes { raw in
            guard inet_ntop(family, raw.baseAddress, &buf, socklen_t(buf.count)) != nil else { return "?" }
            return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    // Multicodec codes from the multiformats table.
    private enum Code {
        static let ip4: UInt64 = 4, tcp: UInt64 = 6, udp: UInt64 = 273, ip6: UInt64 = 41
        static let dns: UInt64 = 53, dns4: UInt64 = 54, dns6: UInt64 = 55, p2p: UInt64 = 421
    }

    public var bytes: [UInt8] {
        var out: [UInt8] = []
        func lengthPrefixed(_ b: [UInt8]) { Varint.append(UInt64(b.count), to: &out); out += b }
        for c in components {
            switch c {
            case .ip4(let b): Varint.append(Code.ip4, to: &out); out += b
            case .ip6(let b): Varint.append(Code.ip6, to: &out); out += b
            case .dns(let s): Varint.append(Code.dns, to: &out); lengthPrefixed(Array(s.utf8))
            case .dns4(let s): Varint.append(Code.dns4, to: &out); lengthPrefixed(Array(s.utf8))
            case .dns6(let s): Varint.append(Code.dns6, to: &out); lengthPrefixed(Array(s.utf8))
            case .tcp(let p): Varint.append(Code.tcp, to: &out); out += [UInt8(p >> 8), UInt8(p & 0xff)]
            case .udp(let p): Varint.append(Code.udp, to: &out); out += [UInt8(p >> 8), UInt8(p & 0xff)]
            case .p2p(let id): Varint.append(Code.p2p, to: &out); lengthPrefixed(id.bytes)
            }
        }
        return out
    }

    public init(bytes: [UInt8]) throws {
        var out: [Component] = []
        var i = 0
        func take(_ n: Int) throws -> [UInt8] {
            guard n >= 0, bytes.count - i >= n else { throw MultiaddrError.truncated }
            defer { i += n }
            return Array(bytes[i..<i + n])
        }
        func takePrefixed() throws -> [UInt8] {
            guard let (len, next) = Varint.decode(bytes, at: i), len <= UInt64(bytes.count) else { throw MultiaddrError.truncated }
            i = next
            return try take(Int(len))
        }
        func port() throws -> UInt16 { let b = try take(2); return UInt16(b[0]) << 8 | UInt16(b[1]) }
        while i < bytes.count {
            guard let (code, next) = Varint.decode(bytes, at: i) else { throw MultiaddrError.truncated }
            i = next
            switch code {
            case Code.ip4: out.append(.ip4(try take(4)))
            case Code.ip6: out.append(.ip6(try take(16)))
            case Code.dns: out.append(.dns(String(decoding: try takePrefixed(), as: UTF8.self)))
            case Code.dns4: out.append(.dns4(String(decoding: try takePrefixed(), as: UTF8.self)))
            case Code.dns6: out.append(.dns6(String(decoding: try takePrefixed(), as: UTF8.self)))
            case Code.tcp: out.append(.tcp(try port()))
            case Code.udp: out.append(.udp(try port()))
            case Code.p2p: out.append(.p2p(try PeerID(bytes: try takePrefixed())))
            default: throw MultiaddrError.unknownCode(code)
            }
        }
        components = out
    }

    /// The host and TCP port to dial, if this is a TCP address.
    public var tcpEndpoint: (host: String, port: Int)? {
        var host: String?
        for c in components {
            switch c {
            case .ip4(let b): host = Self.ntop(AF_INET, b)
            case .ip6(let b): host = Self.ntop(AF_INET6, b)
            case .dns(let s), .dns4(let s), .dns6(let s): host = s
            case .tcp(let p): if let host { return (host, Int(p)) }
            default: break
            }
        }
        return nil
    }

    /// The `/p2p/` peer ID at the end of the address, if any.
    public var peerID: PeerID? {
        if case .p2p(let id) = components.last { return id }
        return nil
    }

    /// This address without a trailing `/p2p/` part.
    public var withoutPeerID: Multiaddr {
        peerID == nil ? self : Multiaddr(Array(components.dropLast()))
    }
}
