import ArgumentParser
import Diff
import Foundation

/// `broadsheet diff OLD NEW`: the layout regression gate for CI.
///
/// Exit status is a contract for scripts: 0 equal within tolerance, 1 different,
/// 2 anything else — unreadable input, or a bad option. ArgumentParser reports usage
/// errors as 64, so this command captures its arguments unparsed and parses them
/// itself with `DiffArguments`, mapping every failure to 2. (Help still works: the
/// root parser handles `--help` before `run()`, and shows `DiffArguments`' help.)
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: DiffArguments.configuration.abstract,
        usage: "broadsheet diff <old> <new> [<options>]",
        discussion: DiffArguments.helpBody()
    )

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var arguments: [String] = []

    func run() throws {
        let args: DiffArguments
        do {
            args = try DiffArguments.parse(arguments)
        } catch {
            let message = DiffArguments.fullMessage(for: error)
            if DiffArguments.exitCode(for: error) == .success {
                print(message)
                return
            }
            var first = message.split(separator: "\n").first.map(String.init) ?? message
            if first.hasPrefix("Error: ") { first.removeFirst("Error: ".count) }
            printError("diff: \(first) (see 'broadsheet diff --help')")
            throw ExitCode(2)
        }
        do {
            throw ExitCode(try args.execute() ? 0 : 1)
        } catch let e as ExitCode {
            throw e
        } catch {
            printError("diff: \(error)")
            throw ExitCode(2)
        }
    }
}

/// The real options of `broadsheet diff`, parsed by `DiffCommand.run()`. A command
/// type only so that its help reads "broadsheet diff"; it is never run by itself.
struct DiffArguments: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broadsheet diff",
        abstract: "Compare two PDFs page by page, or two layout manifests line by line.",
        discussion: "Exit status: 0 equal within tolerance, 1 different, 2 error (unreadable input, bad option)."
    )

    @Argument(help: "The reference: golden PDF or layout manifest (JSON).")
    var old: String

    @Argument(help: "The candidate, of the same kind.")
    var new: String

    @Option(help: "PDF: render resolution. Tolerances are in mm and do not depend on it.")
    var dpi: Double = 100

    @Option(help: "PDF: a pixel differs when a colour channel differs by more than this (0-255).")
    var channelTolerance: Int = 16

    @Option(help: ArgumentHelp("PDF: a page differs when its differing pixels cover more than this area.", valueName: "mm²"))
    var maxArea: Double = 0.5

    @Option(help: ArgumentHelp("PDF: ignore a region, x,y,w,h in mm from the page's top-left, on page PAGE or * for every page. Repeatable.",
                               valueName: "PAGE:x,y,w,h"))
    var ignore: [String] = []

    @Option(help: ArgumentHelp("Write old, new and overlay images and index.html for each differing page (PDF) and summary.txt to DIR.",
                               valueName: "DIR"))
    var report: String?

    @Option(help: ArgumentHelp("Manifest: glyph, line and article moves up to this distance are not reported.", valueName: "pt"))
    var tolerancePt: Double = 0.5

    @Option(help: "PDF: rendering threads (default: one per core).")
    var jobs: Int?

    /// The ARGUMENTS and OPTIONS sections of this type's help, for `broadsheet help diff`
    /// (which shows `DiffCommand`'s discussion). Narrow enough not to be re-wrapped.
    static func helpBody() -> String {
        let full = helpMessage(columns: 76)
        guard let r = full.range(of: "ARGUMENTS:") else { return full }
        return configuration.discussion + "\n\n" + full[r.lowerBound...].split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("--help") }.joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs the diff, prints the summary; true when equal within tolerance.
    func execute() throws -> Bool {
        let (a, b) = (try DiffInput.detect(old), try DiffInput.detect(new))
        guard a == b else {
            throw DiffError("cannot compare \(old) (\(a == .pdf ? "PDF" : "layout manifest")) with \(new) (\(b == .pdf ? "PDF" : "layout manifest"))")
        }
        let lines: [String], equal: Bool
        switch a {
        case .pdf:
            var o = PDFDiffOptions()
            o.dpi = dpi
            o.channelTolerance = channelTolerance
            o.maxArea = maxArea
            o.ignore = try ignore.map(IgnoreRegion.init(parsing:))
            o.reportDirectory = report
            if let jobs { o.threads = jobs }
            let r = try PDFDiff.compare(old: old, new: new, options: o)
            (lines, equal) = (r.summaryLines, r.isEqual)
        case .manifest:
            let r = try ManifestDiff.compare(old: old, new: new, tolerance: tolerancePt)
            (lines, equal) = (r.summaryLines, r.isEqual)
            if let report { try ManifestDiff.writeReport(r, to: report) }
        }
        print(lines.joined(separator: "\n"))
        return equal
    }
}
