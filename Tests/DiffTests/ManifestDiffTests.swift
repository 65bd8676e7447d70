import Foundation
import XCTest
@testable import Diff

final class ManifestDiffTests: XCTestCase {
    // Manifests built as JSON text, in the layout engine's schema, so that decoding is tested too.
    func cluster(_ t: String, _ x: Double) -> String { #"{"t": "\#(t)", "x": \#(x), "w": 9.0}"# }

    func line(_ article: String?, column: Int?, line: Int?, x: Double, y: Double, text: String, role: String = "body",
              shift: [Int: Double] = [:]) -> String {
        let clusters = text.enumerated().map { i, c in cluster(String(c), x + Double(i) * 9 + (shift[i] ?? 0)) }
        let a = article.map { "\"\($0)\"" } ?? "null"
        return #"{"article": \#(a), "role": "\#(role)", "column": \#(column.map(String.init) ?? "null"), "line": \#(line.map(String.init) ?? "null"), "x": \#(x), "y": \#(y), "width": 153.0, "text": "\#(text)", "clusters": [\#(clusters.joined(separator: ", "))]}"#
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
}
