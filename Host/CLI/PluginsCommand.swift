import ArgumentParser
import Foundation
import SproutNode

struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List, inspect and reload engine plugins.",
        subcommands: [List.self, Inspect.self, Reload.self, Use.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load every plugin in the plugin directory and show what loaded and what was refused.",
            discussion: "Exit status 0 when every file loaded, 3 when any was refused.")

        @OptionGroup var options: PluginOptions
        @Flag(help: "Print JSON for scripts.") var json = false

        func run() throws {
            options.bootstrapLogging()
            let registry = options.registry()
            registry.reload()
            let entries = registry.entries
            if json {
                print(PluginTable.json(entries))
            } else if entries.isEmpty {
                print("no plugins in \(options.pluginDirectory.path); build them with `make plugins`")
            } else {
                print(PluginTable.render(entries))
            }
            if entries.contains(where: { if case .failed = $0.status { true } else { false } }) { throw ExitStatus.noEngine }
        }
    }

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Load one plugin file and print its descriptor.")

        @Argument(help: "The plugin file (.so).") var file: String
        @Flag(help: "Print JSON for scripts.") var json = false

        func run() throws {
            let store = ShadowStore.temporary()
            defer { try? FileManager.default.removeItem(at: store.directory) }
            do {
                let shadow = try store.copy(URL(fileURLWithPath: file))
                let library = try PluginLibrary(path: shadow.path)
                let info = library.info
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    print(String(decoding: try encoder.encode(info), as: UTF8.self))
                } else {
                    print(
                        """
                        file:         \(file)
                        sha256:       \(shadow.digest)
                        name:         \(info.name)
                        version:      \(info.version)
                        description:  \(info.description)
                        vmTypes:      \(info.vmTypes.joined(separator: ", "))
                        formats:      \(info.programFormats.joined(separator: ", "))
                        capabilities: \(info.capabilities)
                        ABI:          \(info.abi)
                        """)
                }
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitStatus.noEngine
            }
        }
    }

    struct Reload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reload a running node's plugins, or check a plugin directory.",
            discussion: """
                With --node, asks the running node to reload now (POST /admin/plugins/reload). A \
                node also reloads by itself when a file in its plugin directory changes and on \
                SIGHUP. Without --node, loads the directory here and prints the outcome, so a broken \
                plugin is caught before it is dropped in.
                """)

        @OptionGroup var options: PluginOptions
        @OptionGroup var admin: AdminOptions

        func run() async throws {
            options.bootstrapLogging()
            let changes: [String]
            if admin.node != nil {
                let reply = try await admin.call("POST", "/admin/plugins/reload")
                changes = reply["changes"] as? [String] ?? []
                if changes.isEmpty { print("nothing changed") }
            } else {
                changes = options.registry().reload()
            }
            for change in changes { print(change) }
            if changes.contains(where: { $0.hasPrefix("failed") }) { throw ExitStatus.noEngine }
        }
    }

    struct Use: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Switch one project of a running node to engine versions in a range.",
            discussion: """
                Other projects are untouched. The node refuses a range that no loaded engine of the \
                project's vmType satisfies. --version none removes the switch (newest engine again).
                Example: sprout plugins use --node http://127.0.0.1:9000 --token T --project 10003 --version ^1.0
                """)

        @Option(help: "Project ID.") var project: UInt64
        @Option(help: "Semver range, e.g. ^1.2, 1.0.3, >=1.0.0 <2.0.0; or none.") var version: String
        @OptionGroup var admin: AdminOptions

        func run() async throws {
            guard admin.node != nil else { throw ValidationError("--node is required: the switch applies to a running node") }
            let body = try JSONSerialization.data(withJSONObject: ["version": version == "none" ? NSNull() : version as Any])
            let reply = try await admin.call("POST", "/admin/projects/\(project)/engine", body: body)
            print("project \(project) now uses engine versions \(reply["engineVersion"] as? String ?? "(newest)")")
        }
    }
}

/// The `plugins list` table and its JSON form.
enum PluginTable {
    static func rows(_ entries: [PluginRegistry.Entry]) -> [[String]] {
        entries.map { entry in
            let status = entry.status == .retired ? "\(entry.statusText) (\(entry.inFlight) in flight)" : entry.statusText
            return [
                URL(fileURLWithPath: entry.file).lastPathComponent, entry.info?.name ?? "-", entry.info?.version.description ?? "-",
                entry.info?.vmTypes.joined(separator: ",") ?? "-", entry.info?.abi ?? "-", status,
            ]
        }
    }

    static func render(_ entries: [PluginRegistry.Entry]) -> String {
        TextTable(header: ["FILE", "NAME", "VERSION", "VMTYPES", "ABI", "STATUS"], rows: rows(entries)).render()
    }

    static func json(_ entries: [PluginRegistry.Entry]) -> String {
        let objects: [[String: Any]] = zip(entries, rows(entries)).map { entry, row in
            var object: [String: Any] = ["file": entry.file, "sha256": entry.digest, "status": row[5]]
            if let info = entry.info {
                object["name"] = info.name
                object["version"] = info.version.description
                object["vmTypes"] = info.vmTypes
                object["abi"] = info.abi
                object["capabilities"] = info.capabilities.description
            }
            return object
        }
        let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
