import ArgumentParser
import Batch
import Foundation
import Pipeline

extension VolumePeriod: ExpressibleByArgument {}

/// `broadsheet batch`: exit status is a contract for schedulers (0 all done, 1 some
/// issues failed, 2 the batch could not run), so usage errors must be 2 too, not
/// ArgumentParser's 64: arguments are captured and parsed by `BatchArguments`, as
/// `diff` does.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: BatchArguments.configuration.abstract,
        usage: "broadsheet batch <archive> -o <output> [<options>]",
        discussion: BatchArguments.helpMessage()
    )

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var arguments: [String] = []

    func run() throws {
        let args: BatchArguments
        do {
            args = try BatchArguments.parse(arguments)
        } catch {
            let message = BatchArguments.fullMessage(for: error)
            if BatchArguments.exitCode(for: error) == .success {
                print(message)
                return
            }
            var first = message.split(separator: "\n").first.map(String.init) ?? message
            if first.hasPrefix("Error: ") { first.removeFirst("Error: ".count) }
            printError("batch: \(first) (see 'broadsheet batch --help')")
            throw ExitCode(2)
        }
        try args.run()
    }
}

/// The real options of `broadsheet batch`, parsed by `BatchCommand.run()`.
struct BatchArguments: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broadsheet batch",
        abstract: "Re-render an archive of issues: parallel, resumable, incremental, shardable.",
        discussion: """
        Finds every issue file (issue.yaml) under ARCHIVE_DIR and renders each issue to OUT_DIR/<date>/<paper>-<date>.pdf, with a record of the content hashes of everything it was made from (<paper>-<date>.record.json). A second run renders only issues whose inputs changed (article, issue file, photos, ads, templates, fonts.yaml, Broadsheet version, options); a killed run resumes where it stopped. One failing issue is reported and the batch goes on. At the end: OUT_DIR/index.json, OUT_DIR/index.html and one summary line.

        Sharding: --shard K/N, or JOB_COMPLETION_INDEX (Kubernetes Indexed Job, with BROADSHEET_SHARDS or JOB_COMPLETIONS) or SLURM_ARRAY_TASK_ID (with SLURM_ARRAY_TASK_COUNT) in the environment. The last shard to finish builds the index and volumes; `broadsheet batch --merge OUT_DIR` does it by hand.

        Exit status: 0 every issue rendered (or up to date); 1 some issues failed; 2 the batch could not run.
        """
    )

    @Argument(help: "The archive folder (or, with --merge, the output folder).")
    var archive: String

    @Option(name: .shortAndLong, help: "The output folder.")
    var output: String?

    @Option(help: "Worker processes (default: the number of cores, within the container's CPU quota).")
    var jobs: Int = DefaultJobs.count()

    @Option(help: "screen (default), press (PDF/X) or archive (PDF/A-2b).")
    var outputProfile: OutputProfile = .screen

    @Flag(help: "Write a PNG thumbnail of every page (for the HTML index).")
    var png = false

    @Option(help: "Thumbnail resolution (with --png).")
    var dpi: Double = 20

    @Flag(help: "Write ALTO XML (v4) per page: every line and word/character with its box.")
    var alto = false

    @Option(help: "Also write a reprint volume (合订本) per month or year with bookmarks and page labels.")
    var volume: VolumePeriod?

    @Option(help: "First issue date (YYYY-MM-DD, inclusive).")
    var from: String?

    @Option(help: "Last issue date (YYYY-MM-DD, inclusive).")
    var to: String?

    @Flag(help: "Render every issue even when it is up to date.")
    var force = false

    @Option(help: "Render only the K-th of N slices of the archive (K from 1), e.g. 2/8.")
    var shard: String?

    @Flag(help: "Build the index (and volumes) of an output folder from every shard's records; ARCHIVE is then the output folder.")
    var merge = false

    @Flag(help: "An overset article fails its issue.")
    var strict = false

    @Flag(help: "Place every page's articles automatically.")
    var auto = false

    @Option(help: "Folder of page templates (default: the nearest Layouts/ above each issue file).")
    var layouts: String?

    @Option(help: "Font configuration (default: the nearest Fonts/fonts.yaml above each issue file).")
    var fonts: String?

    func run() throws {
        do {
            let outcome = try runBatch()
            if let outcome {
                print(outcome.summary)
                if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
            }
        } catch let e as ExitCode {
            throw e
        } catch {
            printError("batch: \(error)")
            throw ExitCode(2)
        }
    }

    private func runBatch() throws -> BatchRunner.Outcome? {
        if merge {
            let summary = try BatchRunner.merge(outDir: absolute(archive), volumeOverride: volume)
            print("merged \(archive): \(summary)")
            return nil
        }
        guard let output else { throw CLIError("missing -o OUT_DIR") }
        for d in [from, to].compactMap({ $0 }) where !ArchiveScanDates.valid(d) {
            throw CLIError("--from/--to: expected a date YYYY-MM-DD, got '\(d)'")
        }
        guard jobs >= 1 else { throw CLIError("--jobs must be at least 1") }
        var settings = BatchSettings(archiveRoot: absolute(archive), outDir: absolute(output))
        settings.layouts = layouts.map(absolute)
        settings.fonts = fonts.map(absolute)
        settings.profile = outputProfile
        settings.thumbnailDPI = png ? dpi : nil
        settings.alto = alto
        settings.strict = strict
        settings.auto = auto
        var options = BatchRunner.Options(settings: settings, executable: Self.executablePath())
        options.jobs = jobs
        options.from = from
        options.to = to
        options.force = force
        options.volume = volume
        options.shard = try shard.map(Shard.parse) ?? Shard.fromEnvironment()
        return try BatchRunner(options: options).run()
    }

    private func absolute(_ p: String) -> String {
        URL(fileURLWithPath: p, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL.path
    }

    /// This very binary, so workers run the same Broadsheet as the coordinator.
    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}

enum ArchiveScanDates {
    static func valid(_ s: String) -> Bool {
        let p = s.split(separator: "-")
        return p.count == 3 && p[0].count == 4 && p[1].count == 2 && p[2].count == 2 && p.allSatisfy { $0.allSatisfy(\.isNumber) }
    }
}

/// The worker side of `batch`: not for direct use.
struct BatchWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "batch-worker", abstract: "Internal: a batch worker process.",
                                                    shouldDisplay: false)
    func run() throws {
        let status = WorkerLoop.run()
        if status != 0 { throw ExitCode(status) }
    }
}
