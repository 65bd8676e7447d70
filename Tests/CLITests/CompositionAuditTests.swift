import Audit
import Foundation
import Interop
import XCTest

/// Reads the demo issue's PDF back with poppler and measures its Chinese body text
/// from glyph positions alone (the `broadsheet audit` figures).
final class CompositionAuditTests: XCTestCase {
    func testDemoPDFKeepsHanOnTheGridAndJustifiesEveryLine() throws {
        let project = try CLI.scratchProject(name)
        defer { try? FileManager.default.removeItem(at: project) }
        let pdf = project.appendingPathComponent("demo.pdf").path
        let r = try CLI.run(["render", project.appendingPathComponent("Articles/2024-01-12/issue.yaml").path, "-o", pdf])
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try PDFDocument(path: pdf)
        // PDF page 1 is the front page; the seed page (page 3) is the second.
        let seed = try CompositionAudit.audit(doc, pages: [1])
        // Every page: the audit leaves page 6's vertical story out and reads its
        // horizontal module only.
        let all = try CompositionAudit.audit(doc)
        let vertical = try CompositionAudit.audit(doc, pages: [4])
        print("demo page 3:\n\(seed)\nall pages:\n\(all)\npage 6:\n\(vertical)")
        XCTAssertEqual(vertical.em, 9, accuracy: 0.01)
        XCTAssertLessThan(vertical.hanGlyphs, 700)   // the horizontal figures story only (≈540), not the ≈900 vertical ones
        XCTAssertEqual(seed.em, 9, accuracy: 0.01)
        XCTAssertGreaterThan(seed.hanGlyphs, 4000)
        // 81.2 % on page 3 and 80.6 % on pages 3–5 without grid restoration (`grid: false`).
        XCTAssertGreaterThan(seed.gridShare, 0.9)
        // Every page, the front page's narrow teaser and lead columns included: 88.1 %
        // (pages 3–5 alone: 89.6 %).
        XCTAssertGreaterThan(all.gridShare, 0.875)
        XCTAssertEqual(seed.raggedLines, 0, seed.raggedSamples.joined(separator: "\n"))
        XCTAssertEqual(all.wideHanGaps, 0)
        XCTAssertLessThanOrEqual(all.maxHanGap, 0.25)
        // Line-end marks at ½ em wherever the grid allows it (see README: the rest
        // are lines of whole-em characters, where ½ em would leave the line short).
        XCTAssertGreaterThan(all.halfShare, 0.25)
        XCTAssertGreaterThan(all.lineEndMarks, 80)
    }

    /// The audit itself: galleys with known positions, read back.
    func testAuditReadsGridPositionsBack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func galley(_ text: String, _ name: String) throws -> String {
            let file = dir.appendingPathComponent(name + ".txt")
            try text.write(to: file, atomically: true, encoding: .utf8)
            let pdf = dir.appendingPathComponent(name + ".pdf").path
            let r = try CLI.run(["galley", file.path, "-o", pdf, "--measure", "16", "--size", "10", "--columns", "1"])
            XCTAssertEqual(r.status, 0, r.stderr)
            return pdf
        }
        // 100 Han characters at 16 em (2 em indent): 6 full lines and one of 6, all on the grid.
        let han = String(String(repeating: "示范区经济稳中有进动能持续增强产业是经济之本发展之基", count: 4).prefix(100))
        let plain = try galley(han, "plain")
        let a = try CompositionAudit.audit(try PDFDocument(path: plain))
        XCTAssertEqual(a.em, 10, accuracy: 0.01)
        XCTAssertEqual(a.hanGlyphs, 100)
        XCTAssertEqual(a.hanOnGrid, 100)
        XCTAssertEqual(a.raggedLines, 0)
        XCTAssertEqual(a.justifiedLines, 6)
        XCTAssertEqual(a.maxHanGap, 0, accuracy: 0.001)
        let cli = try CLI.run(["audit", plain])
        XCTAssertEqual(cli.status, 0, cli.stderr)
        XCTAssertTrue(cli.stdout.contains("Han glyphs on the em grid   100.0 % (100 of 100)"), cli.stdout)
        // A number at a line's end that the grid cannot absorb, and an orphan pulled
        // down: the composer opens those lines' Han–Han gaps (0.038 and 0.071 em in its
        // dump); the audit finds the wider one from the glyph positions alone.
        let mixed = try galley(String(repeating: "示范区经济稳中有进动能持续增强产业是经济之本发展之基", count: 4)
                                 + "增速65.7%居全市第一" + String(repeating: "示范区经济稳中有进动能持续增强", count: 4), "mixed")
        let b = try CompositionAudit.audit(try PDFDocument(path: mixed))
        XCTAssertEqual(b.maxHanGap, 1.0 / 14, accuracy: 0.002)
        XCTAssertEqual(b.wideHanGaps, 0)
        XCTAssertLessThan(b.hanOnGrid, b.hanGlyphs)
        let bad = try CLI.run(["audit", plain, "--pages", "9"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("--pages: '9' is not a page of"), bad.stderr)
    }
}
