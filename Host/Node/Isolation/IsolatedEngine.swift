import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// An engine plugin running in a `sprout engine-worker` child process.
///
/// A crash (segfault, abort, trap), or a call past its deadline, kills only the worker: that
/// call fails with `worker-failed` and a reason, and the next call starts a fresh worker and
/// re-creates the programs it needs from the code the node kept. Calls through one worker are
/// serialized.
public final class IsolatedEngine: EngineBackend, Sendable {
    public let info: PluginInfo
    let pluginPath: String
    let settings: IsolationSettings

    private struct Worker {
        let process: Process
        let channel: FrameChannel
        /// Own the descriptors the channel uses: a FileHandle closes its descriptor when freed.
        let toWorker: Pipe
        let fromWorker: Pipe
        var createdPrograms: Set<UInt64> = []
    }

    private struct State {
        var worker: Worker?
        var programs: [UInt64: (code: [UInt8], expParam: String)] = [:]
        var nextProgram: UInt64 = 1
        var restarts = 0
    }

    private let state = Mutex(State())

    init(pluginPath: String, info: PluginInfo, settings: IsolationSettings) {
        self.pluginPath = pluginPath
        self.info = info
        self.settings = settings
        // A write to a worker that just died must fail with EPIPE, not kill the node.
        signal(SIGPIPE, SIG_IGN)
    }

    /// Starts a worker for the plugin at `path` and reads its descriptor through it, so that
    /// the plugin is never loaded into this process.
    public convenience init(pluginPath: String, settings: IsolationSettings) throws(PluginLoadError) {
        let probe = IsolatedEngine(pluginPath: pluginPath, info: PluginInfo.placeholder, settings: settings)
        let infoBytes: [UInt8]
        do {
            infoBytes = try probe.call(WorkerFrame(.describe), control: CallControl())[0]
        } catch {
            throw .refused(path: pluginPath, status: error.status.name, reason: error.message)
        }
        guard let info = try? JSONDecoder().decode(PluginInfo.self, from: Data(infoBytes)) else {
            throw .badDescriptor(path: pluginPath, reason: "the worker sent an unreadable descriptor")
        }
        self.init(pluginPath: pluginPath, info: info, settings: settings)
    }

    deinit {
        state.withLock { state in
            if let worker = state.worker { Self.stop(worker) }
        }
    }

    /// How many times a worker had to be replaced after a crash or deadline.
    public var restarts: Int { state.withLock { $0.restarts } }

    public func createProgram(code: [UInt8], expParam: String) throws(EngineCallError) -> any EngineProgram {
        let id = state.withLock { state in
            defer { state.nextProgram += 1 }
            state.programs[state.nextProgram] = (code, expParam)
            return state.nextProgram
        }
        do {
            _ = try call(WorkerFrame(.identity, program: id), control: CallControl())
        } catch {
            state.withLock { _ = $0.programs.removeValue(forKey: id) }
            throw error
        }
        return IsolatedProgram(engine: self, id: id)
    }

    func forget(program id: UInt64) {
        state.withLock { state in
            state.programs[id] = nil
            guard var worker = state.worker, worker.createdPrograms.remove(id) != nil else { return }
            try? worker.channel.send(WorkerFrame(.destroyProgram, program: id))
            _ = try? worker.channel.receive(deadline: .now + .seconds(5))
            state.worker = worker
        }
    }

    /// Sends one request and waits for its reply, restarting the worker as needed.
    func call(_ request: WorkerFrame, control: CallControl) throws(EngineCallError) -> [[UInt8]] {
        try state.withLock { state throws(EngineCallError) in
            var worker: Worker
            if let running = state.worker {
                worker = running
            } else {
                worker = try spawn()
                state.worker = worker
            }
            do throws(EngineCallError) {
                if request.program != 0, !worker.createdPrograms.contains(request.program) {
                    guard let program = state.programs[request.program] else {
                        throw EngineCallError(.invalidArgument, "program \(request.program) was destroyed")
                    }
                    _ = try exchange(
                        WorkerFrame(.createProgram, program: request.program, fields: [program.code, Array(program.expParam.utf8)]),
                        worker: worker, control: control)
                    worker.createdPrograms.insert(request.program)
                    state.worker = worker
                }
                return try exchange(request, worker: worker, control: control)
            } catch let error where error.status == .workerFailed || error.status == .cancelled {
                Self.stop(worker)
                state.worker = nil
                state.restarts += 1
                throw error
            }
        }
    }

    private func exchange(_ request: WorkerFrame, worker: Worker, control: CallControl) throws(EngineCallError) -> [[UInt8]] {
        let deadline = ContinuousClock.now + settings.callDeadline
        try channelStep(worker) { () throws(FrameChannel.Failure) in try worker.channel.send(request) }
        while true {
            // Wake at least every 50 ms to notice a cancellation.
            let slice = min(deadline, .now + .milliseconds(50))
            guard let frame = try channelStep(worker, { () throws(FrameChannel.Failure) in try worker.channel.receive(deadline: slice) }) else {
                if control.isCancelled { throw EngineCallError(.cancelled, "the call was cancelled; its worker was stopped") }
                if ContinuousClock.now >= deadline {
                    throw EngineCallError(.workerFailed, "the engine call passed its deadline of \(settings.callDeadline); the worker was killed and will restart")
                }
                continue
            }
            switch frame.opcode {
            case .progress where frame.fields.count == 2:
                control.report(String(decoding: frame.fields[0], as: UTF8.self), Double(String(decoding: frame.fields[1], as: UTF8.self)) ?? 0)
            case .reply:
                guard frame.status == 0 else {
                    throw EngineCallError(PluginStatus(rawValue: frame.status), String(decoding: frame.fields.first ?? [], as: UTF8.self))
                }
                return frame.fields
            default:
                throw EngineCallError(.workerFailed, "the worker sent an unexpected frame \(frame.opcode)")
            }
        }
    }

    /// Runs one channel operation; a passed deadline slice gives nil, a lost worker an error.
    @discardableResult
    private func channelStep<T>(_ worker: Worker, _ body: () throws(FrameChannel.Failure) -> T) throws(EngineCallError) -> T? {
        do {
            return try body()
        } catch {
            switch error {
            case .deadline:
                return nil
            case .closed:
                throw EngineCallError(.workerFailed, "the engine worker died during the call: \(Self.exitReason(worker.process)); it will restart for the next call")
            case .malformed(let reason):
                throw EngineCallError(.workerFailed, "the engine worker sent garbage (\(reason)); it will restart for the next call")
            case .io(let code):
                throw EngineCallError(.workerFailed, "lost the engine worker (errno \(code)); it will restart for the next call")
            }
        }
    }

    private func spawn() throws(EngineCallError) -> Worker {
        let process = Process()
        process.executableURL = settings.workerExecutable
        process.arguments = ["engine-worker", "--plugin", pluginPath]
        let toWorker = Pipe()
        let fromWorker = Pipe()
        process.standardInput = toWorker
        process.standardOutput = fromWorker
        do {
            try process.run()
        } catch {
            throw EngineCallError(.workerFailed, "cannot start \(settings.workerExecutable.path) engine-worker: \(error.localizedDescription)")
        }
        // The child has its copies; the parent's copies of the child's ends must go, or a dead
        // worker would never read as end-of-file.
        try? toWorker.fileHandleForReading.close()
        try? fromWorker.fileHandleForWriting.close()
        return Worker(
            process: process,
            channel: FrameChannel(input: fromWorker.fileHandleForReading.fileDescriptor, output: toWorker.fileHandleForWriting.fileDescriptor),
            toWorker: toWorker, fromWorker: fromWorker)
    }

    private static func stop(_ worker: Worker) {
        if worker.process.isRunning { kill(worker.process.processIdentifier, SIGKILL) }
        worker.process.waitUntilExit()
        try? worker.toWorker.fileHandleForWriting.close()
        try? worker.fromWorker.fileHandleForReading.close()
    }

    private static func exitReason(_ process: Process) -> String {
        process.waitUntilExit()
        switch process.terminationReason {
        case .uncaughtSignal:
            let signal = process.terminationStatus
            let name = [6: "SIGABRT", 9: "SIGKILL", 11: "SIGSEGV", 4: "SIGILL", 8: "SIGFPE", 7: "SIGBUS", 5: "SIGTRAP"][Int(signal)] ?? "signal \(signal)"
            return "killed by \(name)"
        default:
            return "exited with status \(process.terminationStatus)"
        }
    }
}

/// A program living in a worker process, addressed by id.
final class IsolatedProgram: EngineProgram {
    let engine: IsolatedEngine
    let id: UInt64

    init(engine: IsolatedEngine, id: UInt64) {
        self.engine = engine
        self.id = id
    }

    deinit { engine.forget(program: id) }

    func identity() throws(EngineCallError) -> [UInt8] {
        try engine.call(WorkerFrame(.identity, program: id), control: CallControl())[0]
    }

    func execute(inputs: [[UInt8]], control: CallControl) throws(EngineCallError) -> [UInt8] {
        try engine.call(WorkerFrame(.execute, program: id, fields: inputs), control: control)[0]
    }

    func prove(inputs: [[UInt8]], control: CallControl) throws(EngineCallError) -> [UInt8] {
        try engine.call(WorkerFrame(.prove, program: id, fields: inputs), control: control)[0]
    }

    func verify(receipt: [UInt8], control: CallControl) throws(EngineCallError) -> [UInt8] {
        try engine.call(WorkerFrame(.verify, program: id, fields: [receipt]), control: control)[0]
    }
}

extension PluginInfo {
    static let placeholder = PluginInfo(
        name: "", version: SemanticVersion(0, 0, 0), description: "", vmTypes: [], programFormats: [], capabilities: [], abiMajor: 0, abiMinor: 0)
}
