import XCTest
@testable import Composer
import Model

final class PunctuationTests: XCTestCase {
    /// Two adjacent marks take 1.5 em; the bracket stays against the text it encloses
    /// (off the grid: on it, see `testAdjacentMarksOnTheGridTakeOneOrTwoEm`).
    func testAdjacentMarksTakeOneAndAHalfEm() throws {
        XCTAssertEqual(try Fixture.dumps("好。”好", em: 10, style: Fixture.offGrid), ["|好 0.000/1.000|。 1.000/0.500½|” 1.500/1.000|好 2.500/1.000| ¶"])
        XCTAssertEqual(try Fixture.dumps("（好）。好", em: 10, style: Fixture.offGrid), ["|（ 0.000/1.000|好 1.000/1.000|） 2.000/0.500½|。 2.500/1.000|好 3.500/1.000| ¶"])
        XCTAssertEqual(try Fixture.dumps("好”，好", em: 10, style: Fixture.offGrid), ["|好 0.000/1.000|” 1.000/0.500½|， 1.500/1.000|好 2.500/1.000| ¶"])
        XCTAssertEqual(try Fixture.dumps("《好〈好〉》好", em: 10, style: Fixture.offGrid), ["|《 0.000/1.000|好 1.000/1.000|〈 2.000/1.000|好 3.000/1.000|〉 4.000/0.500½|》 4.500/1.000|好 5.500/1.000| ¶"])
        // Two opening brackets: the half between them goes from the inner one, whose glyph moves left.
        let lines = try Fixture.lines("好，“好", em: 10, style: Fixture.offGrid)
        XCTAssertEqual(lines[0].dump, "|好 0.000/1.000|， 1.000/0.500½|“ 1.500/1.000|好 2.500/1.000| ¶")
        let open = try Fixture.lines("（“好”）", em: 10, style: Fixture.offGrid)
        XCTAssertEqual(open[0].dump, "|（ 0.000/1.000|“ 1.000/0.500½l|好 1.500/1.000|” 2.500/0.500½|） 3.000/1.000| ¶")
        XCTAssertEqual(open[0].glyphs(of: open[0].clusters[1]).first!.xOffset, -5, accuracy: 1e-9)
    }

    /// On the em grid a pair of marks takes 1 em or 2 em, whichever keeps the next
    /// Han character on the grid with the least change (a tie: 1 em, the squeeze).
    func testAdjacentMarksOnTheGridTakeOneOrTwoEm() throws {
        XCTAssertEqual(try Fixture.dumps("好。”好", em: 10), ["|好 0.000/1.000|。 1.000/0.500½|” 1.500/0.500½|好 2.000/1.000| ¶"])
        XCTAssertEqual(try Fixture.dumps("好”，好", em: 10), ["|好 0.000/1.000|” 1.000/0.500½|， 1.500/0.500½|好 2.000/1.000| ¶"])
        // A justified line that needs the room gets the half back: 2 em, no squeeze.
        XCTAssertEqual(try Fixture.dumps("一二三。”四五六七八九十", em: 10)[0],
                       "|一 0.000/1.000|二 1.000/1.000|三 2.000/1.000|。 3.000/1.000|” 4.000/1.000|四 5.000/1.000|五 6.000/1.000|六 7.000/1.000|七 8.000/1.000|八 9.000/1.000|")
    }

    /// A full-width mark at line end gives its empty half first when the line must shrink.
    /// (Off the grid: on it, a measure of 5½ em sets 5 whole ems centred in it.)
    func testLineEndMarkTakesHalfAnEm() throws {
        XCTAssertEqual(try Fixture.dumps("一二三四五，六七", em: 5.5, style: Fixture.body(grid: false)), [
            "|一 0.000/1.000|二 1.000/1.000|三 2.000/1.000|四 3.000/1.000|五 4.000/1.000|， 5.000/0.500½|",
            "|六 0.000/1.000|七 1.000/1.000| ¶",
        ])
        XCTAssertEqual(try Fixture.dumps("一二三四五六七", em: 5.5), [
            "|一 0.250/1.000|二 1.250/1.000|三 2.250/1.000|四 3.250/1.000|五 4.250/1.000|",
            "|六 0.250/1.000|七 1.250/1.000| ¶",
        ])
    }

    /// An opening bracket at line start (here after nothing, and after the indent)
    /// may take ½ em; its glyph moves left so the ink stays on the text.
    func testOpeningBracketAtLineStartMayTakeHalf() throws {
        let lines = try Fixture.lines("（一二三四五）", em: 6)
        XCTAssertEqual(lines.map(\.dump), ["|（ 0.000/0.500½l|一 0.500/1.000|二 1.500/1.000|三 2.500/1.000|四 3.500/1.000|五 4.500/1.000|） 5.500/0.500½| ¶"])
        XCTAssertEqual(lines[0].glyphs(of: lines[0].clusters[0]).first!.xOffset, -5, accuracy: 1e-9)
        let indented = try Fixture.lines("“一二三四五六”", em: 9, style: Fixture.body(indent: 2))
        XCTAssertEqual(indented[0].clusters[0].x, 20, accuracy: 1e-9)
        XCTAssertEqual(indented[0].clusters[0].adjustment, "½l")
    }

    func testHalfWidthStyleSetsEveryMarkOnHalfAnEm() throws {
        let style = Fixture.body(punctuation: .halfWidth)
        XCTAssertEqual(try Fixture.dumps("好，“好”。", em: 10, style: style),
                       ["|好 0.000/1.000|， 1.000/0.500½|“ 1.500/0.500½l|好 2.000/1.000|” 3.000/0.500½|。 3.500/0.500½| ¶"])
    }

    func testNoCompressionStyleKeepsFullEms() throws {
        let style = Fixture.body(punctuation: .none)
        XCTAssertEqual(try Fixture.dumps("好。”好", em: 10, style: style), ["|好 0.000/1.000|。 1.000/1.000|” 2.000/1.000|好 3.000/1.000| ¶"])
    }

    /// TW/HK centred marks: ，。 sit in the middle of their em, never compressed.
    func testCenteredStyleCentresPauseAndStopMarks() throws {
        let lines = try Fixture.lines("好，好。", em: 10, style: Fixture.body(punctuation: .centered))
        XCTAssertEqual(lines[0].dump, "|好 0.000/1.000|， 1.000/1.000|好 2.000/1.000|。 3.000/1.000| ¶")
        let comma = lines[0].clusters[1]
        let ink = Fixture.composer.fonts
        _ = ink
        let font = lines[0].runs[0].font
        let bounds = font.inkBounds(of: lines[0].glyphs(of: comma).first!.id)
        XCTAssertEqual(lines[0].glyphs(of: comma).first!.xOffset + bounds.x + bounds.width / 2, 5, accuracy: 0.01)
    }

    /// Mainland middle dot: ½ em, ink centred.
    func testMiddleDotTakesHalfAnEm() throws {
        XCTAssertEqual(try Fixture.dumps("马克·吐温", em: 10), ["|马 0.000/1.000|克 1.000/1.000|· 2.000/0.500|吐 2.500/1.000|温 3.500/1.000| ¶"])
    }

    /// Hanging punctuation: 、，。 only, ½ em into the margin, never two marks.
    func testHangingPunctuation() throws {
        let style = Fixture.body(hanging: true)
        XCTAssertEqual(try Fixture.dumps("一二三四五，六七八", em: 5, style: style), [
            "|一 0.000/1.000|二 1.000/1.000|三 2.000/1.000|四 3.000/1.000|五 4.000/1.000|， 5.000/0.500½^|",
            "|六 0.000/1.000|七 1.000/1.000|八 2.000/1.000| ¶",
        ])
        // ，” would be two marks: no hanging, the line is adjusted instead.
        let two = try Fixture.lines("一二三四五，”六七八", em: 5, style: style)
        XCTAssertLessThanOrEqual(Check.rightEdge(two[0]), 50 + 1e-9)
        XCTAssertEqual(Check.kinsokuViolations(two), [])
        // Closing brackets never hang.
        let bracket = try Fixture.lines("一二三四五）六七八", em: 5, style: style)
        XCTAssertLessThanOrEqual(Check.rightEdge(bracket[0]), 50 + 1e-9)
    }
}
