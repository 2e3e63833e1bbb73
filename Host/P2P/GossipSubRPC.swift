import Foundation
import SwiftProtobuf

/// The pubsub RPC of libp2p, as the node's GossipSub logic uses it. The wire format is the
/// generated `PBRPC` (Proto/rpc.proto); these value types keep the router independent of it.
/// Fields are written in field-number order, which is what other implementations produce and
/// what signatures over re-encoded messages rely on.
struct PubSubRPC: Sendable, Equatable {
    struct SubOpts: Sendable, Equatable {
        var subscribe: Bool
        var topic: String
    }

    struct Message: Sendable, Equatable {
        var from: [UInt8]?
        var data: [UInt8]?
        var seqno: [UInt8]?
        var topic: String
        var signature: [UInt8]?
        var key: [UInt8]?

        /// The bytes a StrictSign signature covers: the message without signature and key,
        /// prefixed by "libp2p-pubsub:".
        var signedBytes: [UInt8] {
            var copy = self
            copy.signature = nil
            copy.key = nil
            return Array("libp2p-pubsub:".utf8) + copy.encoded
        }

        var proto: PBMessage {
            var m = PBMessage()
            if let from { m.from = Data(from) }
            if let data { m.data = Data(data) }
            if let seqno { m.seqno = Data(seqno) }
            m.topic = topic
            if let signature { m.signature = Data(signature) }
            if let key { m.key = Data(key) }
            return m
        }

        var encoded: [UInt8] { proto.wireBytes }

        init(from: [UInt8]?, data: [UInt8]?, seqno: [UInt8]?, topic: String, signature: [UInt8]? = nil, key: [UInt8]? = nil) {
            self.from = from
            self.data = data
            self.seqno = seqno
            self.topic = topic
            self.signature = signature
            self.key = key
        }

        /// Unknown fields are dropped: the signature is checked over the re-encoding of the
        /// fields we know. A message from an old peer naming several topics (`repeated string
        /// topicIDs = 4`) keeps the last one, so its signature check fails; one naming none is
        /// refused by the decoder (`topic` is required).
        init(_ m: PBMessage) {
            from = m.hasFrom ? Array(m.from) : nil
            data = m.hasData ? Array(m.data) : nil
            seqno = m.hasSeqno ? Array(m.seqno) : nil
            topic = m.topic
            signature = m.hasSignature ? Array(m.signature) : nil
            key = m.hasKey ? Array(m.key) : nil
        }
    }

    struct Prune: Sendable, Equatable {
        var topic: String
        var backoffSeconds: UInt64?
    }

    struct Control: Sendable, Equatable {
        var ihave: [(topic: String, ids: [[UInt8]])] = []
        var iwant: [[UInt8]] = []
        var graft: [String] = []
        var prune: [Prune] = []

        var isEmpty: Bool { ihave.isEmpty && iwant.isEmpty && graft.isEmpty && prune.isEmpty }

        static func == (a: Control, b: Control) -> Bool {
            a.ihave.map { $0.topic } == b.ihave.map { $0.topic } && a.ihave.map { $0.ids } == b.ihave.map { $0.ids }
                && a.iwant == b.iwant && a.graft == b.graft && a.prune == b.prune
        }

        var proto: PBControlMessage {
            var c = PBControlMessage()
            c.ihave = ihave.map { h in
                var m = PBControlIHave()
                m.topicID = h.topic
                m.messageIds = h.ids.map { Data($0) }
                return m
            }
            if !iwant.isEmpty {
                var m = PBControlIWant()
                m.messageIds = iwant.map { Data($0) }
                c.iwant = [m]
            }
            c.graft = graft.map { g in
                var m = PBControlGraft()
                m.topicID = g
                return m
            }
            c.prune = prune.map { p in
                var m = PBControlPrune()
                m.topicID = p.topic
                if let b = p.backoffSeconds { m.backoff = b }
                return m
            }
            return c
        }

        init() {}

        /// PRUNE's peer exchange records (`peers`) are not used: this node dials only the
        /// peers it is configured with.
        init(_ c: PBControlMessage) {
            ihave = c.ihave.map { ($0.topicID, $0.messageIds.map { Array($0) }) }
            iwant = c.iwant.flatMap { $0.messageIds.map { Array($0) } }
            graft = c.graft.map { $0.topicID }
            prune = c.prune.map { Prune(topic: $0.topicID, backoffSeconds: $0.hasBackoff ? $0.backoff : nil) }
        }
    }

    var subscriptions: [SubOpts] = []
    var publish: [Message] = []
    var control: Control?

    init(subscriptions: [SubOpts] = [], publish: [Message] = [], control: Control? = nil) {
        self.subscriptions = subscriptions
        self.publish = publish
        self.control = control
    }

    var encoded: [UInt8] {
        var rpc = PBRPC()
        rpc.subscriptions = subscriptions.map { s in
            var m = PBRPC.SubOpts()
            m.subscribe = s.subscribe
            m.topicid = s.topic
            return m
        }
        rpc.publish = publish.map { $0.proto }
        if let control, !control.isEmpty { rpc.control = control.proto }
        return rpc.wireBytes
    }

    /// Throws on malformed protobuf (truncation, bad wire types, invalid UTF-8, a message
    /// without its required topic); unknown fields are skipped.
    init(decoding bytes: [UInt8]) throws {
        let rpc = try PBRPC(serializedBytes: bytes)
        subscriptions = rpc.subscriptions.map { SubOpts(subscribe: $0.subscribe, topic: $0.topicid) }
        publish = rpc.publish.map { Message($0) }
        control = rpc.hasControl ? Control(rpc.control) : nil
    }
}
