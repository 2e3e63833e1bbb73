import ArgumentParser

@main
struct SproutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sprout",
        abstract: "A prover node for W3bstream-style projects.",
        subcommands: []
    )
}
