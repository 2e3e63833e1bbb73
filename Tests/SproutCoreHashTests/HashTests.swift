import Testing
import SproutCoreField
import SproutCoreHash

func hex(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

/// The deterministic message used for the Python-generated vectors: byte i is (7i + 3) mod 256.
func patternMessage(_ n: Int) -> [UInt8] { (0..<n).map { UInt8((7 * $0 + 3) % 256) } }

/// (length, SHA-256, Keccak-256) from Python `hashlib.sha256` and pycryptodome `keccak.new(digest_bits=256)`.
let generatedVectors: [(Int, String, String)] = [
    (1, "084fed08b978af4d7d196a7446a86b58009e636b611db16211b65a9aadff29c5", "69c322e3248a5dfc29d73c5b0553b0185a35cd5bb6386747517ef7e53b15e287"),
    (55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b", "152cc5298108a3ec3a26e0c5aead9c2770c184a6bdf87eb087716b185c8e2238"),
    (56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27", "515efa1a7d43f655443dff20ec3f7e75e2af9ec2415ca813d21d0918a0e70fa2"),
    (63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055", "48d8e506b57c81c8257a8e1da7f04610191ef05bf96fa9dc4fb9bca39bbed2c6"),
    (64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241", "0251cf13aa5b18f1cbda7cddbe85f3dc536fc93df590c2d20ca9b28af1ed2c39"),
    (65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e", "b3ee368701a0d7056be60b0a489e173d9dc8621640d734693858e846d30c3f65"),
    (119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e", "6bd3dba8f28ba838e19fdee3665bd85c803c09083865f1a6819593d399eb8239"),
    (135, "357ebb96ceaad098f322cd545ff898c7948507845a63c727fcf6b27ff37ceac4", "00ef96af9cf4b24c7f269d922294444a197d0a33638c2e56634c57e892103a8f"),
    (136, "cafc3beeb530a50bb73465c4593bac4fd06a74a4f5203ec651e858aa03024be7", "742061bcad767ed4c4f5883b1dcb1aad11afdcc140dc469d953759b127b9f9ed"),
    (137, "c9eb70663c864e694427f52c8119b3540200d9d3ef2921bfbc6efa11e48bb17b", "e3371f61e770abf254c34239c3b0099ad90594507415bc81dd0a10b9692bbf2a"),
    (200, "2c7e18c942ef065b526a2d4e5546283749cd3ddfb51d8fc71f42717363685f46", "66d2cdf3ab4c5bd3c75add9b60b14ac5b7789534fa2da3f348853b847359a3a0"),
    (1000, "1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371", "80cdc8dd52cbb3dbaea8f383209893fa2bb52efbd5aedbb4b26dcfe307fcdc9b"),
]

@Suite("SHA-256")
struct SHA256Tests {
    /// FIPS 180-4 / NIST CSRC example vectors.
    @Test func matchesNISTVectors() {
        #expect(hex(SHA256.hash([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(hex(SHA256.hash(Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8))) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        #expect(hex(SHA256.hash([UInt8](repeating: 0x61, count: 1_000_000))) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func matchesPythonHashlibAcrossBlockBoundaries() {
        for (length, sha, _) in generatedVectors {
            #expect(hex(SHA256.hash(patternMessage(length))) == sha, "length \(length)")
        }
    }

    @Test func incrementalUpdatesEqualOneShot() {
        let message = patternMessage(1000)
        var hasher = SHA256()
        var offset = 0
        for chunk in [1, 63, 64, 7, 200, 65] {
            hasher.update(Array(message[offset..<(offset + chunk)]))
            offset += chunk
        }
        hasher.update(message[offset...])  // the Sequence overload
        #expect(hasher.finalize() == SHA256.hash(message))
    }

    @Test func rawCompressionOfPaddedBlockGivesDigest() {
        // "abc" padded to one block: 61 62 63 80 00… 00 18.
        var block = [UInt8](repeating: 0, count: 64)
        block[0] = 0x61; block[1] = 0x62; block[2] = 0x63; block[3] = 0x80; block[63] = 0x18
        var state = SHA256.initialState
        SHA256.compress(&state, bytes: block)
        #expect(state == [0xba78_16bf, 0x8f01_cfea, 0x4141_40de, 0x5dae_2223, 0xb003_61a3, 0x9617_7a9c, 0xb410_ff61, 0xf200_15ad])
        var words = [UInt32](repeating: 0, count: 16)
        words[0] = 0x6162_6380; words[15] = 0x18
        var state2 = SHA256.initialState
        SHA256.compress(&state2, block: words)
        #expect(state2 == state)
    }
}

@Suite("Keccak-256")
struct Keccak256Tests {
    @Test func matchesEthereumVectors() {
        #expect(hex(Keccak256.hash([])) == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        #expect(hex(Keccak256.hash(Array("abc".utf8))) == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
        // keccak256("transfer(address,uint256)") starts with the ERC-20 selector a9059cbb.
        #expect(hex(Keccak256.hash(Array("transfer(address,uint256)".utf8))).hasPrefix("a9059cbb"))
    }

    @Test func matchesPycryptodomeAcrossBlockBoundaries() {
        for (length, _, keccak) in generatedVectors {
            #expect(hex(Keccak256.hash(patternMessage(length))) == keccak, "length \(length)")
        }
    }

    @Test func incrementalUpdatesEqualOneShot() {
        let message = patternMessage(1000)
        var hasher = Keccak256()
        var offset = 0
        for chunk in [1, 135, 136, 2, 300] {
            hasher.update(Array(message[offset..<(offset + chunk)]))
            offset += chunk
        }
        hasher.update(Array(message[offset...]))
        #expect(hasher.finalize() == Keccak256.hash(message))
    }
}

@Suite("Poseidon2")
struct Poseidon2Tests {
    /// Plonky3 `baby-bear/src/poseidon2.rs`, `test_default_babybear_poseidon2_width_16`.
    @Test func width16MatchesPlonky3DefaultVector() {
        let input: [UInt32] = [
            894848333, 1437655012, 1200606629, 1690012884, 71131202, 1749206695, 1717947831,
            120589055, 19776022, 42382981, 1831865506, 724844064, 171220207, 1299207443,
            227047920, 1783754913,
        ]
        let expected: [UInt32] = [
            516096821, 90309867, 1101817252, 1660784290, 360715097, 1789519026, 1788910906,
            563338433, 319524748, 1741414159, 1650859320, 894311162, 1121347488, 1692793758,
            1052633829, 1344246938,
        ]
        #expect(Poseidon2.babyBear16.permuted(input.map { BabyBear($0) }).map(\.value) == expected)
    }

    /// Plonky3 `baby-bear/src/poseidon2.rs`, `test_default_babybear_poseidon2_width_24`.
    @Test func width24MatchesPlonky3DefaultVector() {
        let input: [UInt32] = [
            886409618, 1327899896, 1902407911, 591953491, 648428576, 1844789031, 1198336108,
            355597330, 1799586834, 59617783, 790334801, 1968791836, 559272107, 31054313,
            1042221543, 474748436, 135686258, 263665994, 1962340735, 1741539604, 2026927696,
            449439011, 1131357108, 50869465,
        ]
        let expected: [UInt32] = [
            882297297, 1264077610, 512812497, 782602970, 867738552, 1251075457, 309180082,
            340784773, 524041877, 351272188, 404451680, 15001466, 322926653, 1773004150,
            1718440818, 674682955, 1154713225, 1719133502, 324232301, 1005243141, 443371079,
            268735940, 770060019, 718377682,
        ]
        #expect(Poseidon2.babyBear24.permuted(input.map { BabyBear($0) }).map(\.value) == expected)
    }

    @Test func spongeAndCompressionAreDeterministicAndSensitive() {
        let row = (0..<20).map { BabyBear(UInt32($0)) }
        let digest = Poseidon2Hasher.hash(row)
        #expect(digest == Poseidon2Hasher.hash(row))
        var changed = row
        changed[19] = changed[19] + .one
        #expect(Poseidon2Hasher.hash(changed) != digest)
        #expect(Poseidon2Hasher.hash([BabyBear]()) == .zero)
        let other = Poseidon2Hasher.hash(changed)
        #expect(Poseidon2Hasher.compress(digest, other) != Poseidon2Hasher.compress(other, digest))
        // The sponge on ≤ 8 elements is one permutation of the zero-padded state.
        let short = (1...8).map { BabyBear(UInt32($0)) }
        #expect(Poseidon2Hasher.hash(short).elements == Array(Poseidon2.babyBear16.permuted(short + [BabyBear](repeating: .zero, count: 8)).prefix(8)))
    }
}
