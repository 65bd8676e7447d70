import ArgumentParser
import Foundation
import Pipeline

/// `broadsheet watch`: sets the issue again whenever one of its files changes.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Re-render an issue whenever an article, the issue file, a template, a photo or an ad changes.",
        discussion: """
        Renders once, then watches the issue's folder (articles, photos, ads), the templates folder (templates and nameplate artwork) and the font configuration, and renders again after every change. Each pass prints what changed, the copyfit summary (overset and underset modules) and the time from saving the file to the new PDF. A pass that fails prints the error (file and line) and keeps the last good PDF. Fonts stay loaded between passes and automatically placed pages whose articles did not change are not placed again.

        Stop it with Ctrl-C, or give --max-passes for scripts.
        """
    )

    @OptionGroup var source: IssueOptions

    @Option(name: .shortAndLong, help: "Where to write the PDF.")
    var output: String

    @Option(help: "Also write a PNG proof of each page into this folder (page-N.png) after every good pass.")
    var png: String?

    @Option(help: "Resolution of the PNG proofs.")
    var dpi: Double = 60

    @Option(help: "How often to look for changes, in milliseconds.")
    var interval: Int = 25

    @Option(help: "Stop after this many passes (0: run until interrupted).")
    var maxPasses: Int = 0

    @Flag(help: "Place every page's articles automatically (as render --auto).")
    var auto = false

    func run() throws {
        guard interval >= 5 else { throw ValidationError("--interval must be at least 5 ms") }
        let watcher = IssueWatcher(source: source.pipelineSource,
                                   options: .init(output: output, png: png, dpi: dpi, autoPlace: auto))
        say("watching \(source.issue) → \(output)")
        var pass = watcher.render()
        report(pass)
        while maxPasses == 0 || pass.number < maxPasses {
            usleep(UInt32(interval) * 1000)
            var changed = watcher.changes()
            guard !changed.isEmpty else { continue }
            // An editor may save in several steps: wait until the files are quiet.
            while true {
                usleep(10_000)
                let more = watcher.changes()
                if more.isEmpty { break }
                changed = Array(Set(changed).union(more)).sorted()
            }
            pass = watcher.render(changed: changed)
            report(pass)
        }
    }

    /// Unbuffered, so a pipe or log file sees each pass as it happens.
    private func say(_ s: String) { FileHandle.standardOutput.write((s + "\n").data(using: .utf8)!) }

    private func report(_ pass: IssueWatcher.Pass) {
        say(pass.summary)
        if let e = pass.error { printError(e) }
    }
}
