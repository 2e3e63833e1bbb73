import Foundation

/// What a prover publishes on ``ProverAnnouncement/topic`` every few seconds: the engines it
/// can run. The pubsub signature (StrictSign) proves `from`; the announcement must name the
/// same peer, so one peer cannot announce another.
struct ProverAnnouncement: Codable, Sendable, Equatable {
    static let topic = "sprout-provers"

    var prover: String
    var vmTypes: [String]

    func payload() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(["proverAnnouncement": self]))
    }

    init(prover: String, vmTypes: [String]) {
        self.prover = prover
        self.vmTypes = vmTypes
    }

    init(payload: [UInt8]) throws {
        let wrapper = try JSONDecoder().decode([String: ProverAnnouncement].self, from: Data(payload))
        guard let announcement = wrapper["proverAnnouncement"] else { throw DecodingError.valueNotFound(ProverAnnouncement.self, .init(codingPath: [], debugDescription: "no \"proverAnnouncement\" key")) }
        self = announcement
    }
}
