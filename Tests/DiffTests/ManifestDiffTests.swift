import Foundation
import XCTest
@testable import Diff

final class ManifestDiffTests: XCTestCase {
    // Manifests built as JSON text, in the layout engine's schema, so that decoding is tested too.
    func cluster(_ t: String, _ x: Double) -> String { #"{"t": "\#(t)", "x": \#(x), "w": 9.0}"# }

    /// - Parameter glyphs: false writes the line as a lines-only manifest does, without `clusters`.
    func line(_ article: String?, column: Int?, line: Int?, x: Double, y: Double, text: String, role: String = "body",
              shift: [Int: Double] = [:], glyphs: Bool = true) -> String {
        let clusters = text.enumerated().map { i, c in cluster(String(c), x + Double(i) * 9 + (shift[i] ?? 0)) }
        let a = article.map { "\"\($0)\"" } ?? "null"
        let detail = glyphs ? #", "clusters": [\#(clusters.joined(separator: ", "))]"# : ""
        return #"{"article": \#(a), "role": "\#(role)", "column": \#(column.map(String.init) ?? "null"), "line": \#(line.map(String.init) ?? "null"), "x": \#(x), "y": \#(y), "width": 153.0, "text": "\#(text)"\#(detail)}"#
    }

    func box(_ kind: String, _ article: String?, x: Double, y: Double, width: Double = 200, height: Double = 150) -> String {
        let a = article.map { "\"\($0)\"" } ?? "null"
        return #"{"kind": "\#(kind)", "article": \#(a), "x": \#(x), "y": \#(y), "width": \#(width), "height": \#(height)}"#
    }

    /// A manifest of several pages: (number, articles, lines, boxes) each.
    func issue(_ pages: [(number: Int, articles: [String], lines: [String], boxes: [String])]) -> Manifest {
        let body = pages.map { p in
            #"{"number": \#(p.number), "width": 1105.5, "height": 1539.2, "articles": [\#(p.articles.joined(separator: ", "))], "lines": [\#(p.lines.joined(separator: ", "))], "boxes": [\#(p.boxes.joined(separator: ", "))]}"#
        }
        return try! JSONDecoder().decode(Manifest.self, from: Data(#"{"issue": "x", "date": "2024-01-12", "pages": [\#(body.joined(separator: ", "))]}"#.utf8))
    }

    func article(_ id: String, x: Double, y: Double, height: Double = 700, status: String = "fits", overset: Int = 0) -> String {
        #"{"id": "\#(id)", "slot": "lead", "x": \#(x), "y": \#(y), "width": 300.0, "height": \#(height), "status": "\#(status)", "oversetCharacters": \#(overset), "oversetLines": \#(overset > 0 ? 1 : 0), "undersetLines": 0}"#
    }

    func manifest(articles: [String], lines: [String], boxes: [String] = []) -> Manifest {
        let json = #"""
        {"issue": "平顶山日报 2024-01-12", "date": "2024-01-12",
         "pages": [{"number": 3, "width": 1105.5, "height": 1539.2,
           "articles": [\#(articles.joined(separator: ", "))],
           "lines": [\#(lines.joined(separator: ", "))],
           "boxes": [\#(boxes.joined(separator: ", "))]}]}
        """#
        return try! JSONDecoder().decode(Manifest.self, from: Data(json.utf8))
    }

    /// Page 3: 01-economy (two lines in column 2) and 02-culture (one line), a footer.
    func base(line14: String = "推进郑洛新国家自主创新建设", cultureY: Double = 90, shift: [Int: Double] = [:],
              extraLine: Bool = false, status: String = "fits") -> Manifest {
        var lines = [
            line("01-economy", column: 2, line: 13, x: 216.7, y: 288, text: "平顶山市高新区加快"),
            line("01-economy", column: 2, line: 14, x: 216.7, y: 300, text: line14, shift: shift),
            line("02-culture", column: 4, line: 1, x: 680, y: cultureY + 20, text: "鹰城文化"),
            line(nil, column: nil, line: nil, x: 56.7, y: 1520, text: "第三版", role: "footer"),
        ]
        if extraLine { lines.insert(line("01-economy", column: 2, line: 15, x: 216.7, y: 312, text: "新建设"), at: 2) }
        return manifest(articles: [article("01-economy", x: 56.7, y: 90, status: status, overset: status == "overset" ? 12 : 0),
                                   article("02-culture", x: 660, y: cultureY)],
                        lines: lines,
                        boxes: [#"{"kind": "photo", "article": "02-culture", "x": 670.0, "y": \#(cultureY + 40), "width": 200.0, "height": 150.0}"#])
    }

    func messages(_ a: Manifest, _ b: Manifest, tolerance: Double = 0.5) -> [String] {
        ManifestDiff.compare(a, b, tolerance: tolerance).map(\.message)
    }

    func testIdenticalManifestsHaveNoDifferences() {
        XCTAssertEqual(messages(base(), base()), [])
    }

    func testReBrokenLineIsNamedWithItsNewBreak() {
        XCTAssertEqual(messages(base(), base(line14: "推进郑洛新国家自主创新示范区", extraLine: true)), [
            "01-economy, column 2, line 14: break now after 示范区 (was after 新建设)",
            "01-economy, column 2, line 15: new line “新建设”",
        ])
    }

    func testMovedArticleIsOneDifferenceNotOnePerLine() {
        // Its line and its photo move with it: reported relative to the frame, so only the article is named.
        XCTAssertEqual(messages(base(), base(cultureY: 120)), [
            "article 02-culture moved 30.0 pt down on page 3 (660.0,90.0 → 660.0,120.0 pt)",
        ])
    }

    func testGlyphsMovedBeyondTolerance() {
        XCTAssertEqual(messages(base(), base(shift: [11: 1.0, 12: 1.25])), [
            "01-economy, column 2, line 14: 2 glyphs moved by up to 1.2 pt (建 设)",
        ])
        XCTAssertEqual(messages(base(), base(shift: [12: 0.4])), [])
        XCTAssertEqual(messages(base(), base(shift: [12: 0.4]), tolerance: 0.25).count, 1)
    }

    func testCopyfitChange() {
        XCTAssertEqual(messages(base(), base(status: "overset")), [
            "article 01-economy: copyfit fits → overset by 12 characters (1 lines)",
        ])
    }

    func testAddedAndRemovedArticles() {
        let a = manifest(articles: [article("01-economy", x: 0, y: 0)], lines: [])
        let b = manifest(articles: [article("05-sports", x: 0, y: 0)], lines: [])
        XCTAssertEqual(messages(a, b), ["article 01-economy removed (was on page 3)", "article 05-sports added on page 3"])
    }

    func testChangedSpan() {
        XCTAssertEqual(ManifestDiff.changedSpan("湖光社区普查员高梦月", "湖光社区调查员高梦月"), "“普” → “调”")
        XCTAssertEqual(ManifestDiff.changedSpan("the colour of", "the color of"), "“colour” → “color”")
        XCTAssertEqual(ManifestDiff.changedSpan("示范区建设", "示范区新建设"), "“” → “新”")
        XCTAssertEqual(ManifestDiff.changedSpan("aaaa", "aa"), "“aaaa” → “aa”")
        XCTAssertEqual(ManifestDiff.changedSpan("一二三四五六七八九十一二三四五六七八九十", "甲"),
                       "“一二三四五六七八九十一二三四五…” → “甲”")
    }

    func testBreakTail() {
        XCTAssertEqual(ManifestDiff.breakTail("推进郑洛新国家自主创新示范区"), "示范区")
        XCTAssertEqual(ManifestDiff.breakTail("建设示范区，"), "示范区，")
        XCTAssertEqual(ManifestDiff.breakTail("新一代 API 2023"), "2023")
        XCTAssertEqual(ManifestDiff.breakTail("digital trans-"), "trans-")
    }

    func testFilesAndSummary() throws {
        let dir = try TestPDFs.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = #"{"issue": "x", "date": "2024-01-12", "pages": [{"number": 1, "width": 100, "height": 100, "articles": [], "lines": [], "boxes": []}]}"#
        try good.write(toFile: dir + "/a.json", atomically: true, encoding: .utf8)
        try good.replacingOccurrences(of: "\"width\": 100", with: "\"width\": 90")
            .write(toFile: dir + "/b.json", atomically: true, encoding: .utf8)
        let same = try ManifestDiff.compare(old: dir + "/a.json", new: dir + "/a.json")
        XCTAssertTrue(same.isEqual)
        XCTAssertEqual(same.summaryLines, ["0 of 1 page differs"])
        let r = try ManifestDiff.compare(old: dir + "/a.json", new: dir + "/b.json")
        XCTAssertEqual(r.summaryLines, ["page 1: size 100.0×100.0 → 90.0×100.0 pt", "1 difference; 1 of 1 page differs"])

        try "{\"pages\": [{\"number\": 1}]}".write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ManifestDiff.compare(old: dir + "/a.json", new: dir + "/bad.json")) { e in
            XCTAssertEqual("\(e)", dir + "/bad.json: not a layout manifest (missing \"width\" at .pages[0])")
        }
        try "{\"pages\": [".write(toFile: dir + "/broken.json", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ManifestDiff.compare(old: dir + "/broken.json", new: dir + "/a.json")) { e in
            XCTAssertTrue("\(e)".hasPrefix(dir + "/broken.json: not valid JSON"), "\(e)")
        }
    }

    // MARK: Page count

    /// An article over pages 4 and 5 whose first 25 changed lines are all on page 4
    /// and 3 more on page 5: the listing stops at 20, all on page 4, yet page 5
    /// differs too and must be counted (it used to say "1 of 3 pages differ").
    func testUnlistedLineChangesCountOnEveryPageTheyAreOn() throws {
        func pages(_ text: String) -> Manifest {
            let col = (1...25).map { line("03-city", column: 1, line: $0, x: 56.7, y: 100 + Double($0) * 12, text: "\(text)第\($0)行") }
            let jump = (1...3).map { line("03-city", column: 2, line: $0, x: 216.7, y: 100 + Double($0) * 12, text: "\(text)续\($0)行") }
            return issue([
                (3, [article("01-economy", x: 56.7, y: 90)], [line("01-economy", column: 1, line: 1, x: 56.7, y: 100, text: "平顶山")], []),
                (4, [article("03-city", x: 56.7, y: 90)], col, []),
                (5, [article("03-city", x: 200, y: 90)], jump, []),
            ])
        }
        let d = ManifestDiff.compare(pages("市区"), pages("城区"))
        XCTAssertEqual(d.count, 21)
        XCTAssertEqual(d.prefix(20).map(\.page), Array(repeating: 4, count: 20))
        XCTAssertEqual(d.first?.message, "03-city, column 1, line 1: text changed: “市” → “城”, break still after 第1行")
        XCTAssertEqual(d.last?.message, "03-city: 8 more line changes not listed (pages 4 and 5)")
        XCTAssertEqual(d.last?.pages, [4, 5])
        let r = ManifestDiffResult(oldPath: "a.json", newPath: "b.json", pageCount: 3, differences: d)
        XCTAssertEqual(r.summaryLines.last, "21 differences; 2 of 3 pages differ (pages 4 and 5)")
        // How the pages of unlisted changes are named.
        XCTAssertEqual(ManifestDiff.pageList([4]), "page 4")
        XCTAssertEqual(ManifestDiff.pageList([3, 4, 6]), "pages 3, 4 and 6")
    }

    // MARK: Roles and box kinds

    static let articleRoles = ["headline", "kicker", "subhead", "byline", "caption", "credit", "jump", "inBodySubhead", "pullQuote", "body"]
    static let furnitureRoles = ["header", "footer", "banner"]

    /// One line of every role the layout engine writes, and every box kind; `dy`
    /// moves all lines within their frame, `dx` all boxes.
    func everyRoleAndKind(dy: Double = 0, dx: Double = 0, glyphs: Bool = true) -> Manifest {
        var lines = Self.articleRoles.enumerated().map { i, r in
            line("01-economy", column: r == "body" ? 1 : nil, line: r == "body" ? 1 : nil, x: 60, y: 100 + Double(i) * 20 + dy, text: "平顶山", role: r, glyphs: glyphs)
        }
        lines += Self.furnitureRoles.enumerated().map { i, r in
            line(nil, column: nil, line: nil, x: 60, y: 1400 + Double(i) * 20 + dy, text: "第三版", role: r, glyphs: glyphs)
        }
        let boxes = [box("photo", "01-economy", x: 60 + dx, y: 400), box("photo", "ad:front", x: 700 + dx, y: 400), box("ad", nil, x: 700 + dx, y: 900),
                     box("nameplate", nil, x: 300 + dx, y: 20),
                     box("fill", nil, x: 60 + dx, y: 1300, height: 20), box("frame", nil, x: 700 + dx, y: 900),
                     box("rule", nil, x: 60 + dx, y: 1380, width: 980, height: 0)]
        return issue([(3, [article("01-economy", x: 56.7, y: 90)], lines, boxes)])
    }

    func testEveryRoleAndBoxKindIsNamedInWords() {
        XCTAssertEqual(messages(everyRoleAndKind(), everyRoleAndKind()), [])
        XCTAssertEqual(messages(everyRoleAndKind(), everyRoleAndKind(dy: 2, dx: 10)), [
            "01-economy headline: line moved 2.0 pt down",
            "01-economy kicker: line moved 2.0 pt down",
            "01-economy subhead: line moved 2.0 pt down",
            "01-economy byline: line moved 2.0 pt down",
            "01-economy caption: line moved 2.0 pt down",
            "01-economy credit: line moved 2.0 pt down",
            "01-economy jump line: line moved 2.0 pt down",
            "01-economy in-body subhead: line moved 2.0 pt down",
            "01-economy pull quote: line moved 2.0 pt down",
            "01-economy, column 1, line 1: line moved 2.0 pt down",
            "page 3 header: line moved 2.0 pt down",
            "page 3 footer: line moved 2.0 pt down",
            "page 3 banner: line moved 2.0 pt down",
            "photo of 01-economy moved 10.0 pt right (60.0,400.0 → 70.0,400.0 pt)",
            "ad in slot front moved 10.0 pt right (700.0,400.0 → 710.0,400.0 pt)",
            "page 3 ad moved 10.0 pt right (700.0,900.0 → 710.0,900.0 pt)",
            "page 3 nameplate moved 10.0 pt right (300.0,20.0 → 310.0,20.0 pt)",
            "page 3 colour fill moved 10.0 pt right (60.0,1300.0 → 70.0,1300.0 pt)",
            "page 3 frame moved 10.0 pt right (700.0,900.0 → 710.0,900.0 pt)",
            "page 3 rule moved 10.0 pt right (60.0,1380.0 → 70.0,1380.0 pt)",
        ])
    }

    func testAddedAndRemovedPageBoxesNameTheirPageOnce() {
        let a = issue([(3, [], [], [box("ad", nil, x: 700, y: 900)])])
        let b = issue([(3, [], [], [box("rule", nil, x: 60, y: 1380, width: 980, height: 0)])])
        XCTAssertEqual(messages(a, b), ["page 3 ad removed", "page 3 rule added"])
        let c = issue([(3, [article("02-culture", x: 660, y: 90)], [], [box("photo", "02-culture", x: 670, y: 130)])])
        let e = issue([(3, [article("02-culture", x: 660, y: 90)], [], [])])
        XCTAssertEqual(messages(c, e), ["photo of 02-culture removed (was on page 3)"])
        XCTAssertEqual(messages(e, c), ["photo of 02-culture added on page 3"])
    }

    func testRoleNamesForRolesANewerWriterMayAdd() {
        XCTAssertEqual(ManifestDiff.roleName("pullQuote"), "pull quote")
        XCTAssertEqual(ManifestDiff.roleName("photoCaptionLead"), "photo caption lead")
        XCTAssertEqual(ManifestDiff.boxName("infoGraphic", article: nil, page: 2), "page 2 info graphic")
    }

    // MARK: Lines-only manifests

    /// Golden manifests are written with lines only (no `clusters`): glyphs are then
    /// unknown, and must not be reported as changed, whether one side or both lack them.
    func testLinesOnlyManifestsReportNoGlyphChanges() {
        let lines = everyRoleAndKind(glyphs: false), full = everyRoleAndKind()
        XCTAssertNil(lines.pages[0].lines[0].clusters)
        XCTAssertEqual(messages(lines, lines), [])
        XCTAssertEqual(messages(lines, full), [])
        XCTAssertEqual(messages(full, lines), [])
        // Line-level changes are still found.
        XCTAssertEqual(messages(lines, everyRoleAndKind(dy: 2, glyphs: false)).count, 13)
        func page(_ text: String, glyphs: Bool) -> Manifest {
            issue([(3, [article("01-economy", x: 56.7, y: 90)], [line("01-economy", column: 2, line: 14, x: 216.7, y: 300, text: text, glyphs: glyphs)], [])])
        }
        XCTAssertEqual(messages(page("推进郑洛新国家自主创新建设", glyphs: false), page("推进郑洛新国家自主创新示范区", glyphs: false)),
                       ["01-economy, column 2, line 14: break now after 示范区 (was after 新建设)"])
    }
}
