// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// Every Swift target builds in Swift 6 language mode with strict concurrency.
let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

/// Compiler flags for the build machine's vector unit, used by the core modules with SIMD code
/// (SproutCoreField's BabyBearLanes, SproutCoreNTT, SproutCoreHash; all three get the same flags,
/// so no vector crosses a call between code built for different units): batched Poseidon2
/// (Merkle trees, 67% of STARK proving) keeps 16 states in 512-bit vectors and runs about 3×
/// faster with AVX2 and 6× faster with AVX-512 than with baseline x86-64's SSE2.
/// Like `-march=native` the binary then needs a CPU with the same features; set
/// SPROUT_PORTABLE=1 to build for any x86-64 (an image built on one machine, run on others).
let hostVectorFlags: [SwiftSetting] = {
    #if os(Linux) && arch(x86_64)
    if ProcessInfo.processInfo.environment["SPROUT_PORTABLE"] != nil { return [] }
    guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
        let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
    else { return [] }
    let flags = Set(line.split(separator: " ").map(String.init))
    let haswell = ["avx", "avx2", "bmi1", "bmi2", "fma", "f16c", "movbe", "popcnt", "sse4_2"]
    let skylakeAVX512 = haswell + ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "adx", "rdseed"]
    if skylakeAVX512.allSatisfy(flags.contains) { return [.unsafeFlags(["-target-cpu", "skylake-avx512"])] }
    if haswell.allSatisfy(flags.contains) { return [.unsafeFlags(["-target-cpu", "haswell"])] }
    #endif
    return []
}()

let package = Package(
    name: "sprout",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sprout", targets: ["SproutCLI"]),
        // A libp2p host driven by JSON lines on stdin: the Swift side of the P2P interop tests.
        .executable(name: "sprout-p2p-peer", targets: ["SproutP2PPeer"]),
        .library(name: "SproutP2P", targets: ["SproutP2P"]),
        .library(name: "SproutNode", targets: ["SproutNode"]),
        .library(name: "SproutPluginKit", targets: ["SproutPluginKit"]),
        // Engine plugins: each one is a shared library that the node dlopens from plugins.d.
        .library(name: "sprout_wasm", type: .dynamic, targets: ["SproutWasmPlugin"]),
        .library(name: "sprout_risc0", type: .dynamic, targets: ["SproutRisc0Plugin"]),
        .library(name: "sprout_zkwasm", type: .dynamic, targets: ["SproutZkWasmPlugin"]),
        .library(name: "sprout_halo2", type: .dynamic, targets: ["SproutHalo2Plugin"]),
        // C fixture plugins for the plugin manager's tests. They are never copied to plugins.d.
        .library(name: "sprout_fixture_minimal", type: .dynamic, targets: ["FixtureMinimal"]),
        .library(name: "sprout_fixture_minimal_v2", type: .dynamic, targets: ["FixtureMinimalV2"]),
        .library(name: "sprout_fixture_wrong_abi", type: .dynamic, targets: ["FixtureWrongABI"]),
        .library(name: "sprout_fixture_no_entry", type: .dynamic, targets: ["FixtureNoEntry"]),
        .library(name: "sprout_fixture_crash", type: .dynamic, targets: ["FixtureCrash"]),
        .library(name: "sprout_fixture_hang", type: .dynamic, targets: ["FixtureHang"]),
        .library(name: "sprout_fixture_churn", type: .dynamic, targets: ["FixtureChurn"]),
        // A third-party halo2 circuit plugin (links SproutHalo2 and the engine library).
        .library(name: "sprout_fixture_halo2_squares", type: .dynamic, targets: ["FixtureHalo2Squares"]),
        // The Swift plugin of docs/plugin-authors.md, built and run by its doc test.
        .library(name: "sprout_fixture_echo", type: .dynamic, targets: ["FixtureEcho"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // Already built for Hummingbird; named here because SproutP2P uses NIO directly.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // No traits: several enabled traits make SwiftPM rebuild Hummingbird on every re-plan.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // One trait only: SwiftPM orders several traits unstably and rebuilds WasmKit on every re-plan.
        .package(url: "https://github.com/swiftwasm/WasmKit", exact: "0.4.2", traits: ["MultiThread"]),
        // The runtime only: the libp2p messages are generated once (`make proto`) and committed,
        // so the build never compiles protoc-gen-swift or runs a build plugin.
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
    ],
    targets: [
        // The C contract shared by the host and every plugin.
        .target(
            name: "SproutPluginABI",
            path: "PluginABI",
            exclude: ["Kit", "README.md"],
            sources: ["sprout_plugin.c"],
            publicHeadersPath: "include"
        ),
        // The exported C entry symbol of a Swift plugin; it forwards to SproutPluginKit.
        .target(
            name: "SproutPluginKitEntry",
            dependencies: ["SproutPluginABI"],
            path: "PluginABI/Kit/Entry"
        ),
        .target(
            name: "SproutPluginKit",
            dependencies: ["SproutPluginABI", "SproutPluginKitEntry"],
            path: "PluginABI/Kit/Swift",
            swiftSettings: strict
        ),
        .target(
            name: "SproutWasmEngine",
            dependencies: [
                "SproutPluginKit",
                .product(name: "WasmKit", package: "WasmKit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Plugins/Wasm",
            exclude: ["Export"],
            swiftSettings: strict
        ),
        // Each plugin library = engine module + a one-function export module (sprout_kit_register).
        .target(name: "SproutWasmPlugin", dependencies: ["SproutWasmEngine", "SproutPluginKit"], path: "Plugins/Wasm/Export", swiftSettings: strict),
        .systemLibrary(name: "CZlib", path: "Host/CZlib"),
        // Debian's libsecp256k1 (libsecp256k1-dev), built with its recovery module.
        .systemLibrary(name: "CSecp256k1", path: "Host/CSecp256k1"),
        .target(name: "SproutEthereum", dependencies: ["CSecp256k1", "SproutCoreHash"], path: "Host/Ethereum", swiftSettings: strict),
        .target(
            name: "SproutRisc0Engine",
            dependencies: ["SproutPluginKit", "SproutCoreField", "SproutCoreHash", "SproutCoreAIR", "SproutCoreFRI", "SproutCoreSTARK"],
            path: "Plugins/Risc0",
            exclude: ["Export"],
            swiftSettings: strict
        ),
        .target(name: "SproutRisc0Plugin", dependencies: ["SproutRisc0Engine", "SproutPluginKit"], path: "Plugins/Risc0/Export", swiftSettings: strict),
        .target(
            name: "SproutZkWasmEngine",
            dependencies: ["SproutPluginKit", "SproutCoreField", "SproutCoreHash", "SproutCoreMerkle", "SproutCoreAIR", "SproutCoreSTARK"],
            path: "Plugins/ZkWasm",
            exclude: ["Export"],
            swiftSettings: strict
        ),
        .target(name: "SproutZkWasmPlugin", dependencies: ["SproutZkWasmEngine", "SproutPluginKit"], path: "Plugins/ZkWasm/Export", swiftSettings: strict),
        // PLONKish proving system (KZG on BN254), circuits, and the halo2 engine plugin.
        .target(
            name: "SproutHalo2", dependencies: ["SproutCoreBN254", "SproutCoreKZG", "SproutCoreField", "SproutCoreHash"], path: "Plugins/Halo2/PLONK",
            swiftSettings: strict),
        .target(name: "SproutHalo2Circuits", dependencies: ["SproutHalo2", "SproutCoreBN254"], path: "Plugins/Halo2/Circuits", swiftSettings: strict),
        .target(
            name: "SproutHalo2Engine",
            dependencies: [
                "SproutHalo2", "SproutHalo2Circuits", "SproutPluginKit", "SproutCoreBN254", "SproutCoreKZG", "SproutCoreField", "SproutCoreHash",
                .product(name: "WasmKit", package: "WasmKit"),
            ],
            path: "Plugins/Halo2/Engine", swiftSettings: strict),
        .target(name: "SproutHalo2Plugin", dependencies: ["SproutHalo2Engine", "SproutPluginKit"], path: "Plugins/Halo2/Export", swiftSettings: strict),
        // Not a test: `make bench-core` (or `swift run -c release SproutCoreBench`) prints JSON with physical bounds.
        .executableTarget(
            name: "SproutCoreBench",
            dependencies: ["SproutCoreField", "SproutCoreNTT", "SproutCoreHash", "SproutCoreMerkle", "SproutCoreAIR", "SproutCoreSTARK"],
            path: "Benchmarks/core", swiftSettings: strict),
        // Not a test: `make bench-risc0` (or `swift run -c release SproutRisc0Bench 20 20`) prints JSON.
        .target(name: "SproutBenchSupport", path: "Benchmarks/Support", swiftSettings: strict),
        .executableTarget(
            name: "SproutRisc0Bench", dependencies: ["SproutRisc0Engine", "SproutPluginKit", "SproutBenchSupport"], path: "Benchmarks/risc0",
            swiftSettings: strict),
        // Not a test: `make bench-zkwasm` (or `swift run -c release SproutZkWasmBench 20`) prints JSON.
        .executableTarget(
            name: "SproutZkWasmBench",
            dependencies: ["SproutZkWasmEngine", "SproutPluginKit", "SproutBenchSupport", .product(name: "WAT", package: "WasmKit")],
            path: "Benchmarks/zkwasm", swiftSettings: strict),
        // Not a test: `swift run -c release SproutHalo2Bench` prints JSON (SPROUT_BENCH_K="10,12,14").
        .executableTarget(
            name: "SproutHalo2Bench", dependencies: ["SproutHalo2", "SproutCoreBN254", "SproutCoreKZG"], path: "Benchmarks/halo2",
            swiftSettings: strict),
        .target(
            name: "SproutNode",
            dependencies: [
                "SproutPluginABI",
                "CZlib",
                "SproutEthereum",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            path: "Host/Node",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "SproutCLI",
            dependencies: [
                "SproutNode",
                "SproutNodeP2P",
                // `sprout halo2 verifier` derives a circuit's key exactly as the engine does.
                "SproutHalo2Engine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Host/CLI",
            swiftSettings: strict
        ),
        // libp2p: TCP, Noise, Yamux, Identify, Ping, GossipSub (docs/p2p.md).
        .target(
            name: "SproutP2P",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Host/P2P",
            exclude: ["Proto"],
            swiftSettings: strict
        ),
        // Nodes on libp2p: signed tasks from sequencers to provers, signed states back (docs/p2p-nodes.md).
        .target(
            name: "SproutNodeP2P",
            dependencies: ["SproutNode", "SproutP2P", .product(name: "Logging", package: "swift-log")],
            path: "Host/NodeP2P",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "SproutP2PPeer",
            dependencies: ["SproutP2P", .product(name: "Logging", package: "swift-log")],
            path: "Host/P2PPeer",
            swiftSettings: strict
        ),
        .testTarget(
            name: "SproutP2PTests", dependencies: ["SproutP2P", .product(name: "NIOPosix", package: "swift-nio")], path: "Tests/SproutP2PTests",
            swiftSettings: strict),
        .target(name: "FixtureMinimal", dependencies: ["SproutPluginABI"], path: "Tests/Fixtures/Plugins/Minimal", publicHeadersPath: "."),
        .target(name: "FixtureMinimalV2", dependencies: ["SproutPluginABI"], path: "Tests/Fixtures/Plugins/MinimalV2", publicHeadersPath: "."),
        .target(name: "FixtureWrongABI", dependencies: ["SproutPluginABI"], path: "Tests/Fixtures/Plugins/WrongABI", publicHeadersPath: "."),
        .target(name: "FixtureNoEntry", path: "Tests/Fixtures/Plugins/NoEntry", publicHeadersPath: "."),
        .target(name: "FixtureCrash", dependencies: ["SproutPluginABI"], path: "Tests/Fixtures/Plugins/Crash", publicHeadersPath: "."),
        .target(name: "FixtureHang", dependencies: ["SproutPluginABI"], path: "Tests/Fixtures/Plugins/Hang", publicHeadersPath: "."),
        .target(name: "FixtureChurn", dependencies: ["SproutPluginABI"], path: "Tests/Fixtures/Plugins/Churn", publicHeadersPath: "."),
        .target(
            name: "FixtureHalo2Squares", dependencies: ["SproutHalo2", "SproutHalo2Engine", "SproutPluginKit", "SproutCoreBN254"],
            path: "Tests/Fixtures/Plugins/Halo2Squares", swiftSettings: strict),
        .target(name: "FixtureEcho", dependencies: ["SproutPluginKit"], path: "Tests/Fixtures/Plugins/Echo", swiftSettings: strict),
        // ZK core: one module per concern, shared by the proving engines.
        .target(name: "SproutCoreField", path: "Plugins/Core/Field", swiftSettings: strict + hostVectorFlags),
        .target(name: "SproutCoreNTT", dependencies: ["SproutCoreField"], path: "Plugins/Core/NTT", swiftSettings: strict + hostVectorFlags),
        .target(name: "SproutCoreHash", dependencies: ["SproutCoreField"], path: "Plugins/Core/Hash", swiftSettings: strict + hostVectorFlags),
        .target(
            name: "SproutCoreMerkle", dependencies: ["SproutCoreField", "SproutCoreHash"], path: "Plugins/Core/Merkle",
            swiftSettings: strict),
        .target(
            name: "SproutCoreTranscript", dependencies: ["SproutCoreField", "SproutCoreHash"], path: "Plugins/Core/Transcript",
            swiftSettings: strict),
        .target(
            name: "SproutCoreFRI",
            dependencies: ["SproutCoreField", "SproutCoreNTT", "SproutCoreHash", "SproutCoreMerkle", "SproutCoreTranscript"],
            path: "Plugins/Core/FRI", swiftSettings: strict),
        .target(name: "SproutCoreAIR", dependencies: ["SproutCoreField"], path: "Plugins/Core/AIR", swiftSettings: strict + hostVectorFlags),
        .target(
            name: "SproutCoreSTARK",
            dependencies: [
                "SproutCoreField", "SproutCoreNTT", "SproutCoreHash", "SproutCoreMerkle", "SproutCoreTranscript", "SproutCoreFRI", "SproutCoreAIR",
            ],
            path: "Plugins/Core/STARK", swiftSettings: strict + hostVectorFlags),
        .testTarget(
            name: "SproutCoreAIRTests", dependencies: ["SproutCoreAIR", "SproutCoreField"], path: "Tests/SproutCoreAIRTests",
            swiftSettings: strict),
        .testTarget(
            name: "SproutCoreSTARKTests",
            dependencies: ["SproutCoreSTARK", "SproutCoreAIR", "SproutCoreFRI", "SproutCoreMerkle", "SproutCoreField"],
            path: "Tests/SproutCoreSTARKTests", swiftSettings: strict),
        .target(name: "SproutCoreBN254", dependencies: ["SproutCoreField"], path: "Plugins/Core/BN254", swiftSettings: strict),
        .target(name: "SproutCoreKZG", dependencies: ["SproutCoreBN254", "SproutCoreField"], path: "Plugins/Core/KZG", swiftSettings: strict),
        .testTarget(
            name: "SproutCoreBN254Tests", dependencies: ["SproutCoreBN254", "SproutCoreField"], path: "Tests/SproutCoreBN254Tests",
            swiftSettings: strict),
        .testTarget(
            name: "SproutCoreKZGTests", dependencies: ["SproutCoreKZG", "SproutCoreBN254", "SproutCoreField"], path: "Tests/SproutCoreKZGTests",
            swiftSettings: strict),
        .testTarget(name: "SproutCoreFieldTests", dependencies: ["SproutCoreField"], path: "Tests/SproutCoreFieldTests", swiftSettings: strict),
        .testTarget(
            name: "SproutCoreNTTTests", dependencies: ["SproutCoreNTT", "SproutCoreField"], path: "Tests/SproutCoreNTTTests",
            swiftSettings: strict),
        .testTarget(
            name: "SproutCoreHashTests", dependencies: ["SproutCoreHash", "SproutCoreField"], path: "Tests/SproutCoreHashTests",
            swiftSettings: strict),
        .testTarget(
            name: "SproutCoreMerkleTests", dependencies: ["SproutCoreMerkle", "SproutCoreHash", "SproutCoreField"],
            path: "Tests/SproutCoreMerkleTests", swiftSettings: strict),
        .testTarget(
            name: "SproutCoreTranscriptTests", dependencies: ["SproutCoreTranscript", "SproutCoreHash", "SproutCoreField"],
            path: "Tests/SproutCoreTranscriptTests", swiftSettings: strict),
        .testTarget(
            name: "SproutCoreFRITests",
            dependencies: ["SproutCoreFRI", "SproutCoreField", "SproutCoreNTT", "SproutCoreMerkle", "SproutCoreTranscript"],
            path: "Tests/SproutCoreFRITests", swiftSettings: strict),
        .testTarget(name: "SproutEthereumTests", dependencies: ["SproutEthereum"], path: "Tests/SproutEthereumTests", swiftSettings: strict),
        .testTarget(
            name: "SproutNodeTests",
            dependencies: ["SproutNode"],
            path: "Tests/SproutNodeTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "SproutRisc0EngineTests",
            dependencies: ["SproutRisc0Engine", "SproutPluginKit", "SproutCoreHash", "CZlib"],
            path: "Tests/SproutRisc0EngineTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "SproutZkWasmEngineTests",
            dependencies: [
                "SproutZkWasmEngine", "SproutPluginKit", "CZlib",
                .product(name: "WasmKit", package: "WasmKit"),
                .product(name: "WAT", package: "WasmKit"),
            ],
            path: "Tests/SproutZkWasmEngineTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "SproutHalo2Tests",
            dependencies: [
                "SproutHalo2", "SproutHalo2Circuits", "SproutHalo2Engine", "SproutPluginKit", "SproutCoreBN254", "SproutCoreKZG",
                "SproutCoreField", "SproutCoreHash", "SproutNode",
            ],
            path: "Tests/SproutHalo2Tests", swiftSettings: strict),
        .testTarget(
            name: "SproutWasmEngineTests",
            dependencies: ["SproutWasmEngine", "SproutPluginKit", .product(name: "WAT", package: "WasmKit")],
            path: "Tests/SproutWasmEngineTests",
            swiftSettings: strict
        ),
    ]
)
