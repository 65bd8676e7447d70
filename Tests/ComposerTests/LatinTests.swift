import XCTest
@testable import Composer
import Model

final class LatinTests: XCTestCase {
    static let english = "The composition of justified text with hyphenation requires a paragraph-level view of all possible breakpoints, which the total-fit algorithm provides. Typographers have long preferred it to the first-fit method because it spreads the spacing evenly over every line of the paragraph instead of leaving a few lines very loose."

    func testLatinParagraphUsesTotalFitWithHyphenation() throws {
        let style = Fixture.body()
        var better = 0
        for em in 14...30 {
            let width = Double(em) * 10
            let lines = try Fixture.lines(Self.english, em: Double(em), style: style)
            XCTAssertEqual(lines.map(\.text).joined(), Self.english)
            for l in lines.dropLast() { XCTAssertEqual(Check.rightEdge(l), width, accuracy: 0.01, l.dump) }
            // Compare with first fit (the line-by-line breaker) on the paragraph's total demerits.
            var b = try Fixture.composer.prepare(ParagraphInput(Self.english, style: style))
            XCTAssertTrue(b.p.latinDominant)
            let optimal = b.totalFitBreaks(start: 0, width: width, indent: 0)
            XCTAssertEqual(optimal.count, lines.count)
            var greedy: [LineChoice] = []
            while !b.isFinished {
                let c = b.greedyChoice(start: b.position, width: width, indent: 0)
                greedy.append(c)
                b.position = c.end
            }
            func total(_ choices: [LineChoice]) -> Double {
                var start = 0, sum = 0.0, hyphen = false
                for c in choices {
                    sum += b.lineDemerits(start: start, choice: c, previousHyphen: hyphen, width: width, indent: 0) ?? .infinity
                    start = c.end; hyphen = c.hyphen
                }
                return sum
            }
            XCTAssertLessThanOrEqual(total(optimal), total(greedy) + 1e-6, "\(em) em")
            if total(optimal) < total(greedy) - 1e-6 { better += 1 }
        }
        XCTAssertGreaterThan(better, 5, "total fit should beat first fit at several measures")
    }

    func testHyphenationOnlyWhenNeeded() throws {
        // Wide measure: no hyphen anywhere.
        let wide = try Fixture.lines(Self.english, em: 60)
        XCTAssertFalse(wide.contains { $0.clusters.contains { $0.adjustment.contains("hy") } })
        // Narrow measure: some line ends at a hyphenation point, and the hyphen glyph is drawn.
        let narrow = try Fixture.lines(Self.english, em: 12)
        let hyphenated = narrow.filter { $0.clusters.last?.adjustment.contains("hy") == true }
        XCTAssertFalse(hyphenated.isEmpty)
        for l in hyphenated { XCTAssertEqual(l.glyphs(of: l.clusters.last!).count, 2) }
        // A CJK paragraph with a long word hyphenates it rather than leave a gaping line.
        let mixed = try Fixture.lines("这是一个关于internationalization的测试段落内容", em: 10)
        XCTAssertEqual(mixed.map(\.text).joined(), "这是一个关于internationalization的测试段落内容")
    }
}

/// The hyphenation dictionary is loaded for a paragraph with a word that can be
/// hyphenated, never for Chinese text with numbers (a colophon's phone numbers).
final class HyphenatorLoadingTests: XCTestCase {
    func testDigitsDoNotLoadTheDictionaryButAWordDoes() throws {
        let composer = Composer(fonts: Fixture.fonts)
        let style = Fixture.body()
        _ = try composer.lines(ParagraphInput("全媒体编委会办公室：4961924　邮编：467002　定价：1.5元", style: style), width: 200)
        XCTAssertFalse(composer.hasLoadedHyphenator)
        _ = try composer.lines(ParagraphInput("平报 APP 今日上线", style: style), width: 200)
        XCTAssertFalse(composer.hasLoadedHyphenator, "a four-letter word is never hyphenated")
        let lines = try composer.lines(ParagraphInput(LatinTests.english, style: style), width: 120)
        XCTAssertTrue(composer.hasLoadedHyphenator)
        XCTAssertTrue(lines.contains { $0.dump.contains("-") }, "English at 12 em hyphenates somewhere")
    }
}
