import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// The worker side of isolation mode: `sprout engine-worker --plugin FILE` loads one plugin and
/// serves the node's requests on stdin/stdout until stdin closes.
public enum EngineWorker {
    public static func serve(pluginPath: String) -> Int32 {
        // The protocol owns the original stdout; anything the plugin prints goes to stderr so it
        // cannot corrupt a frame.
        let protocolOutput = dup(STDOUT_FILENO)
        dup2(STDERR_FILENO, STDOUT_FILENO)
        let channel = FrameChannel(input: STDIN_FILENO, output: protocolOutput)
        let library: PluginLibrary
        do {
            library = try PluginLibrary(path: pluginPath, logger: Logger(label: "sprout.engine-worker"))
        } catch {
            // Answer the first request with the reason, so the node can show it.
            _ = try? channel.receive(deadline: nil)
            try? channel.send(WorkerFrame(.reply, status: PluginStatus.invalidProgram.rawValue, fields: [Array(error.description.utf8)]))
            return 1
        }
        var programs: [UInt64: any EngineProgram] = [:]
        while true {
            let request: WorkerFrame
            do {
                request = try channel.receive(deadline: nil)
            } catch {
                return 0  // the node closed the pipe or went away
            }
            let reply: WorkerFrame
            do throws(EngineCallError) {
                reply = WorkerFrame(.reply, fields: try handle(request, library: library, programs: &programs, channel: channel))
            } catch {
                reply = WorkerFrame(.reply, status: error.status.rawValue, fields: [Array(error.message.utf8)])
            }
            do { try channel.send(reply) } catch { return 0 }
        }
    }

    private static func handle(
        _ request: WorkerFrame, library: PluginLibrary, programs: inout [UInt64: any EngineProgram], channel: FrameChannel
    ) throws(EngineCallError) -> [[UInt8]] {
        let control = CallControl { phase, fraction in
            try? channel.send(WorkerFrame(.progress, fields: [Array(phase.utf8), Array(String(fraction).utf8)]))
        }
        func program() throws(EngineCallError) -> any EngineProgram {
            guard let program = programs[request.program] else {
                throw EngineCallError(.invalidArgument, "the worker has no program \(request.program)")
            }
            return program
        }
        switch request.opcode {
        case .describe:
            return [Array((try? JSONEncoder().encode(library.info)) ?? Data())]
        case .createProgram:
            guard request.fields.count == 2 else { throw EngineCallError(.invalidArgument, "createProgram needs code and expParam") }
            programs[request.program] = try library.createProgram(code: request.fields[0], expParam: String(decoding: request.fields[1], as: UTF8.self))
            return []
        case .identity:
            return [try program().identity()]
        case .execute:
            return [try program().execute(inputs: request.fields, control: control)]
        case .prove:
            return [try program().prove(inputs: request.fields, control: control)]
        case .verify:
            guard request.fields.count == 1 else { throw EngineCallError(.invalidArgument, "verify needs one receipt") }
            return [try program().verify(receipt: request.fields[0], control: control)]
        case .destroyProgram:
            programs[request.program] = nil
            return []
        case .progress, .reply:
            throw EngineCallError(.invalidArgument, "the node sent a worker-only frame \(request.opcode)")
        }
    }
}
