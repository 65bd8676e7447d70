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
        // 81.2 % on page 3 and 80.6 % on pages 3–5 without grid restoration (`grid: false`);
        // 90.5 % with it before the breaker counted Han off the grid per line; 94.0 %
        // before the demo's body text hung its line-end marks (18 pt gutters); 98.6 % now.
        XCTAssertGreaterThanOrEqual(seed.gridShare, 0.98)
        XCTAssertGreaterThan(seed.hungMarks, 20)
        // Every page, the front page's framed index and lead columns included: 88.1 %
        // before grid restoration, 94.1 % before hanging, 98.5 % now.
        XCTAssertGreaterThanOrEqual(all.gridShare, 0.98)
        XCTAssertEqual(seed.raggedLines, 0, seed.raggedSamples.joined(separator: "\n"))
        XCTAssertEqual(all.raggedLines, 0, all.raggedSamples.joined(separator: "\n"))
        XCTAssertEqual(all.wideHanGaps, 0)
        XCTAssertLessThanOrEqual(all.maxHanGap, 0.25)
        // Line-end marks flush with the Han: at ½ em where the grid allows it, or hung
        // (34 % at ½ em before hanging; the rest are lines of whole-em characters,
        // where ½ em would leave the line short). 69 % now (8 at ½ em, 96 hung, 46 at 1 em).
        XCTAssertGreaterThan(all.halfOrHungShare, 0.6)
        XCTAssertGreaterThan(all.lineEndMarks + all.hungMarks, 120)
    }

    /// News text as a galley (the demo's Chinese article bodies, 17 em, 9 pt), read
    /// back: the default keeps the grid; `--line-end-mark half` puts every line-end
    /// mark of a justified line at ½ em, still flush, gaps within ¼ em.
    func testGalleyLineEndMarkModes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("audit-modes-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("news.txt")
        try Self.newsText().write(to: file, atomically: true, encoding: .utf8)
        func audit(_ mode: String) throws -> CompositionAudit {
            let pdf = dir.appendingPathComponent("\(mode).pdf").path
            let r = try CLI.run(["galley", file.path, "-o", pdf, "--measure", "17", "--size", "9", "--columns", "3", "--line-end-mark", mode])
            XCTAssertEqual(r.status, 0, r.stderr)
            return try CompositionAudit.audit(try PDFDocument(path: pdf))
        }
        let grid = try audit("grid"), half = try audit("half")
        print("galley, grid:\n\(grid)\ngalley, line-end-mark half:\n\(half)")
        XCTAssertGreaterThan(grid.hanGlyphs, 3000)
        XCTAssertGreaterThan(grid.gridShare, 0.93)
        XCTAssertGreaterThan(half.lineEndMarks, 20)
        XCTAssertGreaterThanOrEqual(half.halfShare, 0.9)
        XCTAssertGreaterThan(half.halfShare, grid.halfShare + 0.3)
        for a in [grid, half] {
            XCTAssertEqual(a.raggedLines, 0, a.raggedSamples.joined(separator: "\n"))
            XCTAssertEqual(a.wideHanGaps, 0)
        }
        let bad = try CLI.run(["galley", file.path, "-o", dir.appendingPathComponent("x.pdf").path, "--line-end-mark", "full"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("--line-end-mark must be grid or half"), bad.stderr)
    }

    /// The demo's Chinese article bodies as plain paragraphs (a galley's input).
    static func newsText() throws -> String {
        var text = ""
        let articles = CLI.packageRoot.appendingPathComponent("Articles/2024-01-12")
        for name in try FileManager.default.contentsOfDirectory(atPath: articles.path).sorted()
        where name.hasPrefix("0") && name.hasSuffix(".txt") && !name.hasPrefix("00-") {
            let body = try String(contentsOf: articles.appendingPathComponent(name), encoding: .utf8)
                .components(separatedBy: "\n---\n").dropFirst().joined(separator: "\n")
            for line in body.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("![") {
                text += line.replacingOccurrences(of: "**", with: "") + "\n"
            }
        }
        return text
    }

    /// `--hanging-punctuation end` on news text, read back: marks hang at the
    /// column's edge (counted as hung, not among the line-end marks at ½ em or 1 em),
    /// 98 % of the Han characters on the grid, no more lines, still no ragged line.
    func testGalleyHangingPunctuation() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("audit-hanging-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("news.txt")
        try Self.newsText().write(to: file, atomically: true, encoding: .utf8)
        func audit(_ mode: String) throws -> (CompositionAudit, lines: Int, text: String) {
            let pdf = dir.appendingPathComponent("\(mode).pdf").path, dump = dir.appendingPathComponent("\(mode).dump").path
            let r = try CLI.run(["galley", file.path, "-o", pdf, "--measure", "17", "--size", "9", "--columns", "3",
                                 "--hanging-punctuation", mode, "--dump", dump])
            XCTAssertEqual(r.status, 0, r.stderr)
            let lines = try String(contentsOfFile: dump, encoding: .utf8).split(separator: "\n")
            // Every paragraph as composed (cluster texts of the dump) is in the text
            // layer in one piece, the hung marks in place (page slugs taken out).
            var paragraphs: [String] = [], current = ""
            for l in lines {
                for cluster in l.split(separator: "|") where cluster.contains("/") {
                    current += cluster.split(separator: " ", omittingEmptySubsequences: false).first.map(String.init) ?? ""
                }
                if l.hasSuffix("¶") { paragraphs.append(current); current = "" }
            }
            let extracted = try CLI.exec("/usr/bin/pdftotext", [pdf, "-"]).stdout.split(separator: "\n")
                .filter { !$0.drop(while: \.isWhitespace).hasPrefix("小样") }.joined().filter { !$0.isWhitespace }
            for p in paragraphs { XCTAssertTrue(extracted.contains(p.filter { !$0.isWhitespace }), "\(mode): not in the text layer: \(p)") }
            XCTAssertGreaterThan(paragraphs.count, 20)
            return (try CompositionAudit.audit(try PDFDocument(path: pdf)), lines.count, extracted)
        }
        let (none, noneLines, noneText) = try audit("none"), (end, endLines, endText) = try audit("end")
        print("galley, no hanging (\(noneLines) lines):\n\(none)\ngalley, hanging-punctuation end (\(endLines) lines):\n\(end)")
        XCTAssertEqual(none.hungMarks, 0)
        XCTAssertGreaterThan(end.hungMarks, 30)
        // 93.7 % → 98.2 % in as many lines (320).
        XCTAssertGreaterThan(end.gridShare, none.gridShare + 0.03)
        XCTAssertGreaterThanOrEqual(end.gridShare, 0.98)
        XCTAssertLessThanOrEqual(endLines, noneLines)
        XCTAssertEqual(end.raggedLines, 0, end.raggedSamples.joined(separator: "\n"))
        XCTAssertEqual(end.wideHanGaps, 0)
        // Not one mark lost from the text layer.
        XCTAssertEqual(endText.filter { "，。、".contains($0) }.count, noneText.filter { "，。、".contains($0) }.count)
        let bad = try CLI.run(["galley", file.path, "-o", dir.appendingPathComponent("x.pdf").path, "--hanging-punctuation", "start"])
        XCTAssertEqual(bad.status, 1)
    }

    /// The demo's templates hang their body text's line-end marks into 18 pt gutters
    /// (2 em of the 9 pt body). Set back to the 12 pt gutters they had (1.33 em, under
    /// the 2 em a hung mark needs: its 1 em text box and the 1 em pdftotext keeps
    /// between columns), no mark hangs, and the pages are those without hanging.
    func testTwelvePointGuttersAreTooNarrowToHang() throws {
        let project = try CLI.scratchProject(name)
        defer { try? FileManager.default.removeItem(at: project) }
        let layouts = project.appendingPathComponent("Layouts")
        var edited = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: layouts.path) where name.hasSuffix(".yaml") {
            try CLI.edit(layouts.appendingPathComponent(name)) { s in
                let t = s.replacingOccurrences(of: "gutter: 18pt}", with: "gutter: 12pt}")
                    .replacingOccurrences(of: "left: 17.2mm, right: 17.2mm", with: "left: 22.5mm, right: 22.5mm")
                    .replacingOccurrences(of: "left: 22.52mm, right: 22.52mm", with: "left: 25.7mm, right: 25.7mm")
                if t != s { edited += 1; XCTAssertTrue(t.contains("hanging-punctuation: end"), name) }
                return t
            }
        }
        XCTAssertEqual(edited, 5)
        let pdf = project.appendingPathComponent("demo.pdf").path
        let r = try CLI.run(["render", project.appendingPathComponent("Articles/2024-01-12/issue.yaml").path, "-o", pdf])
        XCTAssertEqual(r.status, 0, r.stderr)
        let all = try CompositionAudit.audit(try PDFDocument(path: pdf))
        XCTAssertEqual(all.hungMarks, 0)
        XCTAssertGreaterThan(all.lineEndMarks, 80)
        XCTAssertLessThan(all.gridShare, 0.96)
    }

    /// A mark hung into a 12 pt gutter (9 pt text) stands closer to the next column than
    /// the audit's 1.2 em gap between columns: the line is still cut at the next
    /// column's edge, and the mark counts as hung.
    func testAuditCountsAMarkHungIntoANarrowGutter() {
        let em = 9.0, measure = 17 * em, gutter = 12.0
        var chars: [PDFTextCharacter] = []
        let han = Array("示范区经济稳中有进动能持续增强产业是经济之本发展之基")
        for line in 0..<6 {
            let y = 100 + Double(line) * 13.5
            for column in 0..<2 {
                let left = 50 + Double(column) * (measure + gutter)
                for i in 0..<17 { chars.append(PDFTextCharacter(character: han[(i + line) % han.count], rect: Rect(x: left + Double(i) * em, y: y, width: em, height: 12))) }
                // Line 2 of the first column: a comma hung at the measure.
                if column == 0 && line == 2 { chars.append(PDFTextCharacter(character: "，", rect: Rect(x: left + measure, y: y, width: em, height: 12))) }
            }
        }
        let a = CompositionAudit.audit(characters: chars)
        XCTAssertEqual(a.em, em, accuracy: 0.01)
        XCTAssertEqual(a.hanGlyphs, 6 * 2 * 17)
        XCTAssertEqual(a.hanOnGrid, a.hanGlyphs)
        XCTAssertEqual(a.hungMarks, 1)
        XCTAssertEqual(a.lineEndMarks, 0)
        XCTAssertEqual(a.raggedLines, 0)
        XCTAssertEqual(a.bodyLines, 12)
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
        // No line ends in a mark: no share to report, not a vacuous 100 %.
        XCTAssertTrue(cli.stdout.contains("line-end marks at ½ em      – (0 of 0)"), cli.stdout)
        XCTAssertTrue(cli.stdout.contains("line-end marks ½ em or hung – (0 of 0)"), cli.stdout)
        // A number at a line's end that the grid cannot absorb: the composer opens that
        // line's Han–Han gaps (0.038 em in its dump); the audit finds it from the glyph
        // positions alone.
        let mixed = try galley(String(repeating: "示范区经济稳中有进动能持续增强产业是经济之本发展之基", count: 4)
                                 + "增速65.7%居全市第一" + String(repeating: "示范区经济稳中有进动能持续增强", count: 4), "mixed")
        let b = try CompositionAudit.audit(try PDFDocument(path: mixed))
        XCTAssertEqual(b.maxHanGap, 0.038, accuracy: 0.002)
        XCTAssertEqual(b.wideHanGaps, 0)
        XCTAssertLessThan(b.hanOnGrid, b.hanGlyphs)
        let bad = try CLI.run(["audit", plain, "--pages", "9"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("--pages: '9' is not a page of"), bad.stderr)
    }
}
