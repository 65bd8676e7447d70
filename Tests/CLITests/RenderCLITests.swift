import Foundation
import XCTest

/// End-to-end: `broadsheet render` on the demo issue and on broken copies of it.
final class RenderCLITests: XCTestCase {
    var project: URL!
    var issue: String { project.appendingPathComponent("Articles/2024-01-12/issue.yaml").path }
    var out: URL { project.appendingPathComponent("out") }

    override func setUpWithError() throws { project = try CLI.scratchProject(name) }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: project) }

    func testDemoIssueRendersWithEveryCharacterAccountedFor() throws {
        let pdf = out.appendingPathComponent("demo.pdf").path
        let manifest = out.appendingPathComponent("manifest.json").path
        let report = out.appendingPathComponent("copyfit.json").path
        let r = try CLI.run(["render", issue, "-o", pdf, "--manifest", manifest, "--report", report])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("01-economy"), r.stdout)
        XCTAssertFalse(r.stdout.contains("OVERSET"), r.stdout)

        // Page size is the template's trim: 390 × 543 mm.
        let info = try CLI.exec("/usr/bin/pdfinfo", ["-f", "1", "-l", "3", pdf])
        XCTAssertTrue(info.stdout.contains("Page    1 size:  1105.51 x 1539.21 pts"), info.stdout)
        // The supplement pages are tabloid: 280 × 400 mm.
        XCTAssertTrue(info.stdout.contains("Page    2 size:  793.701 x 1133.86 pts"), info.stdout)

        // The JPEG photos go in as JPEG (DCT), not re-encoded.
        let images = try CLI.exec("/usr/bin/pdfimages", ["-list", "-f", "1", "-l", "1", pdf]).stdout
        let jpegs = images.split(separator: "\n").filter { $0.contains(" jpeg ") }
        XCTAssertEqual(jpegs.count, 2, images)
        XCTAssertTrue(jpegs.allSatisfy { $0.contains("1200") }, images)

        // Every font is embedded.
        let fonts = try CLI.exec("/usr/bin/pdffonts", [pdf])
        let rows = fonts.stdout.split(separator: "\n").dropFirst(2)
        XCTAssertGreaterThan(rows.count, 3)
        for row in rows { XCTAssertTrue(row.contains(" yes yes "), "not embedded: \(row)") }

        // Every body character of every article is on the page (manifest) or in the overset report.
        let m = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifest))) as! [String: Any]
        let pages = m["pages"] as! [[String: Any]]
        XCTAssertEqual(pages.map { $0["number"] as! Int }, [3, 4, 5])
        let lines = pages.flatMap { $0["lines"] as! [[String: Any]] }
        let articlesDir = project.appendingPathComponent("Articles/2024-01-12")
        for file in try FileManager.default.contentsOfDirectory(atPath: articlesDir.path) where file.hasSuffix(".txt") {
            let id = String(file.dropLast(4))
            let text = try String(contentsOf: articlesDir.appendingPathComponent(file), encoding: .utf8)
            // The run-in byline opens the first paragraph; take it out before comparing.
            let byline = text.split(separator: "\n").first { $0.hasPrefix("byline: ") }
                .map { String($0.dropFirst(8)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } ?? ""
            let body = text.components(separatedBy: "\n---\n").dropFirst().joined()
                .replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "## ", with: "")
                .filter { !$0.isWhitespace && !"“”‘’\"'".contains($0) }
            // Body and in-body subheads across every page (a jumped story runs over two).
            let placed = lines.filter { ($0["article"] as? String) == id && ["body", "inBodySubhead"].contains($0["role"] as? String) }
                .map { $0["text"] as! String }.joined()
                .replacingOccurrences(of: byline, with: "", options: [], range: nil)
                .filter { !$0.isWhitespace && !"“”‘’\"'".contains($0) }
            XCTAssertEqual(placed, body, "\(id): placed body text differs from the article file")
        }
        // The jump lines are there.
        XCTAssertTrue(lines.contains { ($0["role"] as? String) == "jump" && ($0["text"] as? String) == "（下转第5版）" })
        XCTAssertTrue(lines.contains { ($0["role"] as? String) == "jump" && ($0["text"] as? String) == "（上接第4版）" })

        // pdftotext finds the text (a headline and the colophon's price).
        let text = try CLI.exec("/usr/bin/pdftotext", [pdf, "-"]).stdout
        XCTAssertTrue(text.contains("示范区经济稳中有进动能持续增强"))
        XCTAssertTrue(text.contains("定价"))
    }

    func testTwoRendersAreByteIdentical() throws {
        let a = out.appendingPathComponent("a.pdf").path, b = out.appendingPathComponent("b.pdf").path
        XCTAssertEqual(try CLI.run(["render", issue, "-o", a]).status, 0)
        XCTAssertEqual(try CLI.run(["render", issue, "-o", b]).status, 0)
        let da = try Data(contentsOf: URL(fileURLWithPath: a)), db = try Data(contentsOf: URL(fileURLWithPath: b))
        XCTAssertGreaterThan(da.count, 10000)
        XCTAssertEqual(da, db)
        // The creation date is the issue date, not the clock.
        XCTAssertTrue(String(decoding: da, as: UTF8.self).contains("/CreationDate (20240112000000Z)"))
    }

    func testMalformedYAMLNamesFileAndLineAndLeavesNoPDF() throws {
        let file = project.appendingPathComponent("Articles/2024-01-12/02-binhu.txt")
        try CLI.edit(file) { $0.replacingOccurrences(of: "priority: ", with: "priority: [") }
        let pdf = out.appendingPathComponent("bad.pdf").path
        let r = try CLI.run(["render", issue, "-o", pdf])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("02-binhu.txt:"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: pdf))
    }

    func testMissingPhotoIsAnError() throws {
        try FileManager.default.removeItem(at: project.appendingPathComponent("Articles/2024-01-12/photos/gulls.jpg"))
        let r = try CLI.run(["render", issue, "-o", out.appendingPathComponent("x.pdf").path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("09-gulls.txt"), r.stderr)
        XCTAssertTrue(r.stderr.contains("gulls.jpg"), r.stderr)
    }

    func testCorruptPhotoIsAnError() throws {
        let photo = project.appendingPathComponent("Articles/2024-01-12/photos/gulls.jpg")
        let d = try Data(contentsOf: photo)
        try d.prefix(d.count / 2).write(to: photo)
        let pdf = out.appendingPathComponent("x.pdf").path
        let r = try CLI.run(["render", issue, "-o", pdf])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("gulls.jpg"), r.stderr)
        XCTAssertTrue(r.stderr.contains("corrupt"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: pdf))
    }

    func testGlyphMissingFromEveryFontNamesFileLineAndCharacter() throws {
        // U+13000 (Egyptian hieroglyph A001) is in none of the configured fonts.
        let file = project.appendingPathComponent("Articles/2024-01-12/07-lanwan.txt")
        try CLI.edit(file) { $0 + "\n\n古埃及文字\u{13000}不在字库中。\n" }
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let lineNo = lines.firstIndex { $0.contains("古埃及文字") }! + 1
        let pdf = out.appendingPathComponent("x.pdf").path
        let r = try CLI.run(["render", issue, "-o", pdf])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("07-lanwan.txt:\(lineNo):"), r.stderr)
        XCTAssertTrue(r.stderr.contains("U+13000"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: pdf))
    }

    /// Pages are written while later ones are still being laid out: an error on the last
    /// page (5) comes after pages 3 and 4 were drawn, and must still leave no file at all.
    func testErrorOnALaterPageLeavesNoPDFAndNoPartialFile() throws {
        let file = project.appendingPathComponent("Articles/2024-01-12/12-english.txt")
        try CLI.edit(file) { $0 + "\n\nA hieroglyph \u{13000} no font has.\n" }
        let pdf = out.appendingPathComponent("late.pdf").path
        let r = try CLI.run(["render", issue, "-o", pdf])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("12-english.txt:"), r.stderr)
        XCTAssertTrue(r.stderr.contains("U+13000"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: pdf))
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        XCTAssertEqual(left.filter { $0.contains("late.pdf") }, [], "a partial file was left behind")
    }

    func testUnknownSlotIsAnError() throws {
        try CLI.edit(URL(fileURLWithPath: issue)) { $0.replacingOccurrences(of: "ear: 02-binhu", with: "eer: 02-binhu") }
        let r = try CLI.run(["render", issue, "-o", out.appendingPathComponent("x.pdf").path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("issue.yaml:"), r.stderr)
        XCTAssertTrue(r.stderr.contains("eer"), r.stderr)
    }

    func testFontThatIsNotInstalledIsAnError() throws {
        let fonts = project.appendingPathComponent("Fonts/fonts.yaml")
        try CLI.edit(fonts) { $0.replacingOccurrences(of: "Noto Sans CJK SC", with: "Nonexistent Hei") }
        let r = try CLI.run(["render", issue, "-o", out.appendingPathComponent("x.pdf").path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("Nonexistent Hei"), r.stderr)
        XCTAssertTrue(r.stderr.contains("broadsheet-6col.yaml"), r.stderr)
    }

    func testStrictFailsOnOversetAndReportsIt() throws {
        // Add a long paragraph to a story so it cannot fit its slot.
        let file = project.appendingPathComponent("Articles/2024-01-12/06-hubinlu.txt")
        try CLI.edit(file) { $0 + "\n\n" + String(repeating: "街道普查员走进企业询问经营情况。", count: 30) + "\n" }
        let report = out.appendingPathComponent("r.json").path
        let r = try CLI.run(["render", issue, "-o", out.appendingPathComponent("x.pdf").path, "--strict", "--report", report])
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stdout.contains("OVERSET"), r.stdout)
        XCTAssertTrue(r.stderr.contains("06-hubinlu"), r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as! [String: Any]
        let entry = (json["entries"] as! [[String: Any]]).first { ($0["articleID"] as? String) == "06-hubinlu" }!
        XCTAssertEqual(entry["status"] as? String, "overset")
        XCTAssertGreaterThan(entry["oversetCharacters"] as! Int, 200)
        XCTAssertEqual((entry["oversetText"] as! String).filter { !$0.isWhitespace }.count, entry["oversetCharacters"] as! Int)
    }

    func testPNGProofsAreWritten() throws {
        let dir = out.appendingPathComponent("proof").path
        let r = try CLI.run(["render", issue, "-o", out.appendingPathComponent("x.pdf").path, "--png", dir, "--dpi", "20"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let png = try Data(contentsOf: URL(fileURLWithPath: dir + "/page-3.png"))
        XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
    }
}
