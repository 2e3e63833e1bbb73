import Foundation
import Logging
import SproutP2P
import Synchronization

// sprout-p2p-peer: a Swift libp2p host driven by JSON lines on stdin, for the interop tests
// (Tests/E2E/test_p2p_interop.py) and for measuring. It speaks the same commands as
// Tests/E2E/support/p2p_py_peer.py: dial, ping, identify, subscribe, publish, mesh, stats,
// quit; publish_task (a SignedTask; later taskStateLog messages for it are verified); and bench_dial, bench_publish, bench_receive for Benchmarks/p2p/bench_p2p.py. Each answer is one JSON line on stdout.

func emit(_ object: [String: Any]) {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
    FileHandle.standardOutput.write(data + [0x0a])
}

func microseconds(_ d: Duration) -> Int {
    Int(d.components.seconds) * 1_000_000 + Int(d.components.attoseconds / 1_000_000_000_000)
}

LoggingSystem.bootstrap { label in
    var h = StreamLogHandler.standardError(label: label)
    h.logLevel = ProcessInfo.processInfo.environment["SPROUT_P2P_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
    return h
}

let port = ProcessInfo.processInfo.environment["PEER_PORT"] ?? "0"
let host = P2PHost(key: PeerKey(), config: P2PConfig(listen: [try Multiaddr("/ip4/127.0.0.1/tcp/\(port)")]))
try await host.start()
emit(["event": "listening", "addr": host.listenAddrs[0].description, "peer": host.peerID.base58])

/// Tasks this peer signed and published, so that state messages can be checked against them.
final class TaskBook: Sendable {
    private let tasks = Mutex<[UInt64: SignedTask]>([:])
    func add(_ t: SignedTask) { tasks.withLock { $0[t.taskID] = t } }
    func task(_ id: UInt64) -> SignedTask? { tasks.withLock { $0[id] } }
}
let book = TaskBook()
var forwarders: [Task<Void, Never>] = []
while let line = readLine() {
    guard let data = line.data(using: .utf8), !line.isEmpty,
        let c = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any], let cmd = c["cmd"] as? String
    else { continue }
    do {
        switch cmd {
        case "quit":
            emit(["event": "bye"])
            forwarders.forEach { $0.cancel() }
            await host.stop()
            exit(0)
        case "dial":
            let clock = ContinuousClock()
            let start = clock.now
            let peer = try await host.connect(try Multiaddr(c["addr"] as? String ?? ""))
            emit(["event": "dialed", "peer": peer.base58, "ms": Double(microseconds(clock.now - start)) / 1000])
        case "ping":
            let rtt = try await host.ping(try PeerID(base58: c["peer"] as? String ?? ""))
            emit(["event": "ping", "ok": true, "rtt_us": microseconds(rtt)])
        case "identify":
            let info = try await host.identify(try PeerID(base58: c["peer"] as? String ?? ""))
            emit([
                "event": "identify", "agent": info.agentVersion, "protocols": info.protocols,
                "key_peer": info.publicKey?.peerID.base58 ?? "", "listen_addrs": info.listenAddrs.map(\.description),
            ])
        case "subscribe":
            let topic = c["topic"] as? String ?? ""
            let stream = host.pubsub.subscribe(topic)
            // Detached: the main actor is blocked in readLine().
            forwarders.append(
                Task.detached {
                    for await m in stream {
                        // A state message for a task we published is verified and reported.
                        if let state = try? SignedTaskState(payload: m.data) {
                            var report: [String: Any] = ["event": "state", "task_id": state.taskID, "state": state.state, "from": m.from.base58]
                            if let task = book.task(state.taskID) {
                                do {
                                    try state.verify(against: task)
                                    report["verified"] = true
                                } catch {
                                    report["verified"] = false
                                    report["error"] = "\(error)"
                                }
                            } else {
                                report["verified"] = false
                                report["error"] = "unknown task"
                            }
                            emit(report)
                            continue
                        }
                        emit([
                            "event": "message", "topic": m.topic, "from": m.from.base58,
                            "data": String(decoding: m.data, as: UTF8.self),
                            "seqno": m.seqno.map { String(format: "%02x", $0) }.joined(),
                        ])
                    }
                })
            emit(["event": "subscribed", "topic": topic])
        case "publish":
            try host.pubsub.publish(c["topic"] as? String ?? "", data: Array((c["data"] as? String ?? "").utf8))
            emit(["event": "published"])
        case "publish_task":
            let task = try SignedTask.make(
                taskID: UInt64(c["task_id"] as? Int ?? 0), projectID: UInt64(c["project_id"] as? Int ?? 0),
                projectVersion: c["project_version"] as? String ?? "0.1", data: c["data"] as? [String] ?? [],
                assignedProver: try PeerID(base58: c["prover"] as? String ?? ""), sequencerKey: host.key)
            book.add(task)
            try host.pubsub.publish(c["topic"] as? String ?? "", data: try task.payload())
            emit(["event": "task_published", "task_id": task.taskID])
        case "bench_publish":
            // Publishes `count` messages as fast as the router takes them; the receiver times arrival.
            let topic = c["topic"] as? String ?? ""
            let count = c["count"] as? Int ?? 0
            let clock = ContinuousClock()
            let start = clock.now
            for i in 0..<count { try host.pubsub.publish(topic, data: Array("bench-\(i)".utf8)) }
            emit(["event": "bench_published", "count": count, "us": microseconds(clock.now - start)])
        case "bench_dial":
            // Fresh hosts (new keys) dial `addr` one after another: TCP connect + Noise + Yamux.
            let target = try Multiaddr(c["addr"] as? String ?? "")
            let count = c["count"] as? Int ?? 10
            let clock = ContinuousClock()
            var samples: [Int] = []
            for _ in 0..<count {
                let dialer = P2PHost(key: PeerKey(), config: P2PConfig())
                let start = clock.now
                try await dialer.connect(target)
                samples.append(microseconds(clock.now - start))
                await dialer.stop()
            }
            samples.sort()
            emit(["event": "bench_dialed", "count": count, "min_us": samples.first ?? 0, "median_us": samples[samples.count / 2],
                  "p90_us": samples[samples.count * 9 / 10]])
        case "bench_receive":
            // Counts `count` messages on `topic` in the background and reports the span
            // between the first and the last (bounded by `timeout_s`).
            let topic = c["topic"] as? String ?? ""
            let count = c["count"] as? Int ?? 0
            let timeout = c["timeout_s"] as? Double ?? 60
            let stream = host.pubsub.subscribe(topic)
            forwarders.append(
                Task.detached {
                    let clock = ContinuousClock()
                    let deadline = clock.now + .milliseconds(Int(timeout * 1000))
                    let counter = Task {
                        var first: ContinuousClock.Instant?
                        var got = 0
                        for await _ in stream {
                            if first == nil { first = clock.now }
                            got += 1
                            if got == count { break }
                        }
                        return (first, got, clock.now)
                    }
                    let watchdog = Task {
                        try? await Task.sleep(until: deadline)
                        counter.cancel()
                    }
                    let (firstAt, received, lastAt) = await counter.value
                    watchdog.cancel()
                    emit(["event": "bench_received", "count": received,
                          "us": firstAt.map { microseconds(lastAt - $0) } ?? 0])
                })
            emit(["event": "subscribed", "topic": topic])
        case "mesh":
            emit(["event": "mesh", "peers": host.pubsub.mesh(c["topic"] as? String ?? "").map(\.base58).sorted()])
        case "stats":
            let s = host.pubsub.stats
            emit([
                "event": "stats", "published": s.published, "delivered": s.delivered, "forwarded": s.forwarded,
                "duplicates": s.duplicates, "invalid_signature": s.invalidSignature, "unsigned": s.unsigned,
                "oversized": s.oversized, "rejected_by_validator": s.rejectedByValidator,
            ])
        default:
            emit(["event": "error", "error": "unknown command \(cmd)"])
        }
    } catch {
        emit(["event": "error", "cmd": cmd, "error": "\(error)"])
    }
}
await host.stop()
