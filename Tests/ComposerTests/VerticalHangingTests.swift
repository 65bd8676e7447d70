import XCTest
@testable import Composer
import Model

/// Hanging punctuation in vertical lines (clreq "Hanging Punctuation at Line End"):
/// a pause or stop mark hangs below the end of a vertical line as it hangs past the
/// right edge of a horizontal one, under the same `hanging-punctuation` setting, and
/// only where an em is free below the line. Traditional Chinese (marks centred in the
/// em box) hangs too: clreq hangs no centred mark in horizontal text, but allows it
/// in vertical text.
final class VerticalHangingTests: XCTestCase {
    static func vertical(_ h: HangingPunctuation, punctuation: PunctuationStyle = .fullWidth,
                         kinsoku: KinsokuLevel = .basic) -> TextStyle {
        var s = Fixture.body(kinsoku: kinsoku, punctuation: punctuation)
        s.hangingPunctuation = h
        s.vertical = true
        return s
    }

    /// The conflict of the horizontal test, down a vertical line of 11 em: 。 starts
    /// exactly at the line's end (11 em down), takes its ink half below it, in its
    /// vertical form; every Han character of the paragraph stays on the line's em grid.
    func testStopHangsBelowTheLineEnd() throws {
        let lines = try Fixture.lines(HangingTests.conflict, em: 11, style: Self.vertical(.end))
        XCTAssertEqual(lines[0].dump, "|示 0.000/1.000|范 1.000/1.000|区 2.000/1.000|经 3.000/1.000|济 4.000/1.000|运 5.000/1.000"
                       + "|行 6.000/1.000|稳 7.000/1.000|中 8.000/1.000|有 9.000/1.000|进 10.000/1.000|。 11.000/0.500½^|")
        XCTAssertTrue(lines[0].vertical)
        let mark = lines[0].clusters.last!
        XCTAssertEqual(mark.x, lines[0].measure, accuracy: 1e-9)
        XCTAssertEqual(mark.x + mark.width - lines[0].measure, 5, accuracy: 1e-9)   // ½ em of 10 pt below the end
        XCTAssertEqual(mark.orientation, .upright)
        let font = try Fixture.composer.font(for: Fixture.body())
        XCTAssertEqual(lines[0].glyphs(of: mark).first!.id, font.verticalGlyph(for: "。"))
        XCTAssertEqual(HangingTests.hanOffGrid(lines), [])
        XCTAssertEqual(lines.map(\.text).joined(), HangingTests.conflict)
        XCTAssertEqual(Check.kinsokuViolations(lines), [])
        // The second line starts with the character after the mark.
        XCTAssertEqual(lines[1].clusters.first?.text, "全")
        // Without the setting the vertical line pushes in or out, off the grid.
        let plain = try Fixture.lines(HangingTests.conflict, em: 11, style: Self.vertical(.none))
        XCTAssertFalse(plain.contains { $0.dump.contains("^") })
        XCTAssertNotEqual(HangingTests.hanOffGrid(plain), [])
    }

    /// zh-Hant: the centred 。 hangs with its whole em below the line (its ink in the
    /// middle of that em), where the same mark in a horizontal line never hangs.
    func testCentredMarksHangInVerticalLinesOnly() throws {
        let text = "一二三四五。六七"
        let v = try Fixture.dumps(text, em: 5, style: Self.vertical(.end, punctuation: .centered, kinsoku: .traditional))
        XCTAssertEqual(v, ["|一 0.000/1.000|二 1.000/1.000|三 2.000/1.000|四 3.000/1.000|五 4.000/1.000|。 5.000/1.000^|",
                           "|六 0.000/1.000|七 1.000/1.000| ¶"])
        var h = Self.vertical(.end, punctuation: .centered, kinsoku: .traditional)
        h.vertical = false
        XCTAssertFalse(try Fixture.dumps(text, em: 5, style: h).joined().contains("^"))
    }

    /// The same marks hang as across: `end` 、，。．, `end-all-stops` also ；：！？;
    /// never a closing bracket.
    func testWhichMarksHangDownTheLine() throws {
        for (mark, end) in [("、", true), ("，", true), ("。", true), ("：", false), ("？", false)] {
            let text = "一二三四五\(mark)六七"
            let e = try Fixture.dumps(text, em: 5, style: Self.vertical(.end))
            let all = try Fixture.dumps(text, em: 5, style: Self.vertical(.endAllStops))
            XCTAssertEqual(e[0].hasSuffix("\(mark) 5.000/0.500½^|"), end, e.joined(separator: "\n"))
            XCTAssertTrue(all[0].hasSuffix("\(mark) 5.000/0.500½^|"), all.joined(separator: "\n"))
        }
        XCTAssertFalse(try Fixture.dumps("一二三四五」六七", em: 5, style: Self.vertical(.endAllStops)).joined().contains("^"))
    }

    /// Room below the line: its em box (10 pt at 10 pt) must fit before whatever
    /// follows below (a hairline between tiers, the module's foot); less, and it does
    /// not hang. (Across, 2 em: see `HangingTests`.)
    func testVerticalRoomIsOneEm() throws {
        let text = ParagraphInput("一二三四五。六七", style: Self.vertical(.end))
        func hung(_ room: Double) throws -> Bool {
            try Fixture.composer.lines(text, width: 50, hangRoom: room).contains { $0.dump.contains("^") }
        }
        XCTAssertTrue(try hung(10))
        XCTAssertTrue(try hung(.infinity))
        XCTAssertFalse(try hung(9.9))
        XCTAssertFalse(try hung(0))
        // Without room the line keeps every character inside its length.
        let tight = try Fixture.composer.lines(text, width: 50, hangRoom: 5)
        for l in tight { XCTAssertLessThanOrEqual(Check.rightEdge(l), 50 + 1e-6, l.dump) }
        XCTAssertEqual(tight.map(\.text).joined(), "一二三四五。六七")
    }
}
