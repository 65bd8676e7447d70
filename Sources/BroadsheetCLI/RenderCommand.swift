import ArgumentParser
import Composer
import Foundation
import Interop
import Layout
import Model
import Pipeline
import Render

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Set every page of an issue to a print-ready PDF.",
        discussion: """
        Reads ISSUE.yaml, the article files beside it, the page templates in Layouts/ and the font configuration in Fonts/fonts.yaml, and writes one PDF page per issue page at the template's trim size with every font embedded. Output is deterministic: the PDF's dates come from SOURCE_DATE_EPOCH when set, else from the issue date.

        Prints the copyfit table (fits / overset / underset per article) on stdout and a warning per overset article on stderr.

        With --auto (or for pages that list `articles:` instead of `slots:`) the module shapes and positions are chosen automatically: the lead story on top, every story fitting without overset, the page filled; the placement report is printed too.

        Exit status: 0 done; 1 bad input (the message names file and line); 3 --strict and some article is overset (the PDF is still written).
        """
    )

    @OptionGroup var source: IssueOptions

    @Option(name: .shortAndLong, help: "Where to write the PDF.")
    var output: String

    @Option(help: "Also write a PNG proof of each page into this folder (page-N.png).")
    var png: String?

    @Option(help: "Resolution of the PNG proofs.")
    var dpi: Double = 100

    @Option(help: "Write the copyfit report as JSON to this file.")
    var report: String?

    @Option(help: "Write the layout manifest (every page, box and line with its position) as JSON.")
    var manifest: String?

    @Option(help: "Manifest detail: 'glyphs' (every glyph cluster's position) or 'lines' (lines only: small enough for golden files).")
    var manifestDetail: ManifestDetail = .glyphs

    @Flag(help: "Place every page's articles automatically (module shapes and positions), ignoring the template's slots except ad slots. Pages that list `articles:` instead of `slots:` are always placed automatically.")
    var auto = false

    @Option(help: "What the PDF is for: 'screen' (Cairo's RGB PDF), 'press' (PDF/X-3, CMYK, K-only black, bleed and marks) or 'archive' (PDF/A-2b). Default: the issue's or template's output: profile, else screen.")
    var outputProfile: OutputProfile?

    @Flag(help: "Exit with status 3 when any article is overset.")
    var strict = false

    @Flag(help: "Print timings of each stage on stderr.")
    var timings = false

    @Option(name: .customLong("repeat"), help: "Benchmark: after the render, lay out and write the issue N more times in this process (fonts loaded) and print the median time per stage on stderr.")
    var benchRuns: Int = 0

    func run() throws { try reportingErrors { try render() } }

    private func render() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let loaded = try IssuePipeline.load(source.pipelineSource)
        let model = loaded.issue
        let loadedAt = clock.now

        let pipeline = IssuePipeline()
        // Pages are laid out on two threads when the issue splits, then written.
        let profile = outputProfile ?? IssuePipeline.defaultProfile(for: loaded)
        let (laidOutIssue, stages) = try pipeline.layOutAndWrite(loaded, to: output, autoPlace: auto, profile: profile)
        for (number, placement) in laidOutIssue.placements.sorted(by: { $0.key < $1.key }) {
            print("page \(number): automatic placement\n\(placement.report)\n")
        }
        let pages = laidOutIssue.pages
        let rendered = clock.now

        let copyfit = laidOutIssue.copyfit
        print(copyfit.table)
        for e in copyfit.entries where e.status == .overset {
            printError("warning: \(e.articleID) (page \(e.page), slot \(e.slot)) is overset by \(e.oversetCharacters) characters (\(e.oversetLines) lines); first words over: \(e.oversetText.prefix(24))")
        }
        // A story set twice (a jump, an automatic placement) reports its text once.
        var warned = Set<String>()
        for e in copyfit.entries { for w in e.warnings ?? [] where warned.insert(w).inserted { printError("warning: \(w)") } }
        if let report { try ensureParentExists(report); try copyfit.json().write(to: URL(fileURLWithPath: report)) }
        if let manifest {
            try ensureParentExists(manifest)
            try LayoutManifest(issue: "\(model.newspaper) \(model.date)", date: model.date, pages: pages,
                               glyphs: manifestDetail == .glyphs, references: laidOutIssue.references).json()
                .write(to: URL(fileURLWithPath: manifest))
        }
        if let png { try pipeline.writeProofs(pdf: output, pages: pages, to: png, dpi: dpi) }
        if timings {
            printError("timings: load \(loadedAt - start), placement \(stages.placement), layout \(stages.layout) (both threads when the issue splits), layout+pdf \(stages.layoutAndPDF), total \(rendered - start)")
        }
        if benchRuns > 0 {
            var layoutTimes: [Duration] = [], pdfTimes: [Duration] = []
            let scratch = NSTemporaryDirectory() + "broadsheet-bench-\(getpid()).pdf"
            defer { unlink(scratch) }
            for _ in 0..<benchRuns {
                let t0 = clock.now
                let again = try pipeline.layOut(loaded, autoPlace: auto)
                let t1 = clock.now
                try pipeline.writePDF(again, of: loaded, to: scratch, profile: profile)
                let t2 = clock.now
                layoutTimes.append(t1 - t0); pdfTimes.append(t2 - t1)
            }
            func median(_ d: [Duration]) -> Double {
                let v = d.map { Double($0.components.seconds) * 1000 + Double($0.components.attoseconds) / 1e15 }.sorted()
                return v[v.count / 2]
            }
            let l = median(layoutTimes), p = median(pdfTimes)
            printError(String(format: "bench: %d runs, %d pages: layout %.1f ms, pdf %.1f ms, total %.1f ms (%.1f ms per page)",
                              benchRuns, pages.count, l, p, l + p, (l + p) / Double(pages.count)))
        }
        if strict && copyfit.hasOverset { throw ExitCode(3) }
    }
}

enum ManifestDetail: String, ExpressibleByArgument { case glyphs, lines }
extension OutputProfile: ExpressibleByArgument {}
