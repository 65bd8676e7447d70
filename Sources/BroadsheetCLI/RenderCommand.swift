import ArgumentParser

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", abstract: "Set every page of an issue to PDF.")
    func run() throws { throw CLIError("render: not implemented yet") }
}
