import Testing

@testable import SproutEthereum

private func hex(_ text: String) -> [UInt8] { try! Hex.decode(text) }

@Suite struct RLPTests {
    // Vectors from the Ethereum wiki's RLP page (ethereum.org "Recursive-length prefix").
    @Test func encodesWikiVectors() {
        #expect(RLP.bytes(Array("dog".utf8)).encoded == hex("83646f67"))
        #expect(RLP.list([.bytes(Array("cat".utf8)), .bytes(Array("dog".utf8))]).encoded == hex("c88363617483646f67"))
        #expect(RLP.bytes([]).encoded == hex("80"))
        #expect(RLP.list([]).encoded == hex("c0"))
        #expect(RLP.uint(0).encoded == hex("80"))
        #expect(RLP.bytes([0]).encoded == hex("00"))
        #expect(RLP.uint(15).encoded == hex("0f"))
        #expect(RLP.uint(1024).encoded == hex("820400"))
        // The set-theoretic representation of three: [ [], [[]], [ [], [[]] ] ].
        let three = RLP.list([.list([]), .list([.list([])]), .list([.list([]), .list([.list([])])])])
        #expect(three.encoded == hex("c7c0c1c0c3c0c1c0"))
        let lorem = Array("Lorem ipsum dolor sit amet, consectetur adipisicing elit".utf8)
        #expect(RLP.bytes(lorem).encoded == [0xb8, 0x38] + lorem)
    }

    @Test func decodeRoundTrips() throws {
        let value = RLP.list([.bytes(Array(repeating: 7, count: 300)), .list([.uint(1024), .bytes([])]), .uint(5)])
        #expect(try RLP.decode(value.encoded) == value)
    }

    @Test func rejectsMalformedInput() {
        #expect(throws: RLP.DecodeError.self) { try RLP.decode(hex("83646f")) }  // truncated
        #expect(throws: RLP.DecodeError.self) { try RLP.decode(hex("8105")) }  // single byte not canonical
        #expect(throws: RLP.DecodeError.self) { try RLP.decode(hex("b80100")) }  // long form for a short string
        #expect(throws: RLP.DecodeError.self) { try RLP.decode(hex("c0c0")) }  // trailing bytes
        #expect(throws: RLP.DecodeError.self) { try RLP.decode(hex("ffffffffffffffff")) }
    }
}

@Suite struct HashAndAddressTests {
    @Test func keccakOfEmptyInput() {
        #expect(Hex.encode(Keccak.hash([])) == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
    }

    // EIP-55's test addresses.
    @Test(arguments: [
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ])
    func checksumMatchesEIP55(_ text: String) throws {
        #expect(try EthereumAddress(text.lowercased()).description == text)
        #expect(try EthereumAddress(text).description == text)
    }

    @Test func rejectsWrongChecksumAndLength() {
        #expect(throws: EthereumAddress.ParseError.self) { try EthereumAddress("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed") }
        #expect(throws: EthereumAddress.ParseError.self) { try EthereumAddress("0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea") }
        #expect(throws: EthereumAddress.ParseError.self) { try EthereumAddress("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed") }
    }

    @Test func word256ParsesAndChecksRanges() throws {
        #expect(try Word256(parsing: "1000000000000000000").uint64 == 1_000_000_000_000_000_000)
        #expect(try Word256(parsing: "0xff").uint64 == 255)
        #expect(try Word256(hex: "ff").uint64 == 255)
        let max = try Word256(parsing: "115792089237316195423570985008687907853269984665640564039457584007913129639935")
        #expect(max.bytes == [UInt8](repeating: 0xff, count: 32))
        #expect(max.decimal == "115792089237316195423570985008687907853269984665640564039457584007913129639935")
        #expect(throws: Word256.ParseError.self) { try Word256(parsing: "115792089237316195423570985008687907853269984665640564039457584007913129639936") }
        #expect(throws: Word256.ParseError.self) { try Word256(parsing: "12a") }
        #expect(try Word256(parsing: "255").fitsUnsigned(bits: 8))
        #expect(try !Word256(parsing: "256").fitsUnsigned(bits: 8))
        #expect(try Word256(parsing: "-128").fitsSigned(bits: 8))
        #expect(try !Word256(parsing: "-129").fitsSigned(bits: 8))
        #expect(try !Word256(parsing: "128").fitsSigned(bits: 8))
    }
}

@Suite struct ABITests {
    // The examples of the Solidity ABI specification ("Examples" and "Use of Dynamic Types");
    // the full encodings were checked with eth_abi 6.0.0.
    @Test func encodesSolidityDocsExamples() throws {
        let baz = ContractABI.Function(name: "baz", inputs: [.init(name: "x", type: .uint(bits: 32), indexed: false), .init(name: "y", type: .bool, indexed: false)])
        #expect(Hex.encode(try baz.encodeCall([.uint(69), .bool(true)]))
            == "cdcd77c0" + "0000000000000000000000000000000000000000000000000000000000000045"
            + "0000000000000000000000000000000000000000000000000000000000000001")

        let sam = ContractABI.Function(
            name: "sam", inputs: [.init(name: "", type: .bytes, indexed: false), .init(name: "", type: .bool, indexed: false), .init(name: "", type: try ABIType(parsing: "uint[]"), indexed: false)])
        #expect(sam.signature == "sam(bytes,bool,uint256[])")
        #expect(Hex.encode(try sam.encodeCall([.bytes(Array("dave".utf8)), .bool(true), .array([.uint(1), .uint(2), .uint(3)])]))
            == "a5643bf20000000000000000000000000000000000000000000000000000000000000060000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000a0000000000000000000000000000000000000000000000000000000000000000464617665000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000003")

        let f = ContractABI.Function(
            name: "f",
            inputs: try ["uint256", "uint32[]", "bytes10", "bytes"].map { .init(name: "", type: try ABIType(parsing: $0), indexed: false) })
        #expect(Hex.encode(try f.encodeCall([.uint(0x123), .array([.uint(0x456), .uint(0x789)]), .bytes(Array("1234567890".utf8)), .bytes(Array("Hello, world!".utf8))]))
            == "8be6524600000000000000000000000000000000000000000000000000000000000001230000000000000000000000000000000000000000000000000000000000000080313233343536373839300000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000e0000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000004560000000000000000000000000000000000000000000000000000000000000789000000000000000000000000000000000000000000000000000000000000000d48656c6c6f2c20776f726c642100000000000000000000000000000000000000")

        let g = ContractABI.Function(
            name: "g", inputs: try ["uint256[][]", "string[]"].map { .init(name: "", type: try ABIType(parsing: $0), indexed: false) })
        let gValues: [ABIValue] = [.array([.array([.uint(1), .uint(2)]), .array([.uint(3)])]), .array([.string("one"), .string("two"), .string("three")])]
        let gEncoded = try g.encodeCall(gValues)
        #expect(Hex.encode(gEncoded)
            == "2289b18c000000000000000000000000000000000000000000000000000000000000004000000000000000000000000000000000000000000000000000000000000001400000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000000004000000000000000000000000000000000000000000000000000000000000000a0000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000030000000000000000000000000000000000000000000000000000000000000003000000000000000000000000000000000000000000000000000000000000006000000000000000000000000000000000000000000000000000000000000000a000000000000000000000000000000000000000000000000000000000000000e000000000000000000000000000000000000000000000000000000000000000036f6e650000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000374776f000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000057468726565000000000000000000000000000000000000000000000000000000")
        #expect(try ABICodec.decode(g.inputs.map(\.type), from: Array(gEncoded.dropFirst(4))) == gValues)
    }

    // address, negative intN, bytes32, UTF-8 string and static/dynamic fixed arrays (eth_abi 6.0.0).
    @Test func encodesAndDecodesMixedTypes() throws {
        let types = try ["address", "int8", "int256", "bytes32", "string", "bool[2]", "string[2]"].map { try ABIType(parsing: $0) }
        let values: [ABIValue] = [
            .address(try EthereumAddress("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")), .int(try Word256(parsing: "-5")),
            .int(try Word256(parsing: "-57896044618658097711785492504343953926634992332820282019728792003956564819968")),
            .bytes([UInt8](repeating: 0x11, count: 32)), .string("héllo"), .array([.bool(true), .bool(false)]), .array([.string("a"), .string("bc")]),
        ]
        let encoded = try ABICodec.encode(types, values)
        #expect(Hex.encode(encoded)
            == "0000000000000000000000005aaeb6053f3e94c9b9a09f33669435e7ef1beaedfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffb800000000000000000000000000000000000000000000000000000000000000011111111111111111111111111111111111111111111111111111111111111110000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000140000000000000000000000000000000000000000000000000000000000000000668c3a96c6c6f0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000004000000000000000000000000000000000000000000000000000000000000000800000000000000000000000000000000000000000000000000000000000000001610000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000026263000000000000000000000000000000000000000000000000000000000000")
        #expect(try ABICodec.decode(types, from: encoded) == values)
    }

    @Test func refusesValuesThatDoNotFit() throws {
        #expect(throws: ABICodec.EncodeError.self) { try ABICodec.encode([.uint(bits: 8)], [.uint(256)]) }
        #expect(throws: ABICodec.EncodeError.self) { try ABICodec.encode([.fixedBytes(4)], [.bytes([1, 2, 3])]) }
        #expect(throws: ABICodec.EncodeError.self) { try ABICodec.encode([.address], [.string("x")]) }
        #expect(throws: ABIType.ParseError.self) { try ABIType(parsing: "uint7") }
        #expect(throws: ABIType.ParseError.self) { try ABIType(parsing: "bytes33") }
        #expect(throws: ABIType.ParseError.self) { try ABIType(parsing: "tuple") }
    }

    @Test func decodeRejectsHostileOffsets() {
        var data = Word256(UInt64(1) << 31).bytes  // offset far beyond the data
        #expect(throws: ABICodec.DecodeError.self) { try ABICodec.decode([.bytes], from: data) }
        data = Word256(32).bytes + Word256(UInt64(1) << 30).bytes  // array count larger than the data
        #expect(throws: ABICodec.DecodeError.self) { try ABICodec.decode([.array(.uint(bits: 256))], from: data) }
        #expect(throws: ABICodec.DecodeError.self) { try ABICodec.decode([.bool], from: Word256(2).bytes) }
    }

    // Error(string) example from the Solidity docs ("Not enough Ether provided.") and Panic(0x11).
    @Test func decodesRevertReasons() {
        let error = hex(
            "08c379a0" + "0000000000000000000000000000000000000000000000000000000000000020"
                + "000000000000000000000000000000000000000000000000000000000000001a"
                + "4e6f7420656e6f7567682045746865722070726f76696465642e000000000000")
        #expect(RevertReason.describe(error) == "Not enough Ether provided.")
        #expect(RevertReason.describe(RevertReason.panicSelector + Word256(0x11).bytes) == "panic 0x11 (arithmetic overflow or underflow)")
        #expect(RevertReason.describe([]) == nil)
        #expect(RevertReason.describe(hex("deadbeef")) == "custom error 0xdeadbeef")
        #expect(Hex.encode(Keccak.hash("Error(string)").prefix(4).map { $0 }) == "08c379a0")
        #expect(Hex.encode(Keccak.hash("Panic(uint256)").prefix(4).map { $0 }) == "4e487b71")
    }

    @Test func parsesABIJSONWithOverloadsLikeGoEthereum() throws {
        let abi = try ContractABI(json: """
            [{"type":"function","name":"set","inputs":[{"name":"a","type":"uint256"}]},
             {"type":"function","name":"set","inputs":[{"name":"a","type":"bytes"}]},
             {"type":"constructor","inputs":[]},
             {"type":"event","name":"ProjectUpserted","inputs":[{"name":"projectId","type":"uint64","indexed":true},{"name":"uri","type":"string"},{"name":"hash","type":"bytes32"}]}]
            """)
        #expect(abi.functions["set"]?.signature == "set(uint256)")
        #expect(abi.functions["set0"]?.signature == "set(bytes)")
        #expect(abi.events["ProjectUpserted"]?.topic == ProjectRegistryWatcher.event.topic)
        // sprout's generated binding names this topic.
        #expect(Hex.encode(ProjectRegistryWatcher.event.topic) == "889d61147bfd16f8996ff259e22ac44288a7d6fa0957844db988f071b7883c23")
        #expect(throws: ContractABI.ParseError.self) { try ContractABI(json: "{}") }
        #expect(throws: ContractABI.ParseError.self) { try ContractABI(json: #"[{"type":"function","name":"x","inputs":[{"name":"t","type":"tuple"}]}]"#) }
    }
}
