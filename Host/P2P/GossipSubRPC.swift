/// The pubsub RPC protobuf (`pubsub/pb/rpc.proto` of libp2p), hand-encoded.
///
///     RPC { repeated SubOpts subscriptions = 1; repeated Message publish = 2; ControlMessage control = 3; }
///     SubOpts { bool subscribe = 1; string topicid = 2; }
///     Message { bytes from = 1; bytes data = 2; bytes seqno = 3; string topic = 4; bytes signature = 5; bytes key = 6; }
///     ControlMessage { repeated ControlIHave ihave = 1; repeated ControlIWant iwant = 2;
///                      repeated ControlGraft graft = 3; repeated ControlPrune prune = 4; }
///     ControlIHave { string topicID = 1; repeated bytes messageIDs = 2; }
///     ControlIWant { repeated bytes messageIDs = 1; }
///     ControlGraft { string topicID = 1; }
///     ControlPrune { string topicID = 1; repeated PeerInfo peers = 2; uint64 backoff = 3; }
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

        var encoded: [UInt8] {
            var w = ProtoWriter()
            if let from { w.bytes(1, from) }
            if let data { w.bytes(2, data) }
            if let seqno { w.bytes(3, seqno) }
            w.string(4, topic)
            if let signature { w.bytes(5, signature) }
            if let key { w.bytes(6, key) }
            return w.bytes
        }

        init(from: [UInt8]?, data: [UInt8]?, seqno: [UInt8]?, topic: String, signature: [UInt8]? = nil, key: [UInt8]? = nil) {
            self.from = from
            self.data = data
            self.seqno = seqno
            self.topic = topic
            self.signature = signature
            self.key = key
        }

        init(decoding bytes: [UInt8]) throws {
            topic = ""
            var topics = 0
            for (field, value) in try ProtoReader.fields(bytes) {
                switch field {
                case 1: from = value.asBytes
                case 2: data = value.asBytes
                case 3: seqno = value.asBytes
                case 4:
                    topic = try value.asString(field: 4) ?? ""
                    topics += 1
                case 5: signature = value.asBytes
                case 6: key = value.asBytes
                default: break
                }
            }
            // Old peers could name several topics (`repeated string topicIDs = 4`); a signed
            // message over several topics cannot be re-encoded faithfully, so it is refused.
            guard topics == 1 else { throw ProtoError.truncated(offset: 0) }
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

        var encoded: [UInt8] {
            var w = ProtoWriter()
            for h in ihave {
                var m = ProtoWriter()
                m.string(1, h.topic)
                for id in h.ids { m.bytes(2, id) }
                w.bytes(1, m.bytes)
            }
            if !iwant.isEmpty {
                var m = ProtoWriter()
                for id in iwant { m.bytes(1, id) }
                w.bytes(2, m.bytes)
            }
            for g in graft {
                var m = ProtoWriter()
                m.string(1, g)
                w.bytes(3, m.bytes)
            }
            for p in prune {
                var m = ProtoWriter()
                m.string(1, p.topic)
                if let b = p.backoffSeconds { m.varint(3, b) }
                w.bytes(4, m.bytes)
            }
            return w.bytes
        }

        init() {}

        init(decoding bytes: [UInt8]) throws {
            for (field, value) in try ProtoReader.fields(bytes) {
                guard let sub = value.asBytes else { continue }
                let inner = try ProtoReader.fields(sub)
                switch field {
                case 1:
                    var topic = ""
                    var ids: [[UInt8]] = []
                    for (f, v) in inner {
                        if f == 1 { topic = try v.asString(field: 1) ?? "" }
                        if f == 2, let b = v.asBytes { ids.append(b) }
                    }
                    ihave.append((topic, ids))
                case 2:
                    for (f, v) in inner where f == 1 { if let b = v.asBytes { iwant.append(b) } }
                case 3:
                    for (f, v) in inner where f == 1 { if let t = try v.asString(field: 1) { graft.append(t) } }
                case 4:
                    var p = Prune(topic: "", backoffSeconds: nil)
                    for (f, v) in inner {
                        if f == 1 { p.topic = try v.asString(field: 1) ?? "" }
                        if f == 3 { p.backoffSeconds = v.asVarint }
                    }
                    prune.append(p)
                default: break
                }
            }
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
        var w = ProtoWriter()
        for s in subscriptions {
            var m = ProtoWriter()
            m.bool(1, s.subscribe)
            m.string(2, s.topic)
            w.bytes(1, m.bytes)
        }
        for p in publish { w.bytes(2, p.encoded) }
        if let control, !control.isEmpty { w.bytes(3, control.encoded) }
        return w.bytes
    }

    init(decoding bytes: [UInt8]) throws {
        for (field, value) in try ProtoReader.fields(bytes) {
            guard let sub = value.asBytes else { continue }
            switch field {
            case 1:
                var s = SubOpts(subscribe: false, topic: "")
                for (f, v) in try ProtoReader.fields(sub) {
                    if f == 1 { s.subscribe = (v.asVarint ?? 0) != 0 }
                    if f == 2 { s.topic = try v.asString(field: 2) ?? "" }
                }
                subscriptions.append(s)
            case 2: publish.append(try Message(decoding: sub))
            case 3: control = try Control(decoding: sub)
            default: break
            }
        }
    }
}
