import Foundation
import XCTest
@testable import Composer
import Model

/// Paragraph-level breaking of justified CJK text against the line-by-line
/// (greedy) breaker it replaced: same rules, fewer loose lines.
final class TotalFitCJKTests: XCTestCase {
    /// The paragraph set as before CJK total fit: line by line (greedy push-in /
    /// push-out plus the orphan rule); Latin-dominant paragraphs kept their own
    /// Knuth–Plass breaker, which is unchanged.
    static func greedyLines(_ text: String, width: Double, style: TextStyle = Fixture.body()) throws -> [ComposedLine] {
        var b = try Fixture.composer.prepare(ParagraphInput(text, style: style))
        if b.p.latinDominant { return try Fixture.composer.lines(ParagraphInput(text, style: style), width: width) }
        var out: [ComposedLine] = []
        while !b.isFinished {
            let s = b.position
            let indent = s == 0 ? style.indent * style.size : 0
            var c = b.greedyChoice(start: s, width: width, indent: indent)
            c = b.avoidingOrphan(c, start: s, width: width, indent: indent)
            out.append(b.build(c, start: s, width: width, indent: indent))
            b.position = c.end
        }
        return out
    }

    /// Greedy: line 2 (四五六七八) is followed by ，, which cannot start a line and
    /// cannot be squeezed in, so 八 is pushed out and line 2 opens its three gaps by
    /// ⅓ em each; the paragraph takes 4 lines. Total fit squeezes the two 、 of line 1
    /// instead (cheap), which puts the comma at the end of line 2: no gap opens and
    /// the paragraph takes 3 lines.
    func testTotalFitAvoidsTheLooseLineGreedyLeaves() throws {
        let text = "一、二、三四五六七八，九十一二三"
        XCTAssertEqual(try Self.greedyLines(text, width: 50).map(\.dump), [
            "|一 0.000/1.000|、 1.000/1.000|二 2.000/1.000|、 3.000/1.000|三 4.000/1.000|",
            "|四 0.000/1.333~0.333|五 1.333/1.333~0.333|六 2.667/1.333~0.333|七 4.000/1.000|",
            "|八 0.000/1.000|， 1.000/1.000|九 2.000/1.000|十 3.000/1.000|一 4.000/1.000|",
            "|二 0.000/1.000|三 1.000/1.000| ¶",
        ])
        XCTAssertEqual(try Fixture.dumps(text, em: 5), [
            "|一 0.000/1.000|、 1.000/0.500½|二 1.500/1.000|、 2.500/0.500½|三 3.000/1.000|四 4.000/1.000|",
            "|五 0.000/1.000|六 1.000/1.000|七 2.000/1.000|八 3.000/1.000|， 4.000/1.000|",
            "|九 0.000/1.000|十 1.000/1.000|一 2.000/1.000|二 3.000/1.000|三 4.000/1.000| ¶",
        ])
    }

    /// When nothing earlier can give (no marks to squeeze), total fit still pushes out
    /// exactly as greedy does: the rules are the same, only the choice is wider.
    func testForcedPushOutIsKept() throws {
        let text = "一二三四五，六七八"
        XCTAssertEqual(try Fixture.dumps(text, em: 5), try Self.greedyLines(text, width: 50).map(\.dump))
    }

    /// Streaming at one width gives the planned lines; a width that changes every
    /// line falls back to the line-by-line choice and loses nothing.
    func testStreamingUsesThePlanAndSurvivesWidthChanges() throws {
        let text = "一、二、三四五六七八，九十一二三"
        var b = try Fixture.composer.prepare(ParagraphInput(text, style: Fixture.body()))
        var same: [String] = []
        while let l = b.nextLine(width: 50) { same.append(l.dump) }
        XCTAssertEqual(same, try Fixture.dumps(text, em: 5))

        let long = String(repeating: "产业是经济之本、发展之基，示范区紧紧抓住（白龟湖）科创新城建设机遇。", count: 3)
        for widths in [[170.0, 80, 120, 60], [120.0, 120, 80, 80, 80, 170]] {
            var b = try Fixture.composer.prepare(ParagraphInput(long, style: Fixture.body(indent: 2)))
            var out: [ComposedLine] = []
            while let l = b.nextLine(width: widths[out.count % widths.count]) {
                XCTAssertLessThanOrEqual(Check.rightEdge(l), l.measure + 1e-6, l.dump)
                if !l.isParagraphEnd { XCTAssertEqual(Check.rightEdge(l), l.measure, accuracy: 1e-6, l.dump) }
                out.append(l)
            }
            XCTAssertEqual(out.map(\.text).joined(), long)
            XCTAssertEqual(Check.kinsokuViolations(out), [])
        }
    }

    /// Hanging punctuation stays a candidate: a line may end with its comma in the margin.
    func testHangingIsStillChosen() throws {
        let style = Fixture.body(hanging: true)
        XCTAssertEqual(try Fixture.dumps("一二三四五，六七八", em: 5, style: style), [
            "|一 0.000/1.000|二 1.000/1.000|三 2.000/1.000|四 3.000/1.000|五 4.000/1.000|， 5.000/0.500½^|",
            "|六 0.000/1.000|七 1.000/1.000|八 2.000/1.000| ¶",
        ])
    }

    struct Figures: CustomStringConvertible {
        var lines = 0
        /// Lines (not paragraph ends) whose Han–Han gaps had to open.
        var stretchedLines = 0
        var hanPairs = 0, stretchedPairs = 0
        var gapSum = 0.0, maxGap = 0.0
        /// Lines that squeeze marks or spaces beyond the line-end mark's half (push-in).
        var squeezedLines = 0
        var meanGap: Double { hanPairs == 0 ? 0 : gapSum / Double(hanPairs) }
        /// Mean extra gap over the Han–Han pairs of stretched lines only.
        var meanStretchedGap: Double { stretchedPairs == 0 ? 0 : gapSum / Double(stretchedPairs) }
        var description: String {
            String(format: "%d lines, %d with Han–Han stretch, max gap %.3f em, mean gap %.4f em (%.3f em on stretched lines), %d squeezed",
                   lines, stretchedLines, maxGap, meanGap, meanStretchedGap, squeezedLines)
        }

        mutating func add(_ lines: [ComposedLine]) {
            for l in lines {
                self.lines += 1
                var stretched = false
                var pairs = 0
                for (a, b) in zip(l.clusters, l.clusters.dropFirst()) where Check.isHan(a.text) && Check.isHan(b.text) {
                    let gap = (b.x - a.x) / l.em - 1
                    hanPairs += 1; pairs += 1
                    if gap > 1e-6 { stretched = true; gapSum += gap; maxGap = max(maxGap, gap) }
                }
                if stretched { stretchedLines += 1; stretchedPairs += pairs }
            }
        }

        /// Counts squeezed lines from the lines' measures (one cluster per atom).
        mutating func addSqueezed(_ lines: [ComposedLine], _ text: String, style: TextStyle) throws {
            let b = try Fixture.composer.prepare(ParagraphInput(text, style: style))
            var s = 0
            for l in lines {
                let e = s + l.clusters.count
                let hang = l.clusters.last?.adjustment.contains("^") == true
                let hyphen = l.clusters.last?.adjustment.contains("hy") == true
                let m = b.measure(start: s, end: hang ? e - 1 : e, indent: s == 0 ? style.indent * style.size : 0, hyphen: hyphen)
                if m.natural - m.shrink[ShrinkLevel.lineEndMark] > l.measure + 1e-6 { squeezedLines += 1 }
                s = e
            }
        }
    }

    /// The demo issue's article bodies at 17 em and 12 em: total fit never needs more
    /// lines, opens fewer lines' Han–Han gaps, and never opens them wider.
    func testDemoArticlesHaveFewerLooseLines() throws {
        let paragraphs = try GalleyTests.articleParagraphs()
        // clreq's costs alone (the grid's costs trade a Han–Han gap for fewer
        // characters off the grid: GridTests).
        let style = Fixture.body(indent: 2, grid: false)
        for em in [17.0, 12] {
            var greedy = Figures(), total = Figures()
            for p in paragraphs {
                let tf = try Fixture.composer.lines(ParagraphInput(p, style: style), width: em * 10)
                let gr = try Self.greedyLines(p, width: em * 10, style: style)
                XCTAssertEqual(tf.map(\.text).joined(), p)
                XCTAssertEqual(Check.kinsokuViolations(tf), [])
                XCTAssertLessThanOrEqual(tf.count, gr.count, p)
                greedy.add(gr); total.add(tf)
                try greedy.addSqueezed(gr, p, style: style); try total.addSqueezed(tf, p, style: style)
            }
            print("demo at \(Int(em)) em: greedy \(greedy); total fit \(total)")
            XCTAssertLessThanOrEqual(total.lines, greedy.lines)
            XCTAssertLessThan(total.stretchedLines, greedy.stretchedLines)
            XCTAssertLessThanOrEqual(total.maxGap, greedy.maxGap + 1e-9)
        }
    }
}
