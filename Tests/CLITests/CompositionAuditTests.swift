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
        let seed = try CompositionAudit.audit(doc, pages: [0])
        // The horizontal pages (3–5); page 6 is set vertically (the audit reads horizontal text).
        let all = try CompositionAudit.audit(doc, pages: [0, 1, 2])
        print("demo page 3:\n\(seed)\npages 3–5:\n\(all)")
        XCTAssertEqual(seed.em, 9, accuracy: 0.01)
        XCTAssertGreaterThan(seed.hanGlyphs, 4000)
        // Measured 83.7 % on page 3 before grid restoration (issue 12: 76 % by another count).
        XCTAssertGreaterThan(seed.gridShare, 0.92)
        XCTAssertGreaterThan(all.gridShare, 0.91)
        XCTAssertEqual(seed.raggedLines, 0, seed.raggedSamples.joined(separator: "\n"))
        XCTAssertEqual(all.maxHanGap, 0, accuracy: 0.01)
        // Line-end marks at ½ em wherever the grid allows it (see README: the rest
        // are lines of whole-em characters, where ½ em would leave the line short).
        XCTAssertGreaterThan(all.halfShare, 0.25)
        XCTAssertGreaterThan(all.lineEndMarks, 80)
    }

    /// The audit itself: a galley of Han text with one digit run, read back.
    func testAuditReadsGridPositionsBack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = dir.appendingPathComponent("g.txt")
        try (String(repeating: "示范区经济稳中有进动能持续增强产业是经济之本发展之基", count: 4) + "增速65.7%居全市第一" + String(repeating: "示范区经济稳中有进动能持续增强", count: 4)).write(to: text, atomically: true, encoding: .utf8)
        let pdf = dir.appendingPathComponent("g.pdf").path
        let r = try CLI.run(["galley", text.path, "-o", pdf, "--measure", "16", "--size", "10", "--columns", "1"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let a = try CompositionAudit.audit(try PDFDocument(path: pdf))
        XCTAssertEqual(a.em, 10, accuracy: 0.01)
        XCTAssertEqual(a.hanOnGrid, a.hanGlyphs)
        XCTAssertEqual(a.raggedLines, 0)
        let cli = try CLI.run(["audit", pdf])
        XCTAssertEqual(cli.status, 0, cli.stderr)
        XCTAssertTrue(cli.stdout.contains("Han glyphs on the em grid   100.0 %"), cli.stdout)
        let bad = try CLI.run(["audit", pdf, "--pages", "9"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("--pages: '9' is not a page of"), bad.stderr)
    }
}
