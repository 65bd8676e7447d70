import XCTest
@testable import Composer
import Model

final class SpacingAndJustificationTests: XCTestCase {
    /// ¼ em at 第|4, 4|章, 的|A; none at I|。.
    func testHanLatinSpacing() throws {
        XCTAssertEqual(try Fixture.dumps("第4章介绍了基本的API。", em: 20, style: Fixture.offGrid), [
            "|第 0.000/1.250+¼|4 1.250/0.805+¼|章 2.055/1.000|介 3.055/1.000|绍 4.055/1.000|了 5.055/1.000|基 6.055/1.000|本 7.055/1.000|的 8.055/1.250+¼|A 9.305/0.708|P 10.013/0.631|I 10.644/0.405|。 11.049/1.000| ¶",
        ])
    }

    /// On the grid the two spaces around 4 flex (⅛–⅝ em each) so that 章 lands on
    /// the grid again: 0.223 em each instead of ¼. The run at the end has no Han
    /// character after it to restore: it keeps ¼ em.
    func testDigitRunFollowedByHanLandsOnTheGrid() throws {
        XCTAssertEqual(try Fixture.dumps("第4章介绍了基本的API。", em: 20), [
            "|第 0.000/1.223+0.223|4 1.223/0.777+0.223|章 2.000/1.000|介 3.000/1.000|绍 4.000/1.000|了 5.000/1.000|基 6.000/1.000|本 7.000/1.000|的 8.000/1.250+¼|A 9.250/0.708|P 9.958/0.631|I 10.589/0.405|。 10.994/1.000| ¶",
        ])
        // A four-digit year and a percentage in a justified line: every Han character on the grid.
        let lines = try Fixture.lines("全区规上工业增加值2023年累计增速65.7%，居全市各县区第一；工业投资增速125%，居全市第二。", em: 17, style: Fixture.body(indent: 2))
        for l in lines {
            for c in l.clusters where Check.isHan(c.text) { XCTAssertEqual(c.x / 10, (c.x / 10).rounded(), accuracy: 1e-9, l.dump) }
            if !l.isParagraphEnd { XCTAssertEqual(Check.rightEdge(l), 170, accuracy: 1e-6, l.dump) }
            for c in l.clusters where c.adjustment.hasPrefix("+") {
                let g = Double(c.adjustment.dropFirst().prefix(5)) ?? 0.25
                XCTAssertGreaterThanOrEqual(g, 0.125 - 1e-3, l.dump); XCTAssertLessThanOrEqual(g, 0.625 + 1e-3, l.dump)
            }
        }
        XCTAssertEqual(lines[0].dump, "|全 2.000/1.000|区 3.000/1.000|规 4.000/1.000|上 5.000/1.000|工 6.000/1.000|业 7.000/1.000|增 8.000/1.000|加 9.000/1.000|值 10.000/1.385+0.385|2 11.385/0.558|0 11.943/0.557|2 12.500/0.558|3 13.058/0.942+0.385|年 14.000/1.000|累 15.000/1.000|计 16.000/1.000|")
    }

    /// `digits: half-width`: 2023 takes exactly 2 em (hwid). Set solid (Han–Latin
    /// spacing 0, as papers with half-width digits do) 年 lands on the grid as it is;
    /// with the ¼ em spaces the grid opens them to ½ em each.
    func testHalfWidthDigits() throws {
        var style = Fixture.body(); style.halfWidthDigits = true
        var solid = style; solid.hanLatinSpacing = 0
        XCTAssertEqual(try Fixture.dumps("去年2023年增长", em: 20, style: solid), [
            "|去 0.000/1.000|年 1.000/1.000|2 2.000/0.500|0 2.500/0.500|2 3.000/0.500|3 3.500/0.500|年 4.000/1.000|增 5.000/1.000|长 6.000/1.000| ¶",
        ])
        XCTAssertEqual(try Fixture.dumps("去年2023年增长", em: 20, style: style), [
            "|去 0.000/1.000|年 1.000/1.500+0.500|2 2.500/0.500|0 3.000/0.500|2 3.500/0.500|3 4.000/1.000+0.500|年 5.000/1.000|增 6.000/1.000|长 7.000/1.000| ¶",
        ])
    }

    /// None next to ，。 and inside Chinese brackets; none at line start or end.
    func testNoHanLatinSpaceBesidePunctuationOrAtLineEdges() throws {
        let lines = try Fixture.lines("（API），2023。", em: 20)
        XCTAssertFalse(lines[0].clusters.contains { $0.adjustment.contains("+") }, lines[0].dump)
        let broken = try Fixture.lines("一二三四ABCD五六", em: 4)
        XCTAssertEqual(broken[0].dump, "|一 0.000/1.000|二 1.000/1.000|三 2.000/1.000|四 3.000/1.000|")
        XCTAssertEqual(broken[1].clusters[0].text, "A")
        XCTAssertEqual(broken[1].clusters[0].x, 0)
    }

    /// Latin words are shaped whole: the kerned pair AV is narrower than A plus V.
    func testLatinRunsAreShapedAsWholeWords() throws {
        let font = try Fixture.composer.font(for: Fixture.body())
        let line = try Fixture.lines("AVA", em: 20)[0]
        let alone = font.shape("A").width + font.shape("V").width + font.shape("A").width
        XCTAssertEqual(Check.rightEdge(line), font.shape("AVA").width, accuracy: 1e-9)
        XCTAssertLessThan(font.shape("AVA").width, alone)
    }

    /// A 16 em column of Han only: every x is a whole number of em.
    func testHanTextStaysOnTheGrid() throws {
        let text = String(repeating: "示范区经济稳中有进动能持续增强产业是经济之本发展之基", count: 6)
        let lines = try Fixture.lines(text, em: 16, style: Fixture.body(indent: 2))
        XCTAssertGreaterThan(lines.count, 5)
        for l in lines {
            for c in l.clusters {
                XCTAssertEqual(c.x / 10, (c.x / 10).rounded(), accuracy: 1e-9, l.dump)
                XCTAssertEqual(c.width, 10, accuracy: 1e-9, l.dump)
            }
        }
        XCTAssertEqual(lines[0].clusters[0].x, 20)
    }

    /// Shrink before stretch, in clreq's order: the line-end mark first, then
    /// pause marks, then 。 — and every mark of one kind by the same amount.
    func testShrinkOrder() throws {
        // Needs 1 em: line-end ，(½) then the two inner 、 (¼ each).
        XCTAssertEqual(try Fixture.dumps("一、二、三。四五，六七", em: 8, style: Fixture.offGrid).first,
                       "|一 0.000/1.000|、 1.000/0.750-0.250|二 1.750/1.000|、 2.750/0.750-0.250|三 3.500/1.000|。 4.500/1.000|四 5.500/1.000|五 6.500/1.000|， 7.500/0.500½|")
    }

    /// Stretch: Han–Latin spaces up to ⅓ em first, then all gaps equally.
    func testStretchOrder() throws {
        let lines = try Fixture.lines("速125%，居全市各县区第一；工业投资增速", em: 10, style: Fixture.offGrid)
        for l in lines where !l.isParagraphEnd {
            XCTAssertEqual(Check.rightEdge(l), 100, accuracy: 0.01, l.dump)
        }
        let withLatin = lines.first { $0.text.contains("125") }!
        XCTAssertTrue(withLatin.dump.contains("+0.333"), withLatin.dump)
    }

    /// Justified lines end at the measure; the last line is flush left, natural width.
    func testJustifiedLinesAreFlushAndLastLineIsNatural() throws {
        let text = "1月9日，从市城乡一体化示范区发改局传来消息，2023年1至11月，全区规上工业增加值累计增速65.7%，居全市各县区第一；工业投资增速125%，居全市各县区第二。"
        let lines = try Fixture.lines(text, em: 17, style: Fixture.body(indent: 2))
        for l in lines.dropLast() { XCTAssertEqual(Check.rightEdge(l), 170, accuracy: 0.01, l.dump) }
        XCTAssertTrue(lines.last!.isParagraphEnd)
        XCTAssertFalse(lines.last!.clusters.contains { $0.adjustment.contains("~") })
    }

    /// Centred and left-aligned headlines: no justification, no indent.
    func testCenteredHeadline() throws {
        let lines = try Fixture.lines("示范区经济稳中有进", em: 19, style: Fixture.body(align: .center))
        XCTAssertEqual(lines[0].clusters[0].x, 50, accuracy: 1e-9)
        XCTAssertEqual(lines[0].usedWidth, 140, accuracy: 1e-9)
        let left = try Fixture.lines("示范区经济稳中有进", em: 5, style: Fixture.body(align: .left))
        XCTAssertEqual(left.map(\.text), ["示范区经济", "稳中有进"])
    }

    /// No paragraph ends with one character (plus its punctuation) alone.
    /// (Off the grid at 5 em, where the line pulled from opens its gaps by ⅓ em; on the
    /// grid no Han–Han gap opens beyond ¼ em, so the same is shown at 9 em.)
    func testOrphanIsAvoidedByPullingACharacterDown() throws {
        let clreq = Fixture.body(grid: false)
        XCTAssertEqual(try Fixture.lines("一二三四五六七八九十一", em: 5, style: clreq).map(\.text), ["一二三四五", "六七八九", "十一"])
        XCTAssertEqual(try Fixture.lines("一二三四五六七八九十一。", em: 5, style: clreq).map(\.text), ["一二三四五", "六七八九", "十一。"])
        XCTAssertEqual(try Fixture.lines("一二三四五六七八九十一。”", em: 5, style: clreq).map(\.text), ["一二三四五", "六七八九", "十一。”"])
        let nine = "一二三四五六七八九十百千万亿兆甲乙丙丁"
        XCTAssertEqual(try Fixture.lines(nine + "。", em: 9).map(\.text), ["一二三四五六七八九", "十百千万亿兆甲乙", "丙丁。"])
    }

    /// Different widths per call (wrapping around a photo): nothing lost or doubled.
    func testStreamedWidths() throws {
        let text = "产业是经济之本、发展之基。示范区紧紧抓住白龟湖科创新城高水平建设战略发展机遇，加快构建体现平顶山特色和优势的现代化产业体系。"
        var b = try Fixture.composer.prepare(ParagraphInput(text, style: Fixture.body(indent: 2)))
        var out: [ComposedLine] = []
        let widths: [Double] = [170, 80, 80, 120, 170, 60]
        var i = 0
        while let l = b.nextLine(width: widths[i % widths.count]) {
            XCTAssertLessThanOrEqual(Check.rightEdge(l), l.measure + 1e-6, l.dump)
            out.append(l); i += 1
        }
        XCTAssertTrue(b.isFinished)
        XCTAssertEqual(b.remainingText, "")
        XCTAssertEqual(out.map(\.text).joined(), text)
        XCTAssertEqual(Check.kinsokuViolations(out), [])
    }

    /// Bold lead-in and run-in byline: runs of another style in the same paragraph.
    func testRunsWithOtherStylesShareTheParagraph() throws {
        var bold = Fixture.body(); bold.weight = 700
        let input = ParagraphInput(runs: [.init("坚持系统推进。", bold), .init("该区把巩固脱贫攻坚成果与乡村振兴有效衔接。", Fixture.body())], style: Fixture.body(indent: 2))
        let lines = try Fixture.composer.lines(input, width: 100)
        XCTAssertEqual(lines.map(\.text).joined(), input.text)
        XCTAssertEqual(lines[0].runs.count, 2)
        XCTAssertEqual(lines[0].runs[0].font.spec.weight, 700)
        XCTAssertEqual(lines[0].runs[0].clusters.map(\.text).joined(), "坚持系统推进。")
    }

    func testMissingGlyphIsAnError() {
        XCTAssertThrowsError(try Fixture.lines("好\u{10FFFD}", em: 10)) { e in
            guard case ComposeError.missingGlyph = e else { return XCTFail("\(e)") }
        }
    }
}
