import Foundation
import XCTest
@testable import Model

/// The pull quote fields: `pullquote:` in an article's front matter, the slot's
/// `pullquote:` placement and the optional `pull-quote` style in a template.
final class PullQuoteLoaderTests: XCTestCase {
    func testArticlePullQuote() throws {
        let tmp = TempDir()
        let p = tmp.write("a.txt", "---\nheadline: 标题\npullquote: 以项目建设之“进”支撑经济发展之“稳”\n---\n正文\n")
        XCTAssertEqual(try ArticleLoader.load(path: p).pullQuote, "以项目建设之“进”支撑经济发展之“稳”")
        let none = tmp.write("b.txt", "---\nheadline: 标题\n---\n正文\n")
        XCTAssertNil(try ArticleLoader.load(path: none).pullQuote)
        XCTAssertTrue(ArticleLoader.fields.contains("pullquote"))
    }

    func testArticlePullQuoteErrors() {
        let tmp = TempDir()
        let empty = tmp.write("e.txt", "---\nheadline: 标题\npullquote: \"  \"\n---\n")
        assertLoadError(try ArticleLoader.load(path: empty), file: empty, line: 3, "pullquote is empty")
        let list = tmp.write("l.txt", "---\nheadline: 标题\npullquote: [a, b]\n---\n")
        assertLoadError(try ArticleLoader.load(path: list), file: list, line: 3, "pullquote must be a string, got a list")
        let typo = tmp.write("t.txt", "---\nheadline: 标题\npull-quote: 引语\n---\n")
        assertLoadError(try ArticleLoader.load(path: typo), file: typo, line: 3, "unknown field 'pull-quote'", "pullquote")
    }

    func testDemoReviewHasAPullQuoteFromItsOwnBody() throws {
        let a = try ArticleLoader.load(path: demoIssueDir + "/10-review.txt", issueDirectory: demoIssueDir)
        let quote = try XCTUnwrap(a.pullQuote)
        XCTAssertLessThanOrEqual(quote.count, 30)
        XCTAssertTrue(a.body.contains { $0.text.contains(quote) }, "the pull quote repeats a sentence of the body")
    }

    // MARK: Templates

    func load(_ text: String) throws -> PageTemplate {
        let tmp = TempDir()
        return try TemplateLoader.load(path: tmp.write("t.yaml", text), fonts: testFonts)
    }

    /// `miniTemplate` with its bottom slot written as a block, so the placement has a line of its own.
    func withBottomPullQuote(_ placement: String) -> String {
        miniTemplate.replacingOccurrences(of: "  - {name: bottom, column: 0, columns: 4, line: 14, lines: 14}",
                                          with: "  - name: bottom\n    column: 0\n    columns: 4\n    line: 14\n    lines: 14\n    pullquote: \(placement)")
    }

    func testSlotPlacement() throws {
        let t = try load(withBottomPullQuote("{position: bottom, column: 1, columns: 3}"))
        XCTAssertEqual(t.slots.first { $0.name == "bottom" }?.pullQuote, FloatPlacement(position: .bottom, column: 1, columns: 3))
        XCTAssertNil(t.slots.first { $0.name == "lead" }?.pullQuote)
        // Position defaults to middle, column to 0.
        let d = try load(withBottomPullQuote("{columns: 2}"))
        XCTAssertEqual(d.slots.first { $0.name == "bottom" }?.pullQuote, FloatPlacement(position: .middle, column: 0, columns: 2))
    }

    func testSlotPlacementErrorsNameFileAndLine() {
        let tmp = TempDir()
        for (placement, fragments) in [
            ("{position: top, column: 3, columns: 2}", ["pullquote of slot 'bottom'", "column 3 + columns 2 is wider than the slot's 4 columns"]),
            ("{columns: 5}", ["pullquote of slot 'bottom'", "wider than the slot's 4 columns"]),
            ("{position: left, columns: 2}", ["position must be one of: top, middle, bottom; got 'left'"]),
            ("{position: top}", ["columns"]),
            ("{columns: 0}", ["columns must be at least 1, got 0"]),
            ("{columns: 2, lines: 4}", ["lines"]),
        ] {
            let text = withBottomPullQuote(placement)
            let p = tmp.write("t.yaml", text)
            do {
                let t = try TemplateLoader.load(path: p, fonts: testFonts)
                XCTFail("\(placement): loaded \(t.name)")
            } catch let e as LoadError {
                XCTAssertEqual(e.file, p)
                XCTAssertEqual(e.line, line(of: "pullquote:", in: text), "\(placement): \(e)")
                for f in fragments { XCTAssertTrue(e.message.contains(f), "'\(e.message)' lacks '\(f)'") }
            } catch { XCTFail("\(placement): \(error)") }
        }
    }

    func testPullQuoteStyleIsOptionalWithADefault() throws {
        let t = try load(miniTemplate)
        let s = t.styles
        // kicker is based on `base`: song → Noto Serif CJK SC.
        XCTAssertEqual(s.pullQuote, TextStyle(family: "Noto Serif CJK SC", weight: 700, size: 9 * 1.4, leading: 20,
                                               color: "#c8102e", align: .center, indent: 0))
        XCTAssertEqual(s.pullQuote.family, s.kicker.family)
        XCTAssertFalse(TemplateLoader.roles.contains("pull-quote"), "not required of every template")

        let own = try load(miniTemplate.replacingOccurrences(of: "  jump: {based-on: body, align: right}",
                                                             with: "  jump: {based-on: body, align: right}\n  pull-quote: {based-on: subhead, size: 14, leading: 20}"))
        XCTAssertEqual(own.styles.pullQuote.family, "LXGW WenKai")
        XCTAssertEqual(own.styles.pullQuote.size, 14)
        XCTAssertEqual(own.styles.pullQuote.color, "#000000")
    }
}
