import ArgumentParser
import Composer
import Foundation
import Interop
import Layout
import Model

/// `broadsheet measure`: how many grid lines each article needs at each module width.
/// Editors size modules (or cut copy) with it; the automatic placer uses the same numbers.
struct MeasureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Print the grid lines each article of an issue needs in modules of 1…N columns.",
        discussion: "Uses the first page's template (or --template). A dash means the article does not fit in a full-height module of that width."
    )

    @OptionGroup var source: IssueOptions

    @Option(help: "Template name to measure against (default: the first page's).")
    var template: String?

    @Option(help: "Widest module to try, in columns.")
    var maxColumns: Int = 4

    func run() throws {
        try reportingErrors {
            let (model, fontConfig, layoutsDir) = try source.load()
            let t = try template.map { try TemplateLoader.load(name: $0, layoutsDirectory: layoutsDir, fonts: fontConfig) }
                ?? model.pages[0].template
            let composer = Composer(fonts: FontLibrary(), fallbackFamilies: fontConfig.fallback)
            let measurer = ArticleMeasurer(composer: composer, template: t)
            let widths = 1...min(maxColumns, t.columns)
            print("article".padding(toLength: 16, withPad: " ", startingAt: 0) + "prio  " + widths.map { "\($0) col".padding(toLength: 8, withPad: " ", startingAt: 0) }.joined())
            for id in model.articles.keys.sorted() {
                let a = model.articles[id]!
                var row = id.padding(toLength: 16, withPad: " ", startingAt: 0) + "\(a.priority)".padding(toLength: 6, withPad: " ", startingAt: 0)
                for k in widths {
                    let photo = a.photos.isEmpty ? nil : PhotoPlacement(position: .top, column: 0, columns: k, lines: max(6, k * 6))
                    let n = try measurer.minimumLines(a, columns: k, maxLines: t.gridLines - 1, photo: photo,
                                                      headlineStyle: a.priority == 1 ? .lead : .secondary)
                    row += (n.map(String.init) ?? "-").padding(toLength: 8, withPad: " ", startingAt: 0)
                }
                print(row)
            }
        }
    }
}
