import Foundation
import Testing

@testable import SproutNode

@Suite(.serialized) struct PluginWatcherTests {
    func waitFor(_ condition: () throws -> Bool) throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    func version(_ registry: PluginRegistry) throws -> SemanticVersion? {
        try? registry.lease(vmType: "fixture").backend.info.version
    }

    @Test func aChangedFileIsReloadedWithoutBeingAsked() throws {
        let scratch = try ScratchDirectory()
        try scratch.place(try BuildProducts.library("sprout_fixture_minimal"), as: "fixture.so")
        let registry = PluginRegistry(configuration: .init(directories: [scratch.url]))
        registry.reload()
        let watcher = PluginWatcher(registry: registry, interval: .milliseconds(50))
        watcher.start()
        defer { watcher.stop() }
        try scratch.place(try BuildProducts.library("sprout_fixture_minimal_v2"), as: "fixture.so")
        #expect(try waitFor { try version(registry) == SemanticVersion(2, 0, 0) })
    }

    @Test func sighupReloads() throws {
        let scratch = try ScratchDirectory()
        let registry = PluginRegistry(configuration: .init(directories: [scratch.url]))
        // A long poll interval, so only the signal can explain a reload.
        let watcher = PluginWatcher(registry: registry, interval: .seconds(3600))
        watcher.start()
        defer { watcher.stop() }
        try scratch.place(try BuildProducts.library("sprout_fixture_minimal"), as: "fixture.so")
        kill(getpid(), SIGHUP)
        #expect(try waitFor { try version(registry) == SemanticVersion(1, 0, 0) })
    }
}
