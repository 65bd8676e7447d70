import Foundation
import Interop
import XCTest

/// Page 6 of the demo read back with poppler: the vertical story's glyphs stand in
/// columns right to left, one grid row apart down each column (竖排 on the page's grid).
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
        // On the page's grid: down a column every glyph starts a whole number of grid
        // rows (13.5 pt) below the one above, and every glyph of every tier stands at
        // the same height within its row (the page's type area starts 36 mm down).
        let typeTop = 36 / 25.4 * 72
        let phases = chars.map { c -> Double in
            let p = (c.rect.y - typeTop).truncatingRemainder(dividingBy: 13.5)
            return p < 0 ? p + 13.5 : p
        }
        // The most common height in the row; the text is on the grid when nearly all
        // glyphs share it (not all: a line that must take a character less for kinsoku,
        // centred zh-Hant marks being incompressible, opens its gaps, and the
        // characters after a compressed bracket stand half a row lower).
        let counts = Dictionary(grouping: phases) { ($0 * 20).rounded() }.mapValues(\.count)
        let mode = counts.max { $0.value < $1.value }!.key / 20
        let phase = phases.filter { abs($0 - mode) < 0.05 }.reduce(0, +) / Double(counts[mode * 20]!)
        let inRow = phases.filter { abs($0 - phase) < 0.02 }.count
        XCTAssertGreaterThan(Double(inRow) / Double(phases.count), 0.9, "\(inRow) of \(phases.count)")
        // Tiers start on grid rows: the first character of the top tier's lines with no
        // indent stands in the module's second row (one row inside the frame).
        var tiers = Set<Int>()
        var pairs = 0, onRows = 0
        for x in xs {
            let ys = columns[x]!.map(\.rect.y).sorted()
            let h = columns[x]![0].rect.height
            tiers.insert(Int(((ys[0] + h / 2 - typeTop) / 13.5).rounded(.down)))
            for (a, b) in zip(ys, ys.dropFirst()) {
                pairs += 1
                let rows = (b - a) / 13.5
                if abs(rows - rows.rounded()) < 0.01 { onRows += 1 }
            }
        }
        XCTAssertGreaterThan(pairs, 600)
        XCTAssertGreaterThan(Double(onRows) / Double(pairs), 0.9, "\(onRows) of \(pairs)")
        XCTAssertTrue(tiers.contains(1), "\(tiers.sorted())")
        // Columns spread evenly across each tier, at least one leading (15.5 pt) apart.
        let steps = zip(xs, xs.dropFirst()).map { Double($0.0 - $0.1) / 10 }.filter { $0 < 30 }
        XCTAssertGreaterThan(steps.count, 10)
        XCTAssertGreaterThanOrEqual(steps.min()!, 15.5 - 0.1, "\(steps)")
        XCTAssertLessThan(steps.max()! - steps.min()!, 0.25, "\(steps)")
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

    /// The zh-Hant stories are written with “” and set with 「」: the page and its text
    /// layer show corner brackets; an unbalanced quote is left as written with a warning
    /// naming the file and line.
    func testZhHantQuotesAreCornerBracketsOnThePageAndInTheTextLayer() throws {
        let project = try CLI.scratchProject(name)
        defer { try? FileManager.default.removeItem(at: project) }
        let pdf = project.appendingPathComponent("demo.pdf").path
        let issue = project.appendingPathComponent("Articles/2024-01-12/issue.yaml").path
        var r = try CLI.run(["render", issue, "-o", pdf])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(r.stderr.contains("quotes"), r.stderr)
        // The right half of page 6: the two zh-Hant stories (the 竖题 story at the left is zh-Hans, with “”).
        var text = try CLI.exec("/usr/bin/pdftotext", ["-f", "5", "-l", "5", "-x", "400", "-y", "0", "-W", "400", "-H", "1200", pdf, "-"]).stdout.filter { !$0.isWhitespace }
        for q in ["“", "”"] { XCTAssertFalse(text.contains(q), q) }
        XCTAssertEqual(text.filter { $0 == "「" }.count, text.filter { $0 == "」" }.count)
        // Poppler reads vertical text across the columns, so count the marks: the two
        // stories have nine pairs (headline and kicker included).
        let corners = text.filter { $0 == "「" }.count
        XCTAssertEqual(corners, 9, text)

        // A closing quote lost on line 8 of the short story.
        let short = project.appendingPathComponent("Articles/2024-01-12/15-binhu-hant.txt")
        try CLI.edit(short) { $0.replacingOccurrences(of: "就解決了。”", with: "就解決了。") }
        let lines = try String(contentsOf: short, encoding: .utf8).components(separatedBy: "\n")
        let line = lines.firstIndex { $0.hasPrefix("“沒想到") }! + 1
        r = try CLI.run(["render", issue, "-o", pdf])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("15-binhu-hant.txt:\(line): paragraph: “ at character 1 is never closed; its quotes are left as written"), r.stderr)
        text = try CLI.exec("/usr/bin/pdftotext", ["-f", "5", "-l", "5", "-x", "400", "-y", "0", "-W", "400", "-H", "1200", pdf, "-"]).stdout.filter { !$0.isWhitespace }
        XCTAssertEqual(text.filter { $0 == "“" }.count, 1, text)
        XCTAssertEqual(text.filter { $0 == "「" }.count, corners - 1, text)   // the other story is not touched
    }

    /// Under `render --auto` the placer keeps page 6's vertical stories vertical (and
    /// framed), measures them as vertical modules and fills the page.
    func testAutoPlacementSetsVerticalModules() throws {
        let project = try CLI.scratchProject(name)
        defer { try? FileManager.default.removeItem(at: project) }
        let pdf = project.appendingPathComponent("auto.pdf").path
        let report = project.appendingPathComponent("auto.json").path
        let manifest = project.appendingPathComponent("auto-m.json").path
        let r = try CLI.run(["render", project.appendingPathComponent("Articles/2024-01-12/issue.yaml").path, "--auto",
                             "-o", pdf, "--report", report, "--manifest", manifest, "--manifest-detail", "lines"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let entries = (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as! [String: Any])["entries"] as! [[String: Any]]
        let page6 = entries.filter { $0["page"] as? Int == 6 }
        XCTAssertEqual(Set(page6.map { $0["articleID"] as! String }), ["13-figures-vertical", "14-xiliu-hant", "15-binhu-hant"])
        XCTAssertFalse(page6.contains { $0["status"] as? String == "overset" }, "\(page6)")
        // The modules cover most of the page's 230 free cells (4 × 71 less the ad).
        let covered = page6.reduce(0) { sum, e in
            let f = e["frame"] as! [String: Any]
            return sum + Int(((f["height"] as! Double) / 13.5).rounded()) * Int((((f["width"] as! Double) + 12) / 165).rounded())
        }
        XCTAssertGreaterThanOrEqual(covered, 200, "\(page6)")
        // The zh-Hant stories are set vertically: a tier's lines all start at its top.
        let pages = (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifest))) as! [String: Any])["pages"] as! [[String: Any]]
        let lines = (pages.first { $0["number"] as? Int == 6 }!["lines"] as! [[String: Any]])
        for id in ["14-xiliu-hant", "15-binhu-hant"] {
            let body = lines.filter { $0["article"] as? String == id && $0["role"] as? String == "body" }
            XCTAssertGreaterThan(body.count, 5, id)
            XCTAssertLessThanOrEqual(Set(body.map { $0["y"] as! Double }).count, 4, id)
        }
        XCTAssertTrue(r.stdout.contains("page 6: automatic placement"), r.stdout)
    }
}
