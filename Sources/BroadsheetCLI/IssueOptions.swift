import ArgumentParser
import Model

/// The issue file and where its templates and fonts come from: shared by every
/// command that reads an issue.
struct IssueOptions: ParsableArguments {
    @Argument(help: "The issue file (issue.yaml).")
    var issue: String

    @Option(help: "Folder of page templates (default: the nearest Layouts/ above the issue file).")
    var layouts: String?

    @Option(help: "Font configuration (default: the nearest Fonts/fonts.yaml above the issue file).")
    var fonts: String?

    /// The font configuration and the layouts folder the issue is read with.
    func context() throws -> (fonts: FontConfig, layouts: String) {
        let fontConfig = try (fonts ?? FontConfig.findConfigFile(startingAt: issue)).map { try FontConfig.load(path: $0) } ?? .none
        guard let layoutsDir = layouts ?? IssueLoader.findLayoutsDirectory(startingAt: issue) else {
            throw CLIError("\(issue): no Layouts/ folder found above the issue file; pass --layouts")
        }
        return (fontConfig, layoutsDir)
    }

    func load() throws -> (issue: Issue, fonts: FontConfig, layouts: String) {
        let c = try context()
        return (try IssueLoader.load(path: issue, layoutsDirectory: c.layouts, fonts: c.fonts), c.fonts, c.layouts)
    }
}
