import ArgumentParser
import Foundation
import SproutNode

struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List, inspect and reload engine plugins.",
        subcommands: [List.self, Inspect.self, Reload.self]
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

    struct Reload: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the plugin directory afresh and report what would be served.",
            discussion: """
                A running `sprout serve` reloads by itself when a file in its plugin directory
                changes and on SIGHUP; this command checks a directory the same way and prints the
                outcome, so a broken plugin is caught before it is dropped in.
                """)

        @OptionGroup var options: PluginOptions

        func run() throws {
            options.bootstrapLogging()
            let registry = options.registry()
            let changes = registry.reload()
            for change in changes { print(change) }
            if changes.contains(where: { $0.hasPrefix("failed") }) { throw ExitStatus.noEngine }
        }
    }
}

/// The `plugins list` table, sized to its content.
enum PluginTable {
    static func rows(_ entries: [PluginRegistry.Entry]) -> [[String]] {
        entries.map { entry in
            let status: String
            switch entry.status {
            case .active: status = "loaded"
            case .retired: status = "retired (\(entry.inFlight) in flight)"
            case .failed(let reason): status = "refused: \(reason)"
            }
            return [
                URL(fileURLWithPath: entry.file).lastPathComponent, entry.info?.name ?? "-", entry.info?.version.description ?? "-",
                entry.info?.vmTypes.joined(separator: ",") ?? "-", entry.info?.abi ?? "-", status,
            ]
        }
    }

    static func render(_ entries: [PluginRegistry.Entry]) -> String {
        let header = ["FILE", "NAME", "VERSION", "VMTYPES", "ABI", "STATUS"]
        let all = [header] + rows(entries)
        let widths = (0..<header.count - 1).map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            (0..<row.count).map { column in
                column < widths.count ? row[column].padding(toLength: widths[column], withPad: " ", startingAt: 0) : row[column]
            }.joined(separator: "  ")
        }.joined(separator: "\n")
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
