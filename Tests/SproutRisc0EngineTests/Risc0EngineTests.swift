import Foundation
@testable import SproutRisc0Engine
import SproutPluginKit
import Testing

/// The engine as the host sees it: descriptor, program creation, execute results and errors.
@Suite struct Risc0EngineTests {
    let engine = Risc0Engine(host: .detached)

    func execute(_ program: any EngineProgram, _ datas: [String]) throws(EngineError) -> [String: Any] {
        let bytes = try program.execute(inputs: datas.map { Array($0.utf8) }, call: .none)
        return (try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]) ?? [:]
    }

    @Test func descriptorNamesTheEngine() {
        let descriptor = Risc0Engine.descriptor
        #expect(descriptor.name == "sprout-risc0")
        #expect(descriptor.vmTypes == ["risc0"])
        #expect(descriptor.programFormats == ["elf-rv32im", "sprout-methods-rs"])
        #expect(descriptor.capabilities == [.execute, .prove, .verify])
    }

    @Test func project10000ExecutesToTheProvableJournal() throws {
        let project = try SproutFixtures.project10000()
        let program = try engine.makeProgram(code: project.code, expParam: project.expParam)
        #expect(Risc0Digest.words(program.identity) == RangeGuestTests.rangeID)
        let result = try execute(program, [String(decoding: RangeGuestTests.data("14"), as: UTF8.self)])
        #expect(result["journalText"] as? String == RangeGuestTests.provable)
        #expect((result["journal"] as? String)?.hasPrefix("51000000") == true)
        #expect(result["imageId"] as? String == "e294622c4376e44507b0305b3f1813dde03ca67c640513cee5e98a3f81725a50")
        #expect(result["imageIdWords"] as? [Int] == RangeGuestTests.rangeID.map(Int.init))
        #expect((result["exit"] as? [String: Any])?["code"] as? Int == 0)
        #expect(result["cycles"] as? Int == 13_879)
        #expect(result["receiptType"] as? String == "Stark")
        #expect(result["journalDigest"] as? String == "efc291907b53eb9abc5806b9904cdd0898e9c400d3049e5964d0eb9bd3a6b7e1")
        #expect(result["claimDigest"] as? String == "b1e02df472faa70745bec022a06b191a63e133359dca5b0e27d6ef99821f6397")
        let other = try execute(program, [String(decoding: RangeGuestTests.data("2"), as: UTF8.self)])
        #expect(other["journalText"] as? String == RangeGuestTests.unprovable)
    }

    @Test func project10000RejectsBadInputsAndLimits() throws {
        let project = try SproutFixtures.project10000()
        let program = try engine.makeProgram(code: project.code, expParam: project.expParam)
        #expect { try execute(program, ["not json"]) } throws: { error in
            let error = error as! EngineError
            return error.status == .executionFailed && error.message.contains("Guest panicked")
        }
        #expect { try execute(program, []) } throws: { ($0 as! EngineError).status == .invalidInput }
        let tight = try engine.makeProgram(code: project.code, expParam: #"{"image_id":"RANGE_ID", "elf":"RANGE_ELF", "cycle_limit": 1000}"#)
        #expect { try execute(tight, [String(decoding: RangeGuestTests.data("14"), as: UTF8.self)]) } throws: { error in
            let error = error as! EngineError
            return error.status == .resourceLimit && error.message.contains("cycle limit of 1000") && error.message.contains("pc 0x")
        }
        #expect { try engine.makeProgram(code: project.code, expParam: "") } throws: { error in
            let error = error as! EngineError
            return error.status == .invalidArgument && error.message.contains("need exp_param")
        }
    }

    @Test func nonZeroExitCodeFailsTheTask() throws {
        let program = try engine.makeProgram(code: TestElf(code: RV.halt(code: 42)).bytes, expParam: "")
        #expect { try execute(program, ["{}"]) } throws: { error in
            let error = error as! EngineError
            return error.status == .executionFailed && error.message.contains("exit code 42")
        }
        let ok = try engine.makeProgram(code: TestElf(code: RV.halt()).bytes, expParam: "")
        let result = try execute(ok, ["{}"])
        #expect(result["journal"] as? String == "")
        #expect(result["mode"] as? String == "execute")
    }

    @Test func badProgramsAreInvalidProgramErrors() throws {
        var rv64 = TestElf(code: RV.halt())
        rv64.elfClass = 2
        for code in [rv64.bytes, Array(TestElf(code: RV.halt()).bytes.prefix(40)), [0xff, 0xfe, 0x00, 0x01, 0x80]] {
            #expect { try engine.makeProgram(code: code, expParam: "") } throws: { ($0 as! EngineError).status == .invalidProgram }
        }
    }

    @Test func rvcInstructionAtRunTimeIsAClearError() throws {
        let program = try engine.makeProgram(code: TestElf(code: [0x0001_4501] + RV.halt()).bytes, expParam: "")
        #expect { try execute(program, ["{}"]) } throws: { error in
            let error = error as! EngineError
            return error.status == .executionFailed && error.message.contains("compressed (RVC)") && error.message.contains("pc 0x200800")
        }
    }

    @Test func nonUTF8DataIsAnInvalidInput() throws {
        let program = try engine.makeProgram(code: TestElf(code: RV.halt()).bytes, expParam: "")
        #expect { try program.execute(inputs: [[0xff, 0xfe]], call: .none) } throws: { error in
            let error = error as! EngineError
            return error.status == .invalidInput && error.message.contains("not UTF-8")
        }
    }

    @Test func cancellationStopsALongRun() throws {
        let program = try Risc0Program(code: TestElf(code: [RV.jal(RV.zero, 0)]).bytes, expParam: "")
        #expect {
            _ = try program.run(Risc0HostEnvironment(), isCancelled: { true })
        } throws: { error in
            (error as? Risc0Trap)?.kind == .cancelled
        }
    }
}
