import Foundation

extension ConfigurationKey {
    /// Every setting of `sprout serve`, in the order the reference lists them.
    public static let all: [ConfigurationKey] = [
        ConfigurationKey("host", "Address the HTTP API listens on.", default: "127.0.0.1") { config, value throws(ConfigurationError) in
            config.host = value
        },
        ConfigurationKey("port", "Port of the HTTP API (sprout's sequencer used 9000).", default: "9000") { config, value throws(ConfigurationError) in
            config.port = try integer("port", value, minimum: 1)
        },
        ConfigurationKey(
            "database", "`sqlite:PATH` (one file, the default) or `postgres://USER:PASSWORD@HOST:PORT/DATABASE` to share work between nodes.",
            default: "sqlite:sprout-data/sprout.sqlite"
        ) { config, value throws(ConfigurationError) in
            do {
                config.database = try StoreLocation(value)
            } catch {
                throw ConfigurationError("database: \(error)")
            }
        },
        ConfigurationKey("projects.directory", "Directory of sprout project files (file name = project ID); watched for changes.", default: "") {
            config, value throws(ConfigurationError) in
            config.projectsDirectory = value.isEmpty ? nil : URL(fileURLWithPath: value)
        },
        ConfigurationKey(
            "projects.remote",
            "Projects fetched from a URL: a list of `ID=URL` or `ID=URL#sha256=HEX` (comma-separated in the environment); `ipfs://CID` URLs go through the gateway.",
            default: ""
        ) { config, value throws(ConfigurationError) in
            config.remoteProjects = []
            for item in value.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
                do {
                    config.remoteProjects.append(try RemoteProject(argument: item))
                } catch {
                    throw ConfigurationError("projects.remote: \(error)")
                }
            }
        },
        ConfigurationKey("projects.ipfsGateway", "HTTP gateway that serves `ipfs://` project addresses.", default: "https://ipfs.io") {
            config, value throws(ConfigurationError) in
            config.ipfsGateway = value
        },
        ConfigurationKey("projects.refreshSeconds", "How often remote project files are fetched again.", default: "60") {
            config, value throws(ConfigurationError) in
            config.remoteRefresh = try seconds("projects.refreshSeconds", value)
        },
        ConfigurationKey(
            "plugins.directory", "Directory of engine plugins (`*.so`), watched for hot reload.", default: "plugins.d", environment: "SPROUT_PLUGINS"
        ) {
            config, value throws(ConfigurationError) in
            config.pluginDirectories = [URL(fileURLWithPath: value)]
        },
        ConfigurationKey("plugins.isolated", "Run each engine in a worker process, so a crashing engine fails one call only.", default: "false") {
            config, value throws(ConfigurationError) in
            config.isolation = try flag("plugins.isolated", value) ? IsolationSettings(workerExecutable: IsolationSettings.currentExecutable) : nil
        },
        ConfigurationKey(
            "api.adminToken", "Bearer token of the `/admin/...` routes; empty disables them.", default: "", environment: "SPROUT_ADMIN_TOKEN"
        ) { config, value throws(ConfigurationError) in
            config.api.adminToken = value.isEmpty ? nil : value
        },
        ConfigurationKey("api.maxMessageBytes", "Largest `POST /message` body; larger ones get 413.", default: "1048576") {
            config, value throws(ConfigurationError) in
            config.api.maximumMessageBytes = try integer("api.maxMessageBytes", value, minimum: 1)
        },
        ConfigurationKey(
            "api.maxPendingPerProject", "Unfinished messages one project may have before `POST /message` answers 429; 0 = no limit.", default: "100000"
        ) { config, value throws(ConfigurationError) in
            config.api.limits.maximumPendingPerProject = try integer("api.maxPendingPerProject", value)
        },
        ConfigurationKey(
            "api.messagesPerSecondPerClient", "Sustained `POST /message` rate per client IP address before 429; 0 = no limit.", default: "0"
        ) { config, value throws(ConfigurationError) in
            config.api.limits.messagesPerSecondPerClient = try number("api.messagesPerSecondPerClient", value)
        },
        ConfigurationKey("api.burstPerClient", "Messages a client may send at once above its sustained rate.", default: "100") {
            config, value throws(ConfigurationError) in
            config.api.limits.burstPerClient = max(1, try number("api.burstPerClient", value))
        },
        ConfigurationKey(
            "pipeline.flushTimeoutSeconds", "A partial group of messages (fewer than the project's `aggregation.amount`) is packed after this wait.",
            default: "5"
        ) { config, value throws(ConfigurationError) in
            config.pipeline.flushTimeout = try seconds("pipeline.flushTimeoutSeconds", value)
        },
        ConfigurationKey("pipeline.provers", "Tasks proved at once; 0 makes a node that accepts and packs only.", default: "2") {
            config, value throws(ConfigurationError) in
            config.pipeline.proverConcurrency = try integer("pipeline.provers", value)
        },
        ConfigurationKey("pipeline.taskDeadlineSeconds", "A task still proving after this long is cancelled and fails.", default: "600") {
            config, value throws(ConfigurationError) in
            config.pipeline.taskDeadline = try seconds("pipeline.taskDeadlineSeconds", value)
        },
        ConfigurationKey("pipeline.maxAttempts", "Tries of a task whose engine failed transiently (a crashed worker).", default: "3") {
            config, value throws(ConfigurationError) in
            config.pipeline.maximumAttempts = try integer("pipeline.maxAttempts", value, minimum: 1)
        },
        ConfigurationKey("pipeline.retryBackoffSeconds", "Wait before the second try of a task; doubles each try.", default: "0.5") {
            config, value throws(ConfigurationError) in
            config.pipeline.retryBackoff = try seconds("pipeline.retryBackoffSeconds", value)
        },
        ConfigurationKey("pipeline.outputAttempts", "Tries of an output that can fail transiently (webhook) before the task fails.", default: "5") {
            config, value throws(ConfigurationError) in
            config.pipeline.outputAttempts = try integer("pipeline.outputAttempts", value, minimum: 1)
        },
        ConfigurationKey("pipeline.outputBackoffSeconds", "Wait before the second output try; doubles each try.", default: "0.5") {
            config, value throws(ConfigurationError) in
            config.pipeline.outputBackoff = try seconds("pipeline.outputBackoffSeconds", value)
        },
        ConfigurationKey(
            "cluster.nodeID", "This node's name in task leases, unique among nodes sharing a database; empty: `HOSTNAME:PORT`.", default: ""
        ) { config, value throws(ConfigurationError) in
            config.nodeID = value
        },
        ConfigurationKey(
            "cluster.leaseSeconds", "A claimed task stays this node's that long without renewal (renewed every third); then other nodes take it over.",
            default: "30"
        ) { config, value throws(ConfigurationError) in
            config.pipeline.leaseDuration = max(.milliseconds(300), try seconds("cluster.leaseSeconds", value))
        },
        ConfigurationKey("p2p.enabled", "Join the libp2p network: with `pipeline.provers` 0 a sequencer handing tasks out, else a prover.", default: "false") {
            config, value throws(ConfigurationError) in
            config.p2p.enabled = try flag("p2p.enabled", value)
        },
        ConfigurationKey("p2p.listen", "Multiaddrs the libp2p host listens on (a list).", default: "/ip4/0.0.0.0/tcp/4001") {
            config, value throws(ConfigurationError) in
            config.p2p.listen = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        },
        ConfigurationKey("p2p.bootstrap", "Peers to dial: a list of `/ip4/HOST/tcp/PORT/p2p/PEERID`.", default: "") {
            config, value throws(ConfigurationError) in
            config.p2p.bootstrap = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        },
        ConfigurationKey("p2p.keyFile", "The node's Ed25519 libp2p identity, made on first start and kept; it signs tasks and states.", default: "sprout-data/p2p.key") {
            config, value throws(ConfigurationError) in
            config.p2p.keyFile = value
        },
        ConfigurationKey("p2p.announceSeconds", "How often a prover announces its engines on the `sprout-provers` topic.", default: "1") {
            config, value throws(ConfigurationError) in
            config.p2p.announceInterval = max(.milliseconds(100), try seconds("p2p.announceSeconds", value))
        },
        ConfigurationKey(
            "p2p.assignTimeoutSeconds", "A sequencer gives a task to the next prover when its prover did not acknowledge it, or went silent, this long.",
            default: "10"
        ) { config, value throws(ConfigurationError) in
            config.p2p.assignmentTimeout = max(.milliseconds(300), try seconds("p2p.assignTimeoutSeconds", value))
        },
        ConfigurationKey(
            "ethereum.privateKey", "Key (64 hex digits) that signs `ethereumContract` outputs; never read from project files.", default: "",
            environment: "SPROUT_ETH_PRIVATE_KEY"
        ) { config, value throws(ConfigurationError) in
            config.pipeline.ethereum.privateKey = try EthereumOutputSettings.checkedKey(value)
        },
        ConfigurationKey("ethereum.confirmations", "Blocks that must include or follow an output's transaction before the task is `outputted`.", default: "1") {
            config, value throws(ConfigurationError) in
            config.pipeline.ethereum.confirmations = UInt64(try integer("ethereum.confirmations", value, minimum: 1))
        },
        ConfigurationKey("ethereum.bumpAfterSeconds", "An output transaction unmined this long is sent again with 20% higher fees.", default: "60") {
            config, value throws(ConfigurationError) in
            config.pipeline.ethereum.bumpAfter = try seconds("ethereum.bumpAfterSeconds", value)
        },
        ConfigurationKey("ethereum.receiptTimeoutSeconds", "Longest wait for one output transaction's receipt before the try fails.", default: "600") {
            config, value throws(ConfigurationError) in
            config.pipeline.ethereum.receiptTimeout = try seconds("ethereum.receiptTimeoutSeconds", value)
        },
        ConfigurationKey("registry.chainEndpoint", "JSON-RPC URL of the chain with sprout's project registry; empty: no registry.", default: "") {
            config, value throws(ConfigurationError) in
            config.registry.chainEndpoint = value
        },
        ConfigurationKey("registry.contract", "Address of the registry contract (`ProjectUpserted(uint64,string,bytes32)` events).", default: "") {
            config, value throws(ConfigurationError) in
            config.registry.contract = value
        },
        ConfigurationKey("registry.startBlock", "First block searched for registry events.", default: "0") { config, value throws(ConfigurationError) in
            config.registry.startBlock = UInt64(try integer("registry.startBlock", value))
        },
        ConfigurationKey("registry.confirmations", "Blocks on top of a registry event (its own included) before it is acted on.", default: "12") {
            config, value throws(ConfigurationError) in
            config.registry.confirmations = UInt64(try integer("registry.confirmations", value, minimum: 1))
        },
        ConfigurationKey("registry.pollSeconds", "How often the registry is read for new events.", default: "5") { config, value throws(ConfigurationError) in
            config.registry.pollInterval = try seconds("registry.pollSeconds", value)
        },
    ]
}
