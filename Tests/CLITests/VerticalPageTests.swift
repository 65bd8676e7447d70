import Foundation
import Interop
import XCTest

/// Page 6 of the demo read back with poppler: the vertical story's glyphs stand in
/// columns right to left, one em apart down each column (竖排 on the grid).
final class VerticalPageTests: XCTestCase {
    func testVerticalStoryReadsDownColumnsRightToLeft() throws {
        let project = try CLI.scratchProject(name)
        defer { try? FileManager.default.removeItem(at: project) }
        let pdf = project.appendingPathComponent("demo.pdf").path
        let manifest = project.appendingPathComponent("demo.json").path
        let r = try CLI.run(["render", project.appendingPathComponent("Articles/2024-01-12/issue.yaml").path, "-o", pdf, "--manifest", manifest])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("14-xiliu-hant"), r.stdout)
        XCTAssertFalse(r.stdout.contains("OVERSET"), r.stdout)
        let doc = try PDFDocument(path: pdf)
        XCTAssertEqual(doc.pageCount, 5)   // pages 1, 3, 4, 5, 6: page 6 is the fifth
        // The 西留村 story's module (the short vertical story under it has its own columns).
        let pages = (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifest))) as! [String: Any])["pages"] as! [[String: Any]]
        let module = (pages[4]["articles"] as! [[String: Any]]).first { $0["id"] as? String == "14-xiliu-hant" }!
        let bottom = (module["y"] as! Double) + (module["height"] as! Double)
        // The zh-Hant body is 11 pt: its upright glyphs are 11 pt boxes.
        let chars = try doc.characters(4).filter { $0.rect.width > 10.9 && $0.rect.width < 11.1 && $0.character != " " && $0.rect.maxY < bottom }
        XCTAssertGreaterThan(chars.count, 700)
        var columns: [Int: [PDFTextCharacter]] = [:]
        for c in chars { columns[Int((c.rect.x * 10).rounded()), default: []].append(c) }
        let xs = columns.keys.sorted(by: >)
        // Down a column every glyph starts a whole number of em below the one above.
        var pairs = 0, onGrid = 0
        for x in xs {
            let ys = columns[x]!.map(\.rect.y).sorted()
            for (a, b) in zip(ys, ys.dropFirst()) where b - a < 27 {  // not across the 18 pt gap between tiers
                pairs += 1
                let cells = (b - a) / 11
                if abs(cells - cells.rounded()) < 0.02 { onGrid += 1 }
            }
        }
        XCTAssertGreaterThan(pairs, 600)
        // (Not all: centred zh-Hant marks cannot be squeezed, so a line that must take
        // a character less opens its gaps; a number at a column's top has one space only.)
        XCTAssertGreaterThan(Double(onGrid) / Double(pairs), 0.9, "\(onGrid) of \(pairs)")
        // Columns are one leading (18 pt) apart.
        let steps = zip(xs, xs.dropFirst()).map { Double($0.0 - $0.1) / 10 }
        XCTAssertGreaterThan(steps.filter { abs($0 - 18) < 0.05 }.count, 10, "\(steps)")
        // Reading order: the rightmost column of the top tier starts the story.
        let first = columns[xs[0]]!.sorted { $0.rect.y < $1.rect.y }
        XCTAssertEqual(String(first.prefix(7).map(\.character)), "本報訊濱湖街道")
        let second = columns[xs[1]]!.sorted { $0.rect.y < $1.rect.y }
        let line1 = String(first.map(\.character)), line2 = String(second.map(\.character))
        let article = try String(contentsOf: project.appendingPathComponent("Articles/2024-01-12/14-xiliu-hant.txt"), encoding: .utf8)
        let squeezed = article.filter { !$0.isWhitespace }
        XCTAssertTrue(squeezed.contains(String(line1.dropFirst(3).prefix(12))), line1)
        XCTAssertTrue(squeezed.contains(String(line2.prefix(12))), line2)
    }
}
