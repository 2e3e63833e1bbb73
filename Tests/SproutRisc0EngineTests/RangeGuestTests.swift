import Foundation
import SproutPluginKit
@testable import SproutRisc0Engine
import Testing

/// Sprout's project 10000: the range guest built with risc0-zkvm 0.20.1.
@Suite struct RangeGuestTests {
    static let rangeID: [UInt32] = [744658146, 1172600387, 1529917447, 3709016127, 2091269344, 3457353060, 1066068453, 1348104833]
    static let provable = "I know your private input is greater than 3 and less than 34, and I can prove it!"
    static let unprovable = "I know your private input is not greater than 3 or less than 34, and I can not prove it!"

    static func program() throws -> Risc0Program {
        let project = try SproutFixtures.project10000()
        return try Risc0Program(code: project.code, expParam: project.expParam)
    }

    static func data(_ privateInput: String, _ publicInput: String = "3,34") -> [UInt8] {
        Array("{\"private_input\":\"\(privateInput)\", \"public_input\":\"\(publicInput)\", \"receipt_type\":\"Stark\"}".utf8)
    }

    @Test func imageIDOfProject10000EqualsRangeID() throws {
        let program = try Self.program()
        #expect(program.imageIDWords == Self.rangeID)
        #expect(Risc0Digest.hex(program.identity) == "e294622c4376e44507b0305b3f1813dde03ca67c640513cee5e98a3f81725a50")
        #expect(Risc0Digest.hex(program.merkleRoot) == "b4945143697ef71942722f6fe18a518edda6194aa90af48103d11b8e56d6d793")
        #expect(program.image.entry == 0x2084a0)
    }

    @Test func stdinIsOneSerdeStringOfTheCompactJSONArray() throws {
        let stdin = try Risc0Input.stdin(for: [Self.data("14")])
        #expect(stdin.count == 92)
        #expect(Risc0Digest.hex(Array(stdin.prefix(8))) == "550000005b227b5c")
        #expect(Array(stdin.suffix(3)) == [0, 0, 0])
        let text = try Risc0Input.jsonArray([Array("a\"b\\c\n\u{1}é".utf8), Array("x".utf8)])
        #expect(String(decoding: text, as: UTF8.self) == "[\"a\\\"b\\\\c\\n\\u0001é\",\"x\"]")
    }

    @Test func provableInputCommitsTheProvableSentence() throws {
        let program = try Self.program()
        let session = try program.run(program.environment(for: [Self.data("14")], randomness: .seeded(1)))
        #expect(session.exit == .halted(0))
        #expect(Risc0ExecutionResult.journalText(session.journal) == Self.provable)
        #expect(Risc0Digest.hex(session.journal) == "5100000049206b6e6f7720796f7572207072697661746520696e7075742069732067726561746572207468616e203320616e64206c657373207468616e2033342c20616e6420492063616e2070726f766520697421000000")
        #expect(Risc0Digest.hex(session.outputDigest) == "74754aa64b646dd925c471cb35290728a7bd092a6def28dd9ec6cee16df7b885")
        #expect(session.haltPC == 0x209be4)
        #expect(session.instructions == 12_733)
        #expect(session.cycles == 13_879)
        #expect(session.ecalls.sha == 5)
        #expect(session.ecalls.syscalls == ["SYS_RANDOM": 1, "SYS_READ": 3, "SYS_WRITE": 3])
        #expect(session.record.randomWords.count == 4)
        let claim = Risc0ExecutionResult.claimDigest(imageID: program.identity, merkleRoot: program.merkleRoot, session: session)
        #expect(Risc0Digest.hex(claim) == "b1e02df472faa70745bec022a06b191a63e133359dca5b0e27d6ef99821f6397")
    }

    @Test func privateInputTwoCommitsTheOtherSentence() throws {
        let program = try Self.program()
        let session = try program.run(program.environment(for: [Self.data("2")]))
        #expect(session.exit == .halted(0))
        #expect(Risc0ExecutionResult.journalText(session.journal) == Self.unprovable)
        #expect(session.journal.count == 92)
        #expect(session.instructions == 12_571)
        #expect(session.cycles == 13_703)
        let claim = Risc0ExecutionResult.claimDigest(imageID: program.identity, merkleRoot: program.merkleRoot, session: session)
        #expect(Risc0Digest.hex(claim) == "cd23cacf409bedd40ca83b636076e6ada4b708fc6aca6a4679e40a7914a212f3")
    }

    @Test func malformedPublicInputLogsAndCommitsZeros() throws {
        let program = try Self.program()
        let session = try program.run(program.environment(for: [Self.data("14", "3,x")]))
        #expect(session.logs == ["public input parse error, Error: ParseIntError { kind: InvalidDigit }"])
        #expect(Risc0ExecutionResult.journalText(session.journal) == "I know your private input is not greater than 0 or less than 0, and I can not prove it!")
        #expect(session.cycles == 14_846)
    }

    @Test func emptyStdinPanicsWithTheDeserializeError() throws {
        let program = try Self.program()
        #expect {
            _ = try program.run(Risc0HostEnvironment())
        } throws: { error in
            guard let trap = error as? Risc0Trap, case .guestPanicked(let message) = trap.kind else { return false }
            return message.contains("DeserializeUnexpectedEnd")
        }
    }

    @Test func replayWithTheRecordRepeatsTheRun() throws {
        let program = try Self.program()
        let first = try program.run(program.environment(for: [Self.data("14")]))
        let again = try program.run(first.record.replayEnvironment)
        #expect(again.journal == first.journal)
        #expect(again.cycles == first.cycles)
        #expect(again.registers == first.registers)
        #expect(again.record == first.record)
    }
}
