import ArgumentParser
import Audit
import Foundation
import Interop

/// `broadsheet audit`: reads a rendered PDF back and measures its Chinese body-text
/// composition (grid share, line-end marks, ragged lines, Han–Han gaps).
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Measure Chinese composition in a PDF from the glyph positions poppler reads back.",
        discussion: "Engine-blind: works on any PDF (ours or another engine's) whose body text is horizontal CJK."
    )

    @Argument(help: "The PDF to audit.")
    var pdf: String

    @Option(help: "Pages to audit, 1-based and comma-separated (default: all).")
    var pages: String?

    @Flag(help: "Also print lines that have a Han glyph off the grid, and ragged lines.")
    var samples = false

    func run() throws {
        try reportingErrors {
            let doc = try PDFDocument(path: pdf)
            var indices: [Int]? = nil
            if let p = pages {
                indices = try p.split(separator: ",").map { s -> Int in
                    guard let n = Int(s.trimmingCharacters(in: .whitespaces)), n >= 1, n <= doc.pageCount else {
                        throw CLIError("--pages: '\(s)' is not a page of \(pdf) (1…\(doc.pageCount))")
                    }
                    return n - 1
                }
            }
            let a = try CompositionAudit.audit(doc, pages: indices)
            print(a)
            if samples {
                for s in a.offGridSamples { print("off grid: " + s) }
                for s in a.raggedSamples { print("ragged: " + s) }
            }
        }
    }
}
