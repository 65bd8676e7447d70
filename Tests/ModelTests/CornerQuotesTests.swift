import XCTest
@testable import Model

/// zh-Hant corner quotes: pairing, nesting, straight quotes, apostrophes, unbalanced text.
final class CornerQuotesTests: XCTestCase {
    func converted(_ s: String) -> String? {
        if case let .converted(t) = CornerQuotes.convert(s) { return t } else { return nil }
    }

    func testCurlyQuotesBecomeCornerBracketsByNesting() {
        XCTAssertEqual(converted("他說：“好。”"), "他說：「好。」")
        XCTAssertEqual(converted("“他說‘好’。”"), "「他說『好』。」")
        // Three deep: the innermost pair is 「」 again.
        XCTAssertEqual(converted("“一‘二“三”二’一”"), "「一『二「三」二』一」")
        // Nesting decides, not the kind of mark: single quotes outside become 「」.
        XCTAssertEqual(converted("‘外“內”外’"), "「外『內』外」")
        // Two pairs side by side stay at the same level.
        XCTAssertEqual(converted("“甲”和“乙”"), "「甲」和「乙」")
    }

    func testStraightQuotesArePairedTheSameWay() {
        XCTAssertEqual(converted("他說\"好'很好'\"。"), "他說「好『很好』」。")
        XCTAssertEqual(converted("\"甲\"和\"乙\""), "「甲」和「乙」")
        // An apostrophe between letters is not a quote.
        XCTAssertEqual(converted("“don't 和 don’t”"), "「don't 和 don’t」")
    }

    func testCornerBracketsInTheTextCountInTheNestingAndStay() {
        XCTAssertEqual(converted("「他說“好”」"), "「他說『好』」")
        XCTAssertEqual(converted("沒有引號。"), "沒有引號。")
    }

    func testUnbalancedQuotesAreLeftAsWritten() {
        XCTAssertEqual(CornerQuotes.convert("他說：“好。"), .unbalanced("“ at character 4 is never closed"))
        XCTAssertEqual(CornerQuotes.convert("好。”他說"), .unbalanced("closing ” at character 3 has no opening mark"))
        // Crossed pairs do not nest.
        XCTAssertEqual(CornerQuotes.convert("“甲‘乙”丙’"), .unbalanced("closing ” at character 5 has no opening mark"))
        XCTAssertEqual(CornerQuotes.convert("他說\"好"), .unbalanced("\" at character 3 is never closed"))
    }

    func testArticleKeepsItsRunsAndNamesTheLineOfAnUnbalancedParagraph() {
        let a = Article(id: "a", sourcePath: "Articles/a.txt", kicker: "做“文章”", headline: ["讓“小豆腐”撬動“大發展”"],
                        body: [.paragraph([InlineRun("他說：“"), InlineRun("好", .bold), InlineRun("。”")], line: 8),
                               .paragraph([InlineRun("“沒有結束。")], line: 10)])
        let (b, problems) = CornerQuotes.apply(to: a)
        XCTAssertEqual(b.kicker, "做「文章」")
        XCTAssertEqual(b.headline, ["讓「小豆腐」撬動「大發展」"])
        XCTAssertEqual(b.body[0], .paragraph([InlineRun("他說：「"), InlineRun("好", .bold), InlineRun("。」")], line: 8))
        XCTAssertEqual(b.body[1], a.body[1])
        XCTAssertEqual(problems.map(\.description),
                       ["Articles/a.txt:10: paragraph: “ at character 1 is never closed; its quotes are left as written"])
        XCTAssertEqual(b.characterCount, a.characterCount)
    }

    func testQuotesDefaultToCornerInZhHantStylesOnly() throws {
        let tmp = TempDir()
        let text = miniTemplate
            .replacingOccurrences(of: "  caption: {family: kai, size: 8, leading: 10}",
                                  with: "  caption: {family: kai, size: 8, leading: 10, language: zh-Hant, quotes: as-written}")
            .replacingOccurrences(of: "banners:", with: "  vertical-body: {based-on: body, family: \"Noto Serif CJK TC\"}\nbanners:")
        let t = try TemplateLoader.load(path: tmp.write("t.yaml", text), fonts: testFonts)
        XCTAssertEqual(t.styles.body.quotes, .asWritten)
        XCTAssertEqual(t.styles.verticalBody?.quotes, .corner)
        XCTAssertEqual(t.styles.caption.quotes, .asWritten)
        let bad = miniTemplate.replacingOccurrences(of: "  body: {based-on: base, indent: 2}", with: "  body: {based-on: base, indent: 2, quotes: curly}")
        XCTAssertThrowsError(try TemplateLoader.load(path: tmp.write("b.yaml", bad), fonts: testFonts)) { e in
            guard let e = e as? LoadError else { return XCTFail("\(e)") }
            XCTAssertEqual(e.line, 9, "\(e)")
            XCTAssertTrue(e.message.contains("quotes"), e.message)
        }
    }
}
