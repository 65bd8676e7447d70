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

        // Page size is the template's trim: 390 × 543 mm for the front page and the seed page.
        let info = try CLI.exec("/usr/bin/pdfinfo", ["-f", "1", "-l", "4", pdf])
        XCTAssertTrue(info.stdout.contains("Page    1 size:  1105.51 x 1539.21 pts"), info.stdout)
        XCTAssertTrue(info.stdout.contains("Page    2 size:  1105.51 x 1539.21 pts"), info.stdout)
        // The supplement pages are tabloid: 280 × 400 mm.
        XCTAssertTrue(info.stdout.contains("Page    3 size:  793.701 x 1133.86 pts"), info.stdout)

        // The JPEG photos go in as JPEG (DCT), not re-encoded: the lead photo on the front
        // page, the two photo stories on the seed page (PDF page 2).
        // The front photo is 2600 px wide (over 200 ppi across four columns), the others 1200.
        for (page, count, width) in [(1, 1, "2600"), (2, 2, "1200")] {
            let images = try CLI.exec("/usr/bin/pdfimages", ["-list", "-f", "\(page)", "-l", "\(page)", pdf]).stdout
            let jpegs = images.split(separator: "\n").filter { $0.contains(" jpeg ") }
            XCTAssertEqual(jpegs.count, count, images)
            XCTAssertTrue(jpegs.allSatisfy { $0.split(separator: " ")[3] == width }, images)
        }

        // Every font is embedded.
        let fonts = try CLI.exec("/usr/bin/pdffonts", [pdf])
        let rows = fonts.stdout.split(separator: "\n").dropFirst(2)
        XCTAssertGreaterThan(rows.count, 3)
        for row in rows { XCTAssertTrue(row.contains(" yes yes "), "not embedded: \(row)") }

        // Every body character of every article is on the page (manifest) or in the overset report.
        let m = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifest))) as! [String: Any]
        let pages = m["pages"] as! [[String: Any]]
        XCTAssertEqual(pages.map { $0["number"] as! Int }, [1, 3, 4, 5, 6])
        let lines = pages.flatMap { $0["lines"] as! [[String: Any]] }
        // Page references ({page:ID}) are printed as the page the manifest resolved them to.
        let references = (m["references"] as? [[String: Any]]) ?? []
        XCTAssertGreaterThan(references.count, 10)
        let articlesDir = project.appendingPathComponent("Articles/2024-01-12")
        for file in try FileManager.default.contentsOfDirectory(atPath: articlesDir.path) where file.hasSuffix(".txt") {
            let id = String(file.dropLast(4))
            let text = try String(contentsOf: articlesDir.appendingPathComponent(file), encoding: .utf8)
            // The run-in byline opens the first paragraph; take it out before comparing.
            let byline = text.split(separator: "\n").first { $0.hasPrefix("byline: ") }
                .map { String($0.dropFirst(8)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } ?? ""
            var raw = text.components(separatedBy: "\n---\n").dropFirst().joined()
            for r in references where (r["from"] as? String) == id {
                raw = raw.replacingOccurrences(of: "{page:\(r["target"] as! String)}", with: "\(r["page"] as! Int)")
            }
            XCTAssertFalse(raw.contains("{page:"), "\(id): unresolved reference")
            let body = raw
                .replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "## ", with: "")
                .filter { !$0.isWhitespace && !"“”‘’\"'「」『』".contains($0) }
            // Body and in-body subheads across every page (a jumped story runs over two).
            let placed = lines.filter { ($0["article"] as? String) == id && ["body", "inBodySubhead"].contains($0["role"] as? String) }
                .map { $0["text"] as! String }.joined()
                .replacingOccurrences(of: byline, with: "", options: [], range: nil)
                .filter { !$0.isWhitespace && !"“”‘’\"'「」『』".contains($0) }   // quotes as the style sets them
            XCTAssertEqual(placed, body, "\(id): placed body text differs from the article file")
        }
        // The jump lines are there.
        XCTAssertTrue(lines.contains { ($0["role"] as? String) == "jump" && ($0["text"] as? String) == "（下转第5版）" })
        XCTAssertTrue(lines.contains { ($0["role"] as? String) == "jump" && ($0["text"] as? String) == "（上接第4版）" })

        // pdftotext finds the text (a headline and the colophon's price).
        let text = try CLI.exec("/usr/bin/pdftotext", [pdf, "-"]).stdout
        XCTAssertTrue(text.contains("示范区经济稳中有进动能持续增强"))
        XCTAssertTrue(text.contains("定价"))
        // The front page's masthead: the data line with the lunar date and the page count.
        let front = try CLI.exec("/usr/bin/pdftotext", ["-f", "1", "-l", "1", "-layout", pdf, "-"]).stdout
        for s in ["2024年1月12日", "星期五", "农历癸卯年腊月初二", "总第17008期", "今日5版", "CN41-0011", "邮发代号 35-19", "北风2级"] {
            XCTAssertTrue(front.contains(s), "front page lacks \(s)")
        }
    }

    /// Every teaser and jump names the page its story is really on (read back from the
    /// manifest's article frames), and moving a story moves its references.
    func testReferencesResolveToThePagesTheStoriesAreOn() throws {
        func render(_ name: String) throws -> [String: Any] {
            let manifest = out.appendingPathComponent("\(name).json").path
            let r = try CLI.run(["render", issue, "-o", out.appendingPathComponent("\(name).pdf").path, "--manifest", manifest,
                                 "--manifest-detail", "lines"])
            XCTAssertEqual(r.status, 0, r.stderr)
            return try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifest))) as! [String: Any]
        }
        func check(_ m: [String: Any]) throws -> [String: Int] {
            let pages = m["pages"] as! [[String: Any]]
            var firstPage: [String: Int] = [:]
            for p in pages {
                for a in p["articles"] as! [[String: Any]] where firstPage[a["id"] as! String] == nil {
                    firstPage[a["id"] as! String] = p["number"] as? Int
                }
            }
            let refs = try XCTUnwrap(m["references"] as? [[String: Any]])
            var resolved: [String: Int] = [:]
            for r in refs {
                let target = r["target"] as! String, page = r["page"] as! Int, from = r["from"] as! String
                XCTAssertEqual(firstPage[target], page, "\(from) → \(target)")
                XCTAssertNotNil(r["line"] as? Int, "\(r)")
                // The referring story's printed lines say so.
                let text = pages.flatMap { $0["lines"] as! [[String: Any]] }.filter { ($0["article"] as? String) == from }
                    .map { $0["text"] as! String }.joined()
                XCTAssertTrue(text.contains("详见第\(page)版"), "\(from): no 详见第\(page)版")
                if from == "00-front-index" { resolved[target] = page }
            }
            return resolved
        }
        let before = try check(try render("before"))
        XCTAssertEqual(before["04-discipline"], 3)
        XCTAssertEqual(before["10-review"], 4)
        XCTAssertEqual(before["12-english"], 5)

        // Renumber the last page: the teaser and the jump line follow.
        try CLI.edit(URL(fileURLWithPath: issue)) { $0.replacingOccurrences(of: "  - number: 5\n", with: "  - number: 8\n") }
        let moved = try render("after")
        let after = try check(moved)
        XCTAssertEqual(after["12-english"], 8)
        XCTAssertEqual(after["04-discipline"], 3)
        let lines = (moved["pages"] as! [[String: Any]]).flatMap { $0["lines"] as! [[String: Any]] }
        XCTAssertTrue(lines.contains { ($0["role"] as? String) == "jump" && ($0["text"] as? String) == "（下转第8版）" })
    }

    func testReferenceToAStoryOnNoPageIsAnErrorNamingFileAndLine() throws {
        try CLI.edit(URL(fileURLWithPath: issue)) { $0.replacingOccurrences(of: "      digest: 12-english\n", with: "") }
        let index = project.appendingPathComponent("Articles/2024-01-12/00-front-index.txt")
        let text = try String(contentsOf: index, encoding: .utf8)
        let lineNo = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("{page:12-english}") }! + 1
        let pdf = out.appendingPathComponent("x.pdf").path
        let r = try CLI.run(["render", issue, "-o", pdf])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("00-front-index.txt:\(lineNo): "), r.stderr)
        XCTAssertTrue(r.stderr.contains("'12-english' is on no page"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: pdf))
    }

    func testIssueDateOutsideTheLunarCalendarIsAnError() throws {
        try CLI.edit(URL(fileURLWithPath: issue)) { $0.replacingOccurrences(of: "date: 2024-01-12", with: "date: 1899-12-31") }
        let pdf = out.appendingPathComponent("x.pdf").path
        let r = try CLI.run(["render", issue, "-o", pdf])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("issue.yaml:3: "), r.stderr)
        XCTAssertTrue(r.stderr.contains("1899-12-31 is outside the range"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: pdf))
    }

    func testMissingOrCorruptNameplateArtworkIsAnError() throws {
        let art = project.appendingPathComponent("Layouts/art/pds-nameplate.pdf")
        let pdf = out.appendingPathComponent("x.pdf").path
        try FileManager.default.removeItem(at: art)
        var r = try CLI.run(["render", issue, "-o", pdf])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("broadsheet-front.yaml:"), r.stderr)
        XCTAssertTrue(r.stderr.contains("pds-nameplate.pdf' not found"), r.stderr)
        // A PDF header on a truncated file: poppler refuses it at layout.
        try Data("%PDF-1.5\n1 0 obj".utf8).write(to: art)
        r = try CLI.run(["render", issue, "-o", pdf])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("broadsheet-front.yaml"), r.stderr)
        XCTAssertTrue(r.stderr.contains("cannot be read as a PDF"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: pdf))
    }

    /// Full pages: every demo page has no overset and at most 2 % of its module cells
    /// empty (underset inside modules, or grid area no module covers). Cells are read
    /// back from the copyfit report's module frames on the 153 pt + 12 pt column grid
    /// with its 13.5 pt lines.
    func testEveryDemoPageIsFull() throws {
        let report = out.appendingPathComponent("copyfit.json").path
        let r = try CLI.run(["render", issue, "-o", out.appendingPathComponent("x.pdf").path, "--report", report])
        XCTAssertEqual(r.status, 0, r.stderr)
        let entries = (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as! [String: Any])["entries"] as! [[String: Any]]
        // Cells modules may use: the grid less banners and ads.
        let moduleCells = [1: 6 * 87 - 2 * 17,   // front page (the masthead is above the grid) less the ad
                           3: 6 * 99 - 2 * 6,    // the seed page's red banner
                           4: 4 * 71 - 4 * 6,    // the strip ad
                           5: 4 * 71 - 2 * 2 * 21,  // two house ads
                           6: 4 * 71 - 2 * 27]      // the house ad under the 竖题 story
        for (page, cells) in moduleCells.sorted(by: { $0.key < $1.key }) {
            let onPage = entries.filter { $0["page"] as? Int == page }
            XCTAssertFalse(onPage.isEmpty)
            XCTAssertTrue(onPage.allSatisfy { $0["status"] as? String != "overset" }, "page \(page) has overset")
            var covered = 0, underset = 0
            for e in onPage {
                let f = e["frame"] as! [String: Any]
                let (w, h) = (f["width"] as! Double, f["height"] as! Double)
                covered += Int((h / 13.5).rounded()) * Int(((w + 12) / 165).rounded())
                // A vertical module's underset counts vertical lines (at least 15.5 pt apart,
                // rounded up to 18): each is taken as long as the whole module (an upper
                // bound when it is tiered).
                let vertical = page == 6 && (e["slot"] as! String).hasPrefix("vertical")
                let lines = e["undersetLines"] as! Int
                underset += vertical ? Int((Double(lines) * (h / 13.5) * 18 / 165).rounded(.up)) : lines
            }
            XCTAssertEqual(covered, cells, "page \(page): modules leave \(cells - covered) cells uncovered")
            let empty = underset + (cells - covered)
            XCTAssertLessThanOrEqual(Double(empty), 0.02 * Double(cells), "page \(page): \(empty) of \(cells) cells empty")
        }
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
        // The first page's template is the first to name the font.
        XCTAssertTrue(r.stderr.contains("broadsheet-front.yaml"), r.stderr)
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
