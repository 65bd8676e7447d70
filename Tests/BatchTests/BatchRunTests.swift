import Foundation
import XCTest
@testable import Batch

/// End to end on a generated archive: full batch, no-change rerun, one-article change,
/// a change to shared inputs, the index.
final class BatchRunTests: XCTestCase {
    func testFullRunThenNothingThenOnlyTheChangedIssue() throws {
        let (archive, out) = try Tool.archive(days: 3)
        let first = try Tool.batch([archive, "-o", out, "--jobs", "2"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("3 issues: 3 rendered, 0 failed, 0 up to date; 6 pages"), first.stdout)
        let pdfs = Tool.pdfs(under: out)
        XCTAssertEqual(pdfs, ["2024-01-01/平顶山日报-2024-01-01.pdf", "2024-01-02/平顶山日报-2024-01-02.pdf",
                              "2024-01-03/平顶山日报-2024-01-03.pdf"])
        for p in pdfs { XCTAssertEqual(try Tool.pdfPages(out + "/" + p), 2, p) }
        // The text is on the page: read back with poppler.
        let text = try Tool.exec("/usr/bin/pdftotext", [out + "/" + pdfs[1], "-"]).stdout
        XCTAssertTrue(text.contains("总第 17001 期") || text.contains("总第17001期"), String(text.prefix(300)))

        // The record lists every input with its hash.
        let rec = try Tool.json(out + "/2024-01-02/平顶山日报-2024-01-02.record.json")
        let inputs = rec["inputs"] as! [String: String]
        XCTAssertEqual(inputs["2024/01/2024-01-02/issue.yaml"], try Tool.sha(archive + "/2024/01/2024-01-02/issue.yaml"))
        XCTAssertNotNil(inputs["Layouts/broadsheet-6col.yaml"])
        XCTAssertNotNil(inputs["Fonts/fonts.yaml"])
        XCTAssertNotNil(inputs["2024/01/2024-01-02/photos/gulls.jpg"])
        XCTAssertEqual(inputs.keys.filter { $0.hasSuffix(".txt") }.count, 18)
        XCTAssertEqual(rec["version"] as? String, BroadsheetVersion.string)

        let index = try Tool.json(out + "/index.json")
        XCTAssertEqual(index["ok"] as? Int, 3)
        XCTAssertEqual(index["pages"] as? Int, 6)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/index.html"))

        // Nothing changed: nothing rendered, no output touched.
        let before = try pdfs.map { try Tool.sha(out + "/" + $0) }
        let mtimes = pdfs.map { (try? FileManager.default.attributesOfItem(atPath: out + "/" + $0)[.modificationDate]) as? Date }
        let again = try Tool.batch([archive, "-o", out, "--jobs", "2"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("3 issues up to date; nothing to render"), again.stderr)
        XCTAssertTrue(again.stdout.contains("0 rendered, 0 failed, 3 up to date"), again.stdout)
        XCTAssertEqual(pdfs.map { (try? FileManager.default.attributesOfItem(atPath: out + "/" + $0)[.modificationDate]) as? Date }, mtimes)

        // One article of one issue changes: exactly that issue is rendered again.
        let article = archive + "/2024/01/2024-01-02/07-lanwan-p2.txt"
        try (try String(contentsOfFile: article, encoding: .utf8) + "\n新增的一段文字，检验增量重排。\n").write(toFile: article, atomically: true, encoding: .utf8)
        let third = try Tool.batch([archive, "-o", out, "--jobs", "2"])
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertTrue(third.stdout.contains("1 rendered, 0 failed, 2 up to date; 2 pages"), third.stdout)
        let after = try pdfs.map { try Tool.sha(out + "/" + $0) }
        XCTAssertEqual(after[0], before[0])
        XCTAssertNotEqual(after[1], before[1])
        XCTAssertEqual(after[2], before[2])

        // Shared inputs make every issue that uses them stale (checked without rendering).
        let staleness = Staleness(archiveRoot: archive, outDir: out, recipe: BatchSettings(archiveRoot: archive, outDir: out).recipe)
        let jobs = try ArchiveScan.scan(archive)
        XCTAssertEqual(jobs.map { staleness.reason($0) }, [nil, nil, nil])
        let fonts = archive + "/Fonts/fonts.yaml"
        try (try String(contentsOfFile: fonts, encoding: .utf8) + "# changed\n").write(toFile: fonts, atomically: true, encoding: .utf8)
        XCTAssertEqual(jobs.map { staleness.reason($0) }, Array(repeating: "Fonts/fonts.yaml changed", count: 3))
        // A template: only issues whose pages use it (these use broadsheet-6col only).
        let unused = archive + "/Layouts/tabloid-4col-auto.yaml", used = archive + "/Layouts/broadsheet-6col.yaml"
        let fontsRestore = archive + "/Fonts/fonts.yaml.orig"
        try FileManager.default.copyItem(atPath: fonts, toPath: fontsRestore)
        try (try String(contentsOfFile: fonts, encoding: .utf8).replacingOccurrences(of: "# changed\n", with: "")).write(toFile: fonts, atomically: true, encoding: .utf8)
        try (try String(contentsOfFile: unused, encoding: .utf8) + "# changed\n").write(toFile: unused, atomically: true, encoding: .utf8)
        XCTAssertEqual(jobs.map { staleness.reason($0) }, [nil, nil, nil])
        let usedText = try String(contentsOfFile: used, encoding: .utf8)
        try (usedText + "# changed\n").write(toFile: used, atomically: true, encoding: .utf8)
        XCTAssertEqual(jobs.map { staleness.reason($0) }, Array(repeating: "Layouts/broadsheet-6col.yaml changed", count: 3))
        try usedText.write(toFile: used, atomically: true, encoding: .utf8)
        // A photo: only the issue it belongs to.
        let photo = archive + "/2024/01/2024-01-01/photos/gulls.jpg"
        let photoData = try Data(contentsOf: URL(fileURLWithPath: photo))
        try FileManager.default.removeItem(atPath: photo)   // a hard link in the generated archive: replace, don't edit
        try (photoData + Data([0])).write(to: URL(fileURLWithPath: photo))
        XCTAssertEqual(jobs.map { staleness.reason($0) }, ["2024/01/2024-01-01/photos/gulls.jpg changed", nil, nil])
        try FileManager.default.removeItem(atPath: photo)
        try photoData.write(to: URL(fileURLWithPath: photo))
        try FileManager.default.removeItem(atPath: fonts)
        try FileManager.default.moveItem(atPath: fontsRestore, toPath: fonts)
        // A new article file in one issue's folder makes that issue stale only.
        try "---\nheadline: 新稿\n---\n正文。\n".write(toFile: archive + "/2024/01/2024-01-03/99-new.txt", atomically: true, encoding: .utf8)
        XCTAssertEqual(staleness.reason(jobs[2]), "article files added or removed")
        try (try String(contentsOfFile: fonts, encoding: .utf8).replacingOccurrences(of: "# changed\n", with: "")).write(toFile: fonts, atomically: true, encoding: .utf8)
        XCTAssertNil(staleness.reason(jobs[0]))
        // The font files behind the styles are recorded (size and time): a font upgrade is a change.
        let recPath = out + "/2024-01-01/平顶山日报-2024-01-01.record.json"
        var rec1 = try Tool.json(recPath)
        var fontFiles = rec1["fontFiles"] as! [String: String]
        XCTAssertTrue(fontFiles.keys.contains { $0.contains("NotoSerifCJK") }, "\(fontFiles.keys)")
        XCTAssertTrue(fontFiles.keys.allSatisfy { FileManager.default.fileExists(atPath: $0) })
        let someFont = fontFiles.keys.sorted()[0]
        fontFiles[someFont] = "1 bytes, mtime 0.0"
        rec1["fontFiles"] = fontFiles
        try JSONSerialization.data(withJSONObject: rec1).write(to: URL(fileURLWithPath: recPath))
        XCTAssertEqual(staleness.reason(jobs[0]), "font file \(someFont) changed")
        // Other options re-render (the recipe is part of the record).
        let other = Staleness(archiveRoot: archive, outDir: out, recipe: "profile=screen png=20.0")
        XCTAssertEqual(other.reason(jobs[1]), "options changed")
        XCTAssertNil(staleness.reason(jobs[1]))
    }

    func testDateRangeAndBadArguments() throws {
        let (archive, out) = try Tool.archive(days: 3, pages: 1)
        let r = try Tool.batch([archive, "-o", out, "--from", "2024-01-02", "--to", "2024-01-02", "--jobs", "1"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(Tool.pdfs(under: out), ["2024-01-02/平顶山日报-2024-01-02.pdf"])
        let bad = try Tool.batch([archive, "-o", out, "--from", "January"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--from/--to: expected a date YYYY-MM-DD"), bad.stderr)
        let missing = try Tool.batch([archive + "/nope", "-o", out])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("no such archive folder"), missing.stderr)
        // An output folder that cannot be created (a file is in the way): exit 2, clear message.
        try "x".write(toFile: out + "/blocker", atomically: true, encoding: .utf8)
        let unwritable = try Tool.batch([archive, "-o", out + "/blocker/out"])
        XCTAssertEqual(unwritable.status, 2)
        XCTAssertTrue(unwritable.stderr.contains("the output folder is not writable"), unwritable.stderr)
    }
}

final class OutputProfileTests: XCTestCase {
    /// `--output-profile archive` reaches `IssuePipeline.writePDF(…, profile: .archive)`:
    /// every PDF the batch writes says it is PDF/A-2b.
    func testArchiveProfileIsPassedToThePipeline() throws {
        let (archive, out) = try Tool.archive(days: 1, pages: 1)
        let r = try Tool.batch([archive, "-o", out, "--output-profile", "archive", "--jobs", "1"])
        let rec = try Tool.json(out + "/2024-01-01/平顶山日报-2024-01-01.record.json")
        XCTAssertEqual(rec["recipe"] as? String, "profile=archive")
        XCTAssertEqual(r.status, 0, r.stderr)
        let meta = try Tool.exec("/usr/bin/pdfinfo", ["-meta", out + "/2024-01-01/平顶山日报-2024-01-01.pdf"]).stdout
        XCTAssertTrue(meta.contains("pdfaid:part='2'") && meta.contains("pdfaid:conformance='B'"), meta)
        let bad = try Tool.batch([archive, "-o", out, "--output-profile", "glossy"])
        XCTAssertEqual(bad.status, 2)
    }
}

final class ProgressTests: XCTestCase {
    /// On a terminal: a bar redrawn in place with issues, pages, pages/s and time left;
    /// in a log (no terminal): one plain line per issue.
    func testBarOnATerminalLinesInALog() throws {
        let (archive, out) = try Tool.archive(days: 2, pages: 1)
        let cmd = "'\(Tool.broadsheet)' batch '\(archive)' -o '\(out)' --jobs 1"
        let tty = try Tool.exec("/usr/bin/script", ["-qec", cmd, "/dev/null"])
        XCTAssertEqual(tty.status, 0, tty.stdout)
        XCTAssertTrue(tty.stdout.contains("\r[############------------] 1/2 issues, 1 pages, "), tty.stdout)
        XCTAssertTrue(tty.stdout.contains("[########################] 2/2 issues, 2 pages, "), tty.stdout)
        XCTAssertTrue(tty.stdout.contains(" pages/s, 0:00 left"), tty.stdout)
        XCTAssertFalse(tty.stdout.contains("batch: [1/2]"))
        let log = try Tool.batch([archive, "-o", out, "--jobs", "1", "--force"])
        XCTAssertEqual(log.status, 0, log.stderr)
        let lines = log.stderr.split(separator: "\n").filter { $0.hasPrefix("batch: [") }
        XCTAssertEqual(lines.count, 2, log.stderr)
        XCTAssertTrue(lines[1].hasPrefix("batch: [2/2] 平顶山日报 2024-01-0"), String(lines[1]))
        XCTAssertTrue(lines[1].contains("ok, 1 pages"), String(lines[1]))
        XCTAssertFalse(log.stderr.contains("\r"))
        XCTAssertTrue(log.stdout.contains("2 issues: 2 rendered"), log.stdout)
    }
}
