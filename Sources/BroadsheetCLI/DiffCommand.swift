import ArgumentParser

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "Compare two PDFs page by page.")
    func run() throws { throw CLIError("diff: not implemented yet") }
}
