import XCTest
@testable import Composer
import Model

/// The grid-aware breaker (GridFit.swift) and the line-end mark settings, with exact
/// em positions from the text dump.
final class GridFitTests: XCTestCase {
    static func offGrid(_ l: ComposedLine) -> Int {
        l.clusters.filter { Check.isHan($0.text) && abs($0.x / 10 - ($0.x / 10).rounded()) > 1e-6 }.count
    }

    /// A kinsoku push-in that keeps every Han on the grid: ，may not start the next
    /// line, so it joins this one, and the pair 。” gives the em back by taking 1 em
    /// (½ + ½) instead of 2.
    func testPushInKeepsTheGridThroughAPair() throws {
        let lines = try Fixture.lines("一二三。”四五六七八，九十", em: 10)
        XCTAssertEqual(lines[0].dump,
                       "|一 0.000/1.000|二 1.000/1.000|三 2.000/1.000|。 3.000/0.500½|” 3.500/0.500½|四 4.000/1.000|五 5.000/1.000|六 6.000/1.000|七 7.000/1.000|八 8.000/1.000|， 9.000/1.000|")
        XCTAssertEqual(lines.map(Self.offGrid), [0, 0])
    }

    /// A line ending in 。” sets both marks at ½ em: the pair ends flush, every Han on the grid.
    func testLineEndPairAtHalfAndHalf() throws {
        let lines = try Fixture.lines("一二三四五六七八九。”十百千", em: 10)
        XCTAssertEqual(lines[0].dump,
                       "|一 0.000/1.000|二 1.000/1.000|三 2.000/1.000|四 3.000/1.000|五 4.000/1.000|六 5.000/1.000|七 6.000/1.000|八 7.000/1.000|九 8.000/1.000|。 9.000/0.500½|” 9.500/0.500½|")
        XCTAssertEqual(Self.offGrid(lines[0]), 0)
    }

    /// When a line must lose an em and only single marks can give it, the breaker
    /// and the grid planner squeeze the two marks nearest each other: only the Han
    /// between them leave the grid (here 丙 alone, not the six after the first ，).
    func testSqueezeTakesTheClosestMarks() throws {
        let lines = try Fixture.lines("甲乙，一二三四五甲，丙、丁戊", em: 11)
        XCTAssertEqual(lines[0].dump,
                       "|甲 0.000/1.000|乙 1.000/1.000|， 2.000/1.000|一 3.000/1.000|二 4.000/1.000|三 5.000/1.000|四 6.000/1.000|五 7.000/1.000|甲 8.000/1.000|， 9.000/0.500½|丙 9.500/1.000|、 10.500/0.500½|")
        XCTAssertEqual(Self.offGrid(lines[0]), 1)
    }

    /// `line-end-mark: half`: every line-end pause or closing mark takes ½ em, the line
    /// still ends flush, and no Han–Han gap opens beyond ¼ em.
    func testLineEndMarkHalfMode() throws {
        var style = Fixture.body(indent: 2)
        style.lineEndMarkHalf = true
        let text = "示范区积极应对复杂严峻的经济形势，精准施策、攻坚克难，统筹做好稳增长、促改革、惠民生、防风险、保稳定各项工作，推动经济运行整体呈现“逐季回升”态势。"
        let lines = try Fixture.lines(text, em: 16, style: style)
        XCTAssertEqual(lines.map(\.text).joined(), text)
        var marks = 0
        for l in lines.dropLast() {
            XCTAssertEqual(Check.rightEdge(l), 160, accuracy: 1e-6, l.dump)
            for (a, b) in zip(l.clusters, l.clusters.dropFirst()) where Check.isHan(a.text) && Check.isHan(b.text) {
                XCTAssertLessThanOrEqual(b.x - a.x, 12.5 + 1e-6, l.dump)
            }
            guard let last = l.clusters.last, CharClass.of(last.text.unicodeScalars.first!).emptyRight else { continue }
            marks += 1
            XCTAssertEqual(last.width, 5, accuracy: 1e-6, l.dump)
            XCTAssertTrue(last.adjustment.hasSuffix("½"), l.dump)
        }
        XCTAssertGreaterThan(marks, 0)
        // The same line in the default mode keeps its Han on the grid and the mark at 1 em.
        XCTAssertEqual(try Fixture.dumps("一二三四五六七八九，十百", em: 10)[0],
                       "|一 0.000/1.000|二 1.000/1.000|三 2.000/1.000|四 3.000/1.000|五 4.000/1.000|六 5.000/1.000|七 6.000/1.000|八 7.000/1.000|九 8.000/1.000|， 9.000/1.000|")
        var half = Fixture.body()
        half.lineEndMarkHalf = true
        let h = try Fixture.lines("一二三四五六七八九，十百", em: 10, style: half)[0]
        XCTAssertEqual(h.clusters.last?.width ?? 0, 5, accuracy: 1e-6, h.dump)
        XCTAssertEqual(Check.rightEdge(h), 100, accuracy: 1e-6, h.dump)
    }

    /// A measure that is not a whole number of em (a framed box) sets the whole ems
    /// it holds, centred: 15 of 15⅔ em, ⅓ em in from each side.
    func testFractionalMeasureSetsWholeEmsCentred() throws {
        let l = try Fixture.composer.lines(ParagraphInput(String(repeating: "示范区经济稳中有进", count: 4), style: Fixture.body()),
                                           width: 156.66)[0]
        XCTAssertEqual(l.clusters.count, 15)
        XCTAssertEqual(l.clusters[0].x, 3.33, accuracy: 1e-6)
        XCTAssertEqual(l.measure, 156.66, accuracy: 1e-9)
        XCTAssertEqual(Self.offGrid(l), 15)  // relative to the box edge; on the grid of the inset column
        for (k, c) in l.clusters.enumerated() { XCTAssertEqual(c.x - 3.33, Double(k) * 10, accuracy: 1e-6) }
    }
}
