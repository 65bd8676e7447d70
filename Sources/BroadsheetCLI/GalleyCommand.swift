import ArgumentParser

struct GalleyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "galley", abstract: "Set plain paragraphs as a galley proof (小样).")
    func run() throws { throw CLIError("galley: not implemented yet") }
}
