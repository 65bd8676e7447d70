import ArgumentParser
import Foundation
import Prepress

struct PreflightCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflight",
        abstract: "Check a PDF the way a newspaper printer's (or an archive's) preflight does.",
        discussion: """
        Prints one line per finding with the page and the position in mm from the trimmed page's top-left corner. Press: fonts not embedded, RGB or Lab objects, ink over the limit, text below 5 pt, rules thinner than 0.1 pt, images under 200 ppi effective, missing TrimBox/BleedBox/OutputIntent, transparency, black text that is not K-only. Archive: fonts not embedded, the PDF/A output intent and XMP identification. Works on any PDF, not only Broadsheet's.

        Exit status: 0 clean; 1 findings; 2 the file cannot be read.
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

    func run() throws {
        guard FileManager.default.fileExists(atPath: file) else {
            printError("\(file): no such file")
            throw ExitCode(2)
        }
        var preflight = Preflight(profile: profile)
        preflight.inkLimit = inkLimit
        let findings: [PreflightFinding]
        do { findings = try preflight.check(file) } catch {
            printError("preflight: \(error)")
            throw ExitCode(2)
        }
        for f in findings { print(f.description) }
        if findings.isEmpty {
            print("\(file): no findings (\(profile.rawValue))")
        } else {
            print("\(findings.count) finding\(findings.count == 1 ? "" : "s") (\(profile.rawValue))")
            throw ExitCode(1)
        }
    }
}

extension Preflight.Profile: ExpressibleByArgument {}
