import Foundation
import XCTest
@testable import Batch

/// The index of a large archive: an overview page and one page per month.
final class IndexTests: XCTestCase {
    func testLargeArchivesGetAnOverviewAndAPagePerMonth() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-index-\(getpid())").path
        try? FileManager.default.removeItem(atPath: out)
        var jobs: [BatchJob] = []
        let cal = Calendar(identifier: .gregorian)
        var day = cal.date(from: DateComponents(timeZone: TimeZone(identifier: "UTC"), year: 2024, month: 1, day: 1))!
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.timeZone = TimeZone(identifier: "UTC")
        for i in 0..<70 {
            let date = f.string(from: day)
            let job = BatchJob(id: "\(date)/issue.yaml", issuePath: "/a/\(date)/issue.yaml", newspaper: "平顶山日报", date: date,
                               number: 17000 + i, pageCount: 2)
            jobs.append(job)
            let failed = i == 40
            let rec = IssueRecord(job: job, status: failed ? .failed : .ok, error: failed ? "/a/\(date)/issue.yaml:3: broken" : nil,
                                  version: BroadsheetVersion.string, recipe: "profile=screen", inputs: [:], articleFiles: [],
                                  pdf: failed ? nil : "\(date)/\(job.stem!).pdf", pdfBytes: 1,
                                  pages: failed ? [] : [.init(number: 1, articles: ["头条"], thumbnail: "\(date)/thumbs/p1.png", alto: nil),
                                                        .init(number: 2, articles: [], thumbnail: nil, alto: nil)],
                                  copyfit: nil, seconds: 0)
            if i < 69 { try AtomicFile.write(rec.json(), to: out + "/" + job.recordPath) }   // the last one: pending
            day = cal.date(byAdding: .day, value: 1, to: day)!
        }
        let index = ArchiveIndex(jobs: jobs, outDir: out)
        XCTAssertEqual([index.ok, index.failed, index.pending, index.pages], [68, 1, 1, 136])
        try index.write(to: out)
        let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".html") }.sorted()
        XCTAssertEqual(files, ["index-2024-01.html", "index-2024-02.html", "index-2024-03.html", "index.html"])
        let overview = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        XCTAssertFalse(overview.contains("<img"))
        XCTAssertTrue(overview.contains("<a href=\"index-2024-02.html\">2024-02</a></td><td>29</td><td>56</td><td>1</td><td>0</td>"), overview)
        XCTAssertTrue(overview.contains("issue.yaml:3: broken"))
        let jan = try String(contentsOfFile: out + "/index-2024-01.html", encoding: .utf8)
        XCTAssertEqual(jan.components(separatedBy: "<img ").count - 1, 31)
        XCTAssertTrue(jan.contains("href=\"2024-01-05/平顶山日报-2024-01-05.pdf#page=2\""))
        XCTAssertTrue(jan.contains("<a href=\"index.html\">"))
        // Small archives keep everything on one page.
        try index.write(to: out, onePageLimit: 100)
        XCTAssertEqual(try String(contentsOfFile: out + "/index.html", encoding: .utf8).components(separatedBy: "<img ").count - 1, 68)
    }
}
