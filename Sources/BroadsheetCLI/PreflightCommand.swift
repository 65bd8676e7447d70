import ArgumentParser
import Foundation
import Prepress

/// `broadsheet preflight FILE.pdf`: exit 0 clean, 1 findings, 2 the check could not
/// run (unreadable file or a bad option). Like `diff`, it parses its own options
/// so that usage errors exit 2, not ArgumentParser's 64.
struct PreflightCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflight",
        abstract: PreflightArguments.configuration.abstract,
        usage: "broadsheet preflight <file> [--profile press|archive] [--ink-limit N]",
        discussion: PreflightArguments.helpBody()
    )

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var arguments: [String] = []

    func run() throws {
        let args: PreflightArguments
        do {
            args = try PreflightArguments.parse(arguments)
        } catch {
            let message = PreflightArguments.fullMessage(for: error)
            if PreflightArguments.exitCode(for: error) == .success { print(message); return }
            var first = message.split(separator: "\n").first.map(String.init) ?? message
            if first.hasPrefix("Error: ") { first.removeFirst("Error: ".count) }
            printError("preflight: \(first) (see 'broadsheet preflight --help')")
            throw ExitCode(2)
        }
        throw ExitCode(args.execute())
    }
}

struct PreflightArguments: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broadsheet preflight",
        abstract: "Check a PDF the way a newspaper printer's (or an archive's) preflight does.",
        discussion: """
        Prints one line per finding with the page and the position in mm from the trimmed page's top-left corner. Press: fonts not embedded, RGB or Lab objects, ink over the limit, text below 5 pt, rules thinner than 0.1 pt, images under 200 ppi effective, missing TrimBox/BleedBox/OutputIntent, transparency, black text that is not K-only. Archive: fonts not embedded, the PDF/A output intent and XMP identification. Works on any PDF, not only Broadsheet's.

        Exit status: 0 clean; 1 findings; 2 the file cannot be read, or a bad option.
        """
    )

    @Argument(help: "The PDF to check.")
    var file: String

    @Option(help: "press (PDF/X for the printing plant) or archive (PDF/A).")
    var profile: Preflight.Profile = .press

    @Option(help: "Total ink limit in percent (press).")
    var inkLimit: Double = 240

    func validate() throws {
        guard inkLimit >= 100, inkLimit <= 400 else { throw ValidationError("--ink-limit must be between 100 and 400") }
    }

    /// Discussion, arguments and options, for `broadsheet help preflight` (see DiffArguments.helpBody).
    static func helpBody() -> String {
        let full = helpMessage(columns: 76)
        guard let r = full.range(of: "ARGUMENTS:") else { return full }
        return configuration.discussion + "\n\n" + full[r.lowerBound...].split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("--help") }.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The exit status.
    func execute() -> Int32 {
        guard FileManager.default.fileExists(atPath: file) else {
            printError("preflight: \(file): no such file")
            return 2
        }
        var preflight = Preflight(profile: profile)
        preflight.inkLimit = inkLimit
        let findings: [PreflightFinding]
        do { findings = try preflight.check(file) } catch {
            printError("preflight: \(error)")
            return 2
        }
        for f in findings { print(f.description) }
        if findings.isEmpty {
            print("\(file): no findings (\(profile.rawValue))")
            return 0
        }
        print("\(findings.count) finding\(findings.count == 1 ? "" : "s") (\(profile.rawValue))")
        return 1
    }
}

extension Preflight.Profile: ExpressibleByArgument {}
