import Testing

@testable import SproutEthereum

private func hex(_ text: String) -> [UInt8] { try! Hex.decode(text) }

@Suite struct TransactionTests {
    let key = try! SigningKey(hex: "0x" + String(repeating: "46", count: 32))
    let to = try! EthereumAddress("0x3535353535353535353535353535353535353535")

    @Test func derivesTheAddressOfAKey() {
        #expect(key.address.description == "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F")
    }

    // The example of EIP-155 itself.
    @Test func signsTheEIP155Example() throws {
        let tx = Transaction(
            chainID: 1, nonce: 9, fees: .legacy(gasPrice: 20_000_000_000), gasLimit: 21000, to: to, value: Word256(1_000_000_000_000_000_000), data: [])
        #expect(Hex.encode(tx.signingHash) == "daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53")
        let signed = tx.signed(with: key)
        #expect(Hex.encode(signed.raw)
            == "f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83")
    }

    // Checked against eth-account 0.14.0's sign_transaction with the same key and fields.
    @Test func signsAnEIP1559Transaction() {
        let tx = Transaction(
            chainID: 1337, nonce: 7, fees: .eip1559(maxPriorityFeePerGas: 2_000_000_000, maxFeePerGas: 30_000_000_000), gasLimit: 100_000, to: to,
            value: Word256(12345), data: hex("deadbeef"))
        let signed = tx.signed(with: key)
        #expect(Hex.encode(signed.raw)
            == "02f8748205390784773594008506fc23ac00830186a094353535353535353535353535353535353535353582303984deadbeefc080a083a0705e32d77fddd35d71520dfb1835da91e1ef37d6886667d13874a37539baa062bb6092778b7305833ed244e158f49b1dce90e9cd270cc28eeb262a4337790e")
        #expect(Hex.encode(signed.hash) == "b7d122caf6be9e2f8a54cdaeb789bb114d5f4a898a9f9d5c54af83315caad935")
    }

    @Test func recoversTheSignerAndRejectsTamperedHashes() {
        let hash = Keccak.hash("sprout")
        let signature = key.sign(hash: hash)
        #expect(SigningKey.recoverAddress(hash: hash, signature: signature) == key.address)
        var tampered = hash
        tampered[0] ^= 1
        #expect(SigningKey.recoverAddress(hash: tampered, signature: signature) != key.address)
        var badS = signature
        badS.s = [UInt8](repeating: 0xff, count: 32)  // s ≥ n is not a signature
        #expect(SigningKey.recoverAddress(hash: hash, signature: badS) == nil)
    }

    @Test func refusesInvalidKeys() {
        #expect(throws: SigningKey.InvalidKey.self) { try SigningKey(bytes: [UInt8](repeating: 0, count: 32)) }
        #expect(throws: SigningKey.InvalidKey.self) { try SigningKey(bytes: [UInt8](repeating: 0xff, count: 32)) }  // ≥ n
        #expect(throws: SigningKey.InvalidKey.self) { try SigningKey(hex: "0x1234") }
    }
}
