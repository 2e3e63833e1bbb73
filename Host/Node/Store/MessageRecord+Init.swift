extension MessageRecord {
    /// For stores filled from outside the HTTP API: a prover imports the messages of a task a
    /// sequencer handed it over libp2p.
    public init(id: String, projectID: UInt64, projectVersion: String, clientID: String, data: [UInt8], receivedAt: Int64) {
        self.init(id: id, projectID: projectID, projectVersion: projectVersion, clientID: clientID, data: data, receivedAt: receivedAt, taskID: nil)
    }
}
