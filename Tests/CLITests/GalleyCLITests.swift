import Foundation
import XCTest

/// `broadsheet galley`: how a text file becomes paragraphs, read back from the dump and the PDF.
final class GalleyCLITests: XCTestCase {
    /// One paragraph per non-blank line whatever the line separator (LF, CRLF, CR, U+2028),
    /// with tabs, spaces, ideographic spaces and U+200B trimmed at both ends, kept inside.
    func testLinesBecomeTrimmedParagraphs() throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("galley-cli-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = "\u{3000}\u{3000}本报讯今天下雨。\t \r\n\r\n  第二段\u{3000}文字。\u{00A0}\n\u{3000}\n第三段\u{2028}第四段\u{200B}\r第五段"
        let src = dir.appendingPathComponent("story.txt")
        try text.write(to: src, atomically: true, encoding: .utf8)
        let pdf = dir.appendingPathComponent("g.pdf").path, dump = dir.appendingPathComponent("g.txt").path
        let r = try CLI.run(["galley", src.path, "-o", pdf, "--dump", dump, "--measure", "20"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = try String(contentsOfFile: dump, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 5, lines.joined(separator: "\n"))
        // Every paragraph starts with its first character at the 2 em indent and ends its line.
        let firsts = lines.map { $0.split(separator: "|").first.map(String.init) ?? "" }
        XCTAssertEqual(firsts, ["本 2.000/1.000", "第 2.000/1.000", "第 2.000/1.000", "第 2.000/1.000", "第 2.000/1.000"])
        XCTAssertTrue(lines.allSatisfy { $0.hasSuffix(" ¶") })
        XCTAssertTrue(lines[1].contains("|\u{3000} "), "an inner ideographic space stays: \(lines[1])")
        XCTAssertFalse(lines[3].contains("\u{200B}"), "a trailing zero-width space is trimmed: \(lines[3])")
        let extracted = try CLI.exec("/usr/bin/pdftotext", [pdf, "-"]).stdout
        for p in ["本报讯今天下雨。", "第二段", "第三段", "第四段", "第五段"] { XCTAssertTrue(extracted.contains(p), p) }
    }
}
