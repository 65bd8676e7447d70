import Foundation
import XCTest

/// The second newspaper: an English-language broadsheet from its own templates and
/// articles, through the same masthead, jump and reference machinery.
final class EnglishPaperTests: XCTestCase {
    var project: URL!
    var out: URL { project.appendingPathComponent("out") }

    override func setUpWithError() throws {
        project = try CLI.scratchProject(name)
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("Articles/2024-01-12-en"),
                                         to: project.appendingPathComponent("Articles/2024-01-12-en"))
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: project) }

    func testEnglishIssueRendersFromItsOwnTemplates() throws {
        let issue = project.appendingPathComponent("Articles/2024-01-12-en/issue.yaml").path
        let pdf = out.appendingPathComponent("en.pdf").path
        let manifest = out.appendingPathComponent("en.json").path
        let r = try CLI.run(["render", issue, "-o", pdf, "--manifest", manifest, "--strict"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(r.stdout.contains("OVERSET"), r.stdout)

        // Two 11 × 19 in pages.
        let info = try CLI.exec("/usr/bin/pdfinfo", ["-f", "1", "-l", "2", pdf]).stdout
        XCTAssertTrue(info.contains("Pages:           2"), info)
        XCTAssertTrue(info.contains("Page    1 size:  792 x 1368 pts"), info)
        // Latin serif body and headlines from fonts-liberation2, embedded.
        let fonts = try CLI.exec("/usr/bin/pdffonts", [pdf]).stdout
        XCTAssertTrue(fonts.contains("LiberationSerif-Bold"), fonts)
        XCTAssertTrue(fonts.split(separator: "\n").contains { $0.contains("LiberationSerif ") || $0.contains("LiberationSerif\t") || $0.hasSuffix("LiberationSerif") || $0.contains("+LiberationSerif ") }, fonts)
        for row in fonts.split(separator: "\n").dropFirst(2) { XCTAssertTrue(row.contains(" yes yes "), "not embedded: \(row)") }

        // Masthead: text nameplate, English dateline; the lead jumps with English jump lines.
        let text = try CLI.exec("/usr/bin/pdftotext", ["-layout", pdf, "-"]).stdout
        for s in ["The Eagle City Courier", "Friday, January 12, 2024", "No. 1207", "2 pages", "Sunny, -3 to 8°C",
                  "Continued on page 2", "Continued from page 1", "Page 2"] {
            XCTAssertTrue(text.contains(s), "no '\(s)' in the English issue")
        }
        XCTAssertFalse(text.contains("总第"), "the Chinese header leaked into the English paper")

        let m = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifest))) as! [String: Any]
        let lines = (m["pages"] as! [[String: Any]]).flatMap { $0["lines"] as! [[String: Any]] }
        // Justified, hyphenated columns: a line broken inside a word ends in a letter (a line
        // broken at a space keeps the space; the hyphen is drawn after the line's clusters).
        let body = lines.filter { ($0["role"] as? String) == "body" }.map { $0["text"] as! String }
        let hyphenated = body.filter { $0.last?.isLetter == true }
        XCTAssertGreaterThan(hyphenated.count, 20, "no hyphenated line ends")
        XCTAssertLessThan(hyphenated.count, body.count / 3)
        // Justified: most lines (all but paragraph ends) end flush with the measure.
        let lead = lines.filter { ($0["role"] as? String) == "body" && ($0["article"] as? String) == "en-01-economy" }
        let flush = lead.filter { l in
            let clusters = (l["clusters"] as! [[String: Any]]).filter { !($0["t"] as! String).allSatisfy(\.isWhitespace) }
            guard let last = clusters.last else { return false }
            let end = (last["x"] as! Double) + (last["w"] as! Double)
            let right = (l["x"] as! Double) + (l["width"] as! Double)
            // A hyphenated line's hyphen (not a cluster) fills the last few points.
            return abs(end - right) < 0.6 || ((l["text"] as! String).last?.isLetter == true && right - end < 4)
        }
        XCTAssertGreaterThan(Double(flush.count), 0.75 * Double(lead.count), "\(flush.count) of \(lead.count) lines flush")
        // The index's page references resolved from the layout.
        let refs = try XCTUnwrap(m["references"] as? [[String: Any]])
        XCTAssertEqual(Set(refs.map { $0["target"] as! String }), ["en-09-lanwan", "en-11-smart", "en-07-census"])
        XCTAssertTrue(refs.allSatisfy { ($0["page"] as? Int) == 2 }, "\(refs)")
    }

    /// Both pages are full, as the Chinese demo's: no overset, at most 2 % of the module
    /// cells empty (underset inside modules, or grid area no module covers), read back
    /// from the copyfit report's frames on the 134.4 pt + 12 pt columns and 11.5 pt lines.
    func testBothPagesAreFull() throws {
        let issue = project.appendingPathComponent("Articles/2024-01-12-en/issue.yaml").path
        let report = out.appendingPathComponent("copyfit.json").path
        let r = try CLI.run(["render", issue, "-o", out.appendingPathComponent("en.pdf").path, "--report", report])
        XCTAssertEqual(r.status, 0, r.stderr)
        let entries = (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as! [String: Any])["entries"] as! [[String: Any]]
        let moduleCells = [1: 5 * 98,             // front page: the masthead is above the grid
                           2: 5 * 108 - 3 * 29]   // inside page less the subscription ad
        for (page, cells) in moduleCells.sorted(by: { $0.key < $1.key }) {
            let onPage = entries.filter { $0["page"] as? Int == page }
            XCTAssertGreaterThan(onPage.count, 3)
            XCTAssertTrue(onPage.allSatisfy { $0["status"] as? String != "overset" }, "page \(page) has overset")
            var covered = 0, underset = 0
            for e in onPage {
                let f = e["frame"] as! [String: Any]
                let (w, h) = (f["width"] as! Double, f["height"] as! Double)
                covered += Int((h / 11.5).rounded()) * Int(((w + 12) / 146.4).rounded())
                underset += e["undersetLines"] as! Int
            }
            XCTAssertEqual(covered, cells, "page \(page): modules leave \(cells - covered) cells uncovered")
            let empty = underset + (cells - covered)
            XCTAssertLessThanOrEqual(Double(empty), 0.02 * Double(cells), "page \(page): \(empty) of \(cells) cells empty")
        }
    }
}
