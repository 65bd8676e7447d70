import Foundation
import XCTest
@testable import Batch

/// A batch killed in the middle, failing issues, bad archive folders, a full disk.
final class ResilienceTests: XCTestCase {
    /// SIGKILL to the whole process group (coordinator and workers, as a power loss
    /// would) while issues are being written; the next run redoes only what was not done.
    func testKillNineInTheMiddleThenResume() throws {
        let (archive, out) = try Tool.archive(days: 5)
        let proc = try Tool.start(Tool.broadsheet, ["batch", archive, "-o", out, "--jobs", "1"])
        let deadline = Date().addingTimeInterval(120)
        func records() -> [String] { Tool.files(under: out).filter { $0.hasSuffix(".record.json") } }
        while records().count < 2 && Date() < deadline { usleep(20_000) }
        XCTAssertGreaterThanOrEqual(records().count, 2, "the batch did not get going")
        // The batch and its worker processes, all at once.
        let pid = proc.0.processIdentifier
        let workers = Tool.children(of: pid)
        XCTAssertFalse(workers.isEmpty, "no worker process found")
        kill(pid, SIGKILL)
        for w in workers { kill(w, SIGKILL) }
        _ = Tool.finish(proc)
        XCTAssertEqual(proc.0.terminationReason, .uncaughtSignal)

        let done = records()
        XCTAssertLessThan(done.count, 5, "killed too late to test a resume")
        // Every PDF under its final name is whole (poppler reads it), whatever moment the kill came.
        for p in Tool.pdfs(under: out) { XCTAssertEqual(try Tool.pdfPages(out + "/" + p), 2, p) }
        let survivors = try Dictionary(uniqueKeysWithValues: Tool.pdfs(under: out).map { ($0, try Tool.sha(out + "/" + $0)) })

        let resumed = try Tool.batch([archive, "-o", out, "--jobs", "2"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stdout.contains("\(5 - done.count) rendered, 0 failed, \(done.count) up to date"), resumed.stdout)
        XCTAssertEqual(Tool.pdfs(under: out).count, 5)
        for p in Tool.pdfs(under: out) { XCTAssertEqual(try Tool.pdfPages(out + "/" + p), 2, p) }
        // Issues finished before the kill were not rendered again.
        for r in done {
            let pdf = r.replacingOccurrences(of: ".record.json", with: ".pdf")
            XCTAssertEqual(try Tool.sha(out + "/" + pdf), survivors[pdf], pdf)
        }
        // No temporary file is left: the issue being written at the kill cleaned up when redone.
        XCTAssertEqual(Tool.files(under: out).filter { $0.contains(".partial-") || $0.contains(".tmp-") }, [])
        XCTAssertEqual(try Tool.json(out + "/index.json")["ok"] as? Int, 5)
    }

    func testFailingIssuesAreReportedAndTheBatchGoesOn() throws {
        let (archive, out) = try Tool.archive(days: 5, pages: 1)
        let day = { (d: Int) in archive + "/2024/01/2024-01-0\(d)" }
        // 2: malformed YAML; 3: a missing photo; 4: the worker dies; 5: duplicated.
        let issue2 = day(2) + "/issue.yaml"
        try (try String(contentsOfFile: issue2, encoding: .utf8).replacingOccurrences(of: "pages:", with: "pages: [oops")).write(toFile: issue2, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: day(3) + "/photos/gulls.jpg")
        try FileManager.default.copyItem(atPath: day(5), toPath: archive + "/2024/01/2024-01-05-copy")
        // A folder of articles with no issue file.
        try FileManager.default.createDirectory(atPath: archive + "/2024/02/2024-02-01", withIntermediateDirectories: true)
        try "---\nheadline: 孤稿\n---\n正文。\n".write(toFile: archive + "/2024/02/2024-02-01/01-lone.txt", atomically: true, encoding: .utf8)

        let r = try Tool.batch([archive, "-o", out, "--jobs", "2"], env: ["BROADSHEET_CRASH_ON": "2024-01-04"])
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("7 issues: 1 rendered, 6 failed"), r.stdout)
        XCTAssertEqual(Tool.pdfs(under: out), ["2024-01-01/平顶山日报-2024-01-01.pdf"])
        XCTAssertEqual(try Tool.pdfPages(out + "/2024-01-01/平顶山日报-2024-01-01.pdf"), 1)

        let index = try Tool.json(out + "/index.json")
        XCTAssertEqual(index["ok"] as? Int, 1)
        XCTAssertEqual(index["failed"] as? Int, 6)
        let errors = (index["entries"] as! [[String: Any]]).compactMap { $0["error"] as? String }
        func has(_ s: String) -> Bool { errors.contains { $0.contains(s) } }
        XCTAssertTrue(has("2024-01-02/issue.yaml:"), "\(errors)")              // file:line of the YAML error
        XCTAssertTrue(has("photos/gulls.jpg"), "\(errors)")
        XCTAssertTrue(has("killed by signal"), "\(errors)")
        XCTAssertTrue(has("two issue files for 平顶山日报 2024-01-05"), "\(errors)")
        XCTAssertTrue(has("article files but no issue file"), "\(errors)")
        // The messages are in the HTML index too.
        let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        XCTAssertTrue(html.contains("killed by signal"))

        // Fixed inputs: the next run renders only what failed.
        try (try String(contentsOfFile: issue2, encoding: .utf8).replacingOccurrences(of: "pages: [oops", with: "pages:")).write(toFile: issue2, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: archive + "/2024/01/2024-01-05-copy")
        try FileManager.default.removeItem(atPath: archive + "/2024/02")
        let again = try Tool.batch([archive, "-o", out, "--jobs", "2"])
        XCTAssertEqual(again.status, 1, again.stderr)
        XCTAssertTrue(again.stdout.contains("5 issues: 3 rendered, 1 failed, 1 up to date"), again.stdout)
        XCTAssertEqual(Tool.pdfs(under: out).count, 4)
    }

    /// A write that fails as on a full disk: that issue fails, nothing half-written
    /// appears, outputs already done stay valid, the next run finishes the job.
    func testFullDiskThenResume() throws {
        let (archive, out) = try Tool.archive(days: 3, pages: 1)
        let r = try Tool.batch([archive, "-o", out, "--jobs", "1"], env: ["BROADSHEET_FAIL_WRITE": "2024-01-02.pdf"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("No space left on device"), r.stderr)
        XCTAssertEqual(Tool.pdfs(under: out), ["2024-01-01/平顶山日报-2024-01-01.pdf", "2024-01-03/平顶山日报-2024-01-03.pdf"])
        XCTAssertFalse(Tool.files(under: out).contains { $0.contains("2024-01-02") && $0.hasSuffix(".pdf") })
        let ok = try Tool.sha(out + "/2024-01-01/平顶山日报-2024-01-01.pdf")
        // The record write itself failing (disk full at the very end) also fails the issue.
        let r2 = try Tool.batch([archive, "-o", out, "--jobs", "1"], env: ["BROADSHEET_FAIL_WRITE": "2024-01-02.record"])
        XCTAssertEqual(r2.status, 1)
        let again = try Tool.batch([archive, "-o", out, "--jobs", "1"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("1 rendered, 0 failed, 2 up to date"), again.stdout)
        XCTAssertEqual(try Tool.sha(out + "/2024-01-01/平顶山日报-2024-01-01.pdf"), ok)
        XCTAssertEqual(try Tool.pdfPages(out + "/2024-01-02/平顶山日报-2024-01-02.pdf"), 1)
    }
}
