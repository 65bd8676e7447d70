import Foundation
import XCTest

/// What a reader copies or an archive extracts from the demo PDF, read with two
/// extractors (poppler's pdftotext and MuPDF's mutool).
final class TextLayerTests: XCTestCase {
    static let renderLock = NSLock()
    nonisolated(unsafe) static var cached: String?

    /// The demo issue rendered once for these tests.
    func demoPDF() throws -> String {
        Self.renderLock.lock(); defer { Self.renderLock.unlock() }
        if let p = Self.cached, FileManager.default.fileExists(atPath: p) { return p }
        let project = try CLI.scratchProject("textlayer")
        let pdf = project.appendingPathComponent("demo.pdf").path
        let r = try CLI.run(["render", project.appendingPathComponent("Articles/2024-01-12/issue.yaml").path, "-o", pdf])
        XCTAssertEqual(r.status, 0, r.stderr)
        Self.cached = pdf
        return pdf
    }

    override class func tearDown() {
        if let p = cached { try? FileManager.default.removeItem(at: URL(fileURLWithPath: p).deletingLastPathComponent()) }
        cached = nil
    }

    func pdftotext(_ pdf: String, page: Int) throws -> String {
        try CLI.exec("/usr/bin/pdftotext", ["-f", "\(page)", "-l", "\(page)", pdf, "-"]).stdout
    }

    func mutool(_ pdf: String, page: Int) throws -> String {
        try CLI.exec("/usr/bin/mutool", ["draw", "-F", "txt", "-o", "-", pdf, "\(page)"]).stdout
    }

    /// The English digest (page 5, fourth page of the file after pages 1, 3 and 4): hyphens.
    func testHyphensSurviveExtraction() throws {
        let pdf = try demoPDF()
        let poppler = try pdftotext(pdf, page: 4)
        // A hyphen the breaker added is text "-" at the line end: poppler rejoins the word.
        XCTAssertTrue(poppler.contains("retail sales of consumer goods"), poppler)
        XCTAssertTrue(poppler.contains("seven categories"), poppler)
        XCTAssertFalse(poppler.contains("\ncon\n") || poppler.contains("of con\n"), poppler)
        // A hard hyphen at a line break stays (U+2010, which is not taken for a break hyphen).
        XCTAssertTrue(poppler.contains("urban\u{2010}\nrural"), poppler)
        XCTAssertFalse(poppler.contains("urbanrural"), poppler)
        // Mid-line hard hyphens are plain hyphens.
        XCTAssertTrue(poppler.contains("start-up"), poppler)

        // MuPDF keeps the added hyphen visible at the line end (it does not rejoin),
        // and the hard one too: neither word loses its hyphen or its letters.
        let mu = try mutool(pdf, page: 4)
        XCTAssertTrue(mu.contains("sales of con\u{2010}\nsumer goods"), mu)
        XCTAssertTrue(mu.contains("urban\u{2010}\nrural"), mu)
        XCTAssertFalse(mu.contains("urbanrural"), mu)
    }

    /// Chinese body text comes out in reading order (column by column, line by line).
    func testChineseParagraphsExtractInReadingOrder() throws {
        let pdf = try demoPDF()
        let article = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Articles/2024-01-12/02-binhu.txt"), encoding: .utf8)
        let body = article.components(separatedBy: "\n---\n")[1]
        let paragraph = body.split(separator: "\n").map(String.init).first { $0.count > 80 }!
        func squeeze(_ s: String) -> String { String(s.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init)) }
        for text in [try pdftotext(pdf, page: 2), try mutool(pdf, page: 2)] {   // the seed page
            XCTAssertTrue(squeeze(text).contains(squeeze(paragraph).replacingOccurrences(of: "**", with: "")), text)
        }
    }

    /// Hung line-end marks stand in the gutter: every body paragraph of the seed page,
    /// cut in 12-character pieces, is found in what the extractors read (a piece that
    /// straddles two columns read side by side is not). MuPDF finds every piece;
    /// pdftotext reads a few column breaks out of order (11 of 423 pieces lost at a
    /// column's top), but never joins two columns' lines: with 12 pt gutters and no
    /// hanging it lost 66, with hung marks in 12 pt gutters a whole paragraph.
    func testHungMarksKeepColumnsApart() throws {
        let pdf = try demoPDF()
        let articles = ["01-economy", "02-binhu", "03-smart-party", "04-discipline", "05-returnees",
                        "06-hubinlu", "07-lanwan", "08-xiliu", "09-gulls"]
        func squeeze(_ s: String) -> String { String(s.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init)) }
        var pieces: [String] = []
        for id in articles {
            let file = CLI.packageRoot.appendingPathComponent("Articles/2024-01-12/\(id).txt")
            let body = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n---\n")[1]
            for paragraph in body.split(separator: "\n") {
                let p = Array(squeeze(String(paragraph)).replacingOccurrences(of: "**", with: ""))
                pieces += stride(from: 0, to: max(0, p.count - 12), by: 12).map { String(p[$0..<$0 + 12]) }
            }
        }
        XCTAssertGreaterThan(pieces.count, 400)
        let poppler = squeeze(try pdftotext(pdf, page: 2)), mupdf = squeeze(try mutool(pdf, page: 2))
        XCTAssertEqual(pieces.filter { !mupdf.contains($0) }, [])
        let lost = pieces.filter { !poppler.contains($0) }
        XCTAssertLessThan(Double(lost.count) / Double(pieces.count), 0.05, lost.joined(separator: "\n"))
    }

    /// A Chinese dash —— is two characters drawn as one line from edge to edge of its
    /// two ems: both extractors read exactly two dashes, no space between them or
    /// beside them (the ink that joins them is not text).
    func testDashesExtractOnce() throws {
        let pdf = try demoPDF()
        for text in [try pdftotext(pdf, page: 2), try mutool(pdf, page: 2)] {   // the seed page
            XCTAssertTrue(text.contains("山之恋——红花"), text)
            XCTAssertFalse(text.contains("———"), text)
        }
        for text in [try pdftotext(pdf, page: 1), try mutool(pdf, page: 1)] {   // the front page
            XCTAssertTrue(text.contains("百分点——示范区"), text)
            XCTAssertFalse(text.contains("———"), text)
        }
        // The English dateline's single dash is read once too.
        for text in [try pdftotext(pdf, page: 4), try mutool(pdf, page: 4)] {
            XCTAssertTrue(text.contains("PINGDINGSHAN — The"), text)
        }
    }
}

