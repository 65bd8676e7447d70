import XCTest
@testable import Composer
import Model

/// Justified lines end flush at the measure, also where nothing but odd breaks are
/// legal: Latin runs in ASCII brackets (no Han–Latin space around them, so no play),
/// and mark pairs whose compression the grid may give back.
final class RaggedLineTests: XCTestCase {
    /// On the grid the line's measure counts the half em that the adjacent-mark rule
    /// took off ；； as stretch. A line the grid planner cannot set (the bracketed runs
    /// leave it no whole-em fit) is justified plainly and must give that half back:
    /// it ended ½ em short before.
    func testPlainlyJustifiedGridLineGivesThePairHalfBack() throws {
        let lines = try Fixture.lines("子说法进个得“会会”为定也家GDP，定一[API]同就民就；；后和[API]{2023}来、的面的、行多家中法“能能",
                                      em: 17, style: Fixture.body(indent: 2))
        XCTAssertGreaterThanOrEqual(lines.count, 3)
        let second = lines[1]
        XCTAssertTrue(second.text.contains("；；"), second.dump)
        for l in lines.dropLast() { XCTAssertEqual(Check.rightEdge(l), 170, accuracy: 1e-6, l.dump) }
        // The half comes back on the pair (no longer a bare ½ note on the first ；).
        let semicolon = try XCTUnwrap(second.clusters.first { $0.text == "；" })
        XCTAssertGreaterThan(semicolon.width, 5 + 1e-6, second.dump)
    }

    /// A line that cannot stretch (one character) costs more than a line whose
    /// Han–Han gaps open: the paragraph's first line is never its indent and one
    /// character (it was, when the only fuller lines were loose).
    func testNoLoneCharacterFirstLine() throws {
        let lines = try Fixture.lines("度法子他。会要也产{ab}的面{2023}用[x]，所时以同后十作在[ab]就；", em: 17, style: Fixture.body(indent: 2))
        XCTAssertGreaterThan(lines[0].clusters.count, 5, lines[0].dump)
        for l in lines.dropLast() { XCTAssertEqual(Check.rightEdge(l), 170, accuracy: 1e-6, l.dump) }
        XCTAssertEqual(lines.map(\.text).joined(), "度法子他。会要也产{ab}的面{2023}用[x]，所时以同后十作在[ab]就；")
    }

    /// Random paragraphs dense in what has no play on the grid (Latin runs in ASCII
    /// brackets, mark pairs): every justified line still ends at the measure, on the
    /// grid and off it, horizontal and vertical, and no character is lost.
    func testRandomBracketedRunsEndFlush() throws {
        var r = PropertyTests.Rng(state: 20261203)
        let runs = ["{ab}", "[x]", "[API]", "{2023}", "<b>", "(GDP)", "5G", "65.7%"]
        var checked = 0
        for n in 0..<300 {
            var text = ""
            let length = 30 + r.int(150)
            while text.count < length {
                switch r.int(12) {
                case 0...6: text.append(r.pick(PropertyTests.han))
                case 7, 8: text.append(r.pick(PropertyTests.pauses))
                case 9, 10: text += r.pick(runs)
                default: text += "“" + String(r.pick(PropertyTests.han)) + String(r.pick(PropertyTests.han)) + "”"
                }
            }
            var style = Fixture.body(indent: 2, grid: n % 5 != 0)
            style.vertical = n % 7 == 6
            style.lineEndMarkHalf = n % 4 == 1
            let em = 9 + r.int(14)
            let lines = try Fixture.lines(text, em: Double(em), style: style)
            XCTAssertEqual(lines.map(\.text).joined(), text, "paragraph \(n) lost or doubled characters")
            for l in lines where !l.isParagraphEnd {
                XCTAssertEqual(Check.rightEdge(l), Double(em) * 10, accuracy: 1e-6, "paragraph \(n) (\(em) em): \(l.dump)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 600)
    }
}

