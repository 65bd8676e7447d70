import XCTest
@testable import Model

/// Paragraphs without `*` take a shorter way through the loader; it must join lines
/// exactly as the `**`-aware way does.
final class PlainParagraphTests: XCTestCase {
    func testPlainWayJoinsAsTheMarkedWay() throws {
        let cases: [[String]] = [
            ["该区把巩固脱贫攻坚成果", "与乡村振兴有效衔接。"],
            ["GDP growth", "reached 5 percent"],          // Latin across a line: a space
            ["示范区 2023", "年完成"],                      // digit then Han: no space
            ["Café", "élan", "über"],                       // Latin-1 letters: spaces
            ["x", "", "y"],                                 // an empty line joins nothing
            ["a\u{301}", "b"],                              // a combining mark: not one scalar, no space
            ["“引号”", "（括号）", "end"],
            [""],
        ]
        for lines in cases {
            let numbered = lines.enumerated().map { (text: $0.element, line: $0.offset + 1) }
            XCTAssertEqual(ArticleLoader.plainParagraph(numbered), try ArticleLoader.markedParagraph(numbered, path: "t"), "\(lines)")
        }
        XCTAssertEqual(ArticleLoader.plainParagraph([(text: "GDP growth", line: 3), (text: "reached", line: 4)]),
                       .paragraph([InlineRun("GDP growth reached")], line: 3))
    }

    /// The demo issue's articles load to the same blocks either way.
    func testDemoArticlesLoadTheSameEitherWay() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Articles/2024-01-12").standardized.path
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".txt") }.sorted()
        XCTAssertGreaterThan(files.count, 5)
        var plain = 0
        for f in files {
            let text = try String(contentsOfFile: dir + "/" + f, encoding: .utf8)
            for para in text.components(separatedBy: "\n\n") where !para.contains("*") && !para.contains("---") && !para.hasPrefix("## ") {
                let lines = para.split(separator: "\n").map(String.init).enumerated().map { (text: $0.element, line: $0.offset + 1) }
                guard !lines.isEmpty else { continue }
                XCTAssertEqual(ArticleLoader.plainParagraph(lines), try ArticleLoader.markedParagraph(lines, path: f), f)
                plain += 1
            }
        }
        XCTAssertGreaterThan(plain, 20)
    }
}
