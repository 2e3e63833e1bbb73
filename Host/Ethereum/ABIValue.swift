/// A value to ABI-encode or a decoded one. Integers are 256-bit words (two's complement for
/// intN); `bytes` serves both `bytes` and `bytesN`.
public indirect enum ABIValue: Sendable, Equatable {
    case uint(Word256)
    case int(Word256)
    case address(EthereumAddress)
    case bool(Bool)
    case bytes([UInt8])
    case string(String)
    case array([ABIValue])

    public static func uint(_ value: UInt64) -> ABIValue { .uint(Word256(value)) }
}
