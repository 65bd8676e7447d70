import Foundation
import XCTest

/// `broadsheet watch` as an editor uses it: render, save an article, see the new PDF;
/// save a broken article or delete the issue file, keep the last good PDF.
final class WatchCLITests: XCTestCase {
    var project: URL!
    var issueDir: URL { project.appendingPathComponent("Articles/2024-01-12") }
    var out: URL { project.appendingPathComponent("out") }

    override func setUpWithError() throws { project = try CLI.scratchProject(name) }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: project) }

    func pdfText(_ pdf: String) throws -> String {
        try CLI.exec("/usr/bin/pdftotext", ["-f", "1", "-l", "1", pdf, "-"]).stdout.filter { !$0.isWhitespace }
    }

    /// `broadsheet watch` on the demo issue, writing `out/watch.pdf`, its output in a log file.
    func startWatch(_ extra: [String]) throws -> (process: Process, log: URL, pdf: String) {
        let pdf = out.appendingPathComponent("watch.pdf").path
        let log = project.appendingPathComponent("watch.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let p = Process()
        p.executableURL = CLI.executable
        p.arguments = ["watch", issueDir.appendingPathComponent("issue.yaml").path, "-o", pdf] + extra
        let handle = try FileHandle(forWritingTo: log)
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        return (p, log, pdf)
    }

    func testRerendersOnSaveAndKeepsTheLastGoodPDFOnErrors() throws {
        let (p, log, pdf) = try startWatch(["--png", out.appendingPathComponent("proof").path, "--dpi", "15", "--max-passes", "5"])
        defer { if p.isRunning { p.terminate() } }

        var text = try CLI.waitFor("pass 1:", in: log)
        XCTAssertTrue(text.contains("pass 1: first pass: 5 pages set in"), text)
        XCTAssertTrue(text.contains("copyfit: 23 modules, 0 overset"), text)
        XCTAssertTrue(try pdfText(pdf).contains("让“进”的势头成为“稳”的底气"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("proof/page-1.png").path))

        // An editor changes the commentary's headline.
        let comment = issueDir.appendingPathComponent("00-front-comment.txt")
        try CLI.edit(comment) { $0.replacingOccurrences(of: "headline: 让“进”的势头成为“稳”的底气", with: "headline: 让“进”的势头化为“稳”的底气") }
        text = try CLI.waitFor("pass 2:", in: log)
        XCTAssertTrue(text.contains("pass 2: 2024-01-12/00-front-comment.txt changed: 5 pages set in"), text)
        XCTAssertTrue(text.contains("save → PDF"), text)
        // Only page 1 changed: pages 3–6 are not set again, page 4's placement not searched again.
        XCTAssertTrue(text.contains("4 unchanged pages reused; 1 automatic placement reused"), text)
        XCTAssertTrue(try pdfText(pdf).contains("让“进”的势头化为“稳”的底气"))
        // … and the PDF is the one a fresh render makes, byte for byte.
        let fresh = out.appendingPathComponent("fresh.pdf").path
        XCTAssertEqual(try CLI.run(["render", issueDir.appendingPathComponent("issue.yaml").path, "-o", fresh]).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: pdf)), try Data(contentsOf: URL(fileURLWithPath: fresh)))

        // A template changes: the front page's ear title.
        try CLI.edit(project.appendingPathComponent("Layouts/broadsheet-front.yaml")) {
            $0.replacingOccurrences(of: "title: 今日天气", with: "title: 天气预报")
        }
        text = try CLI.waitFor("pass 3:", in: log)
        XCTAssertTrue(text.contains("pass 3: Layouts/broadsheet-front.yaml changed: 5 pages set in"), text)
        XCTAssertTrue(text.contains("4 unchanged pages reused"), text)
        XCTAssertTrue(try pdfText(pdf).contains("天气预报"))
        let good = try Data(contentsOf: URL(fileURLWithPath: pdf))

        // A broken save: the error names file and line; the PDF stays as it was.
        try CLI.edit(comment) { $0.replacingOccurrences(of: "priority: 3", with: "priority: [3") }
        text = try CLI.waitFor("pass 4:", in: log)
        XCTAssertTrue(text.contains("00-front-comment.txt:"), text)
        XCTAssertTrue(text.contains("pass 4: the last good PDF is kept"), text)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: pdf)), good)

        // The issue file deleted while watching: an error, no crash, the PDF kept.
        try FileManager.default.removeItem(at: issueDir.appendingPathComponent("issue.yaml"))
        text = try CLI.waitFor("pass 5:", in: log)
        XCTAssertTrue(text.contains("no such issue file"), text)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: pdf)), good)

        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        XCTAssertFalse(text.contains("Fatal error"), text)
    }

    /// What `render` warns about, `watch` says too: a save that leaves a quote
    /// unclosed in a zh-Hant story (set with corner quotes) names file and line.
    func testWarnsAboutUnbalancedQuotesOnSave() throws {
        let (p, log, _) = try startWatch(["--max-passes", "2"])
        defer { if p.isRunning { p.terminate() } }

        var text = try CLI.waitFor("pass 1:", in: log)
        XCTAssertFalse(text.contains("warning:"), text)
        let story = issueDir.appendingPathComponent("14-xiliu-hant.txt")
        try CLI.edit(story) { $0.replacingOccurrences(of: "在傳承手藝上做“文章”，建設", with: "在傳承手藝上做“文章，建設") }
        text = try CLI.waitFor("pass 2:", in: log)
        p.waitUntilExit()
        text = try String(contentsOf: log, encoding: .utf8)
        XCTAssertTrue(text.contains("warning: \(story.path):8: paragraph: “ at character"), text)
        XCTAssertTrue(text.contains("is never closed; its quotes are left as written"), text)
        XCTAssertEqual(p.terminationStatus, 0)
    }
}
