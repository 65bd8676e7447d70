import ArgumentParser
import Foundation

/// `broadsheet`: newspaper pages from article files to print-ready PDF.
@main
struct Broadsheet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broadsheet",
        abstract: "Newspaper page layout and Chinese typesetting: article files in, print-ready PDF out.",
        discussion: """
        Typical use:
          broadsheet render Articles/2024-01-12/issue.yaml -o out/issue.pdf --png out/proof
          broadsheet galley story.txt -o galley.pdf
          broadsheet diff old.pdf new.pdf --report diff-report
          broadsheet batch archive/ -o out/ --jobs 2 --png --volume month
        """,
        subcommands: [RenderCommand.self, MeasureCommand.self, GalleyCommand.self, DiffCommand.self,
                      BatchCommand.self, BatchWorkerCommand.self, PreflightCommand.self,
                      NameplateCommand.self, WatchCommand.self, AuditCommand.self]
    )
}

/// Errors the CLI reports as one line on stderr with a non-zero exit.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Runs a command body: a thrown error becomes one line on stderr and exit status
/// `status` (never a crash or a stack trace); explicit exit codes pass through.
func reportingErrors(exitStatus status: Int32 = 1, prefix: String = "", _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as ExitCode {
        throw e
    } catch {
        printError(prefix + "\(error)")
        throw ExitCode(status)
    }
}

func printError(_ s: String) {
    FileHandle.standardError.write(("broadsheet: " + s + "\n").data(using: .utf8)!)
}
