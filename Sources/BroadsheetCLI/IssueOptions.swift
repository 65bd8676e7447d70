import ArgumentParser
import Model
import Pipeline

/// The issue file and where its templates and fonts come from: shared by every
/// command that reads an issue.
struct IssueOptions: ParsableArguments {
    @Argument(help: "The issue file (issue.yaml).")
    var issue: String

    @Option(help: "Folder of page templates (default: the nearest Layouts/ above the issue file).")
    var layouts: String?

    @Option(help: "Font configuration (default: the nearest Fonts/fonts.yaml above the issue file).")
    var fonts: String?

    var pipelineSource: IssuePipeline.Source {
        IssuePipeline.Source(issuePath: issue, layoutsDirectory: layouts, fontsPath: fonts)
    }

    func load() throws -> (issue: Issue, fonts: FontConfig, layouts: String) {
        let l = try IssuePipeline.load(pipelineSource)
        return (l.issue, l.fonts, l.layoutsDirectory)
    }
}
