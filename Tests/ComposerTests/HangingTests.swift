import XCTest
@testable import Composer
import Model

/// Hanging punctuation at line end (`hanging-punctuation`, clreq "Hanging
/// Punctuation at Line End"): a pause or stop mark that would force a push-in hangs
/// past the measure, the line keeps whole ems and every Han character its grid cell.
final class HangingTests: XCTestCase {
    static func hanOffGrid(_ lines: [ComposedLine]) -> [String] {
        lines.flatMap { l in
            l.clusters.filter { Check.isHan($0.text) && abs($0.x / l.em - ($0.x / l.em).rounded()) > 1e-9 }.map { "\($0.text) in \(l.text)" }
        }
    }

    static func style(_ h: HangingPunctuation, punctuation: PunctuationStyle = .fullWidth) -> TextStyle {
        var s = Fixture.body(punctuation: punctuation)
        s.hangingPunctuation = h
        return s
    }

    // Eleven Han characters, then 。 (may not start a line), in an 11 em column; the
    // rest of the paragraph has marks the push-in would squeeze.
    static let conflict = "示范区经济运行稳中有进。全年地区生产总值增长，工业增加值累计增速居全市第一。"

    /// The kinsoku conflict is resolved by hanging: 。 starts exactly at the measure
    /// (11 em), takes its ink half past it, and every Han character of the paragraph
    /// is a whole number of em from the column's edge. Without hanging the same line
    /// is a push-in or push-out that moves Han characters off the grid.
    func testStopHangsAtTheMeasureAndEveryHanStaysOnTheGrid() throws {
        let lines = try Fixture.lines(Self.conflict, em: 11, style: Self.style(.end))
        XCTAssertEqual(lines[0].dump, "|示 0.000/1.000|范 1.000/1.000|区 2.000/1.000|经 3.000/1.000|济 4.000/1.000|运 5.000/1.000"
                       + "|行 6.000/1.000|稳 7.000/1.000|中 8.000/1.000|有 9.000/1.000|进 10.000/1.000|。 11.000/0.500½^|")
        let mark = lines[0].clusters.last!
        XCTAssertEqual(mark.x, lines[0].measure, accuracy: 1e-9)
        XCTAssertEqual(Self.hanOffGrid(lines), [])
        // Every character once, in reading order, the hung mark included.
        XCTAssertEqual(lines.map(\.text).joined(), Self.conflict)
        XCTAssertEqual(Check.kinsokuViolations(lines), [])
        for l in lines.dropLast() where !l.isParagraphEnd {
            // Flush: the last character inside the measure ends at it.
            let inside = l.clusters.last!.adjustment.hasSuffix("^") ? l.clusters.dropLast().last! : l.clusters.last!
            XCTAssertEqual(inside.x + inside.width, l.measure, accuracy: 1e-9, l.dump)
        }

        let plain = try Fixture.lines(Self.conflict, em: 11, style: Self.style(.none))
        XCTAssertFalse(plain.contains { $0.dump.contains("^") })
        XCTAssertNotEqual(Self.hanOffGrid(plain), [], plain.map(\.dump).joined(separator: "\n"))
    }

    /// A line that fits as it is does not hang: the mark takes its em inside.
    func testALineThatFitsDoesNotHang() throws {
        XCTAssertEqual(try Fixture.dumps("一二三四，五六七八", em: 5, style: Self.style(.end)), [
            "|一 0.000/1.000|二 1.000/1.000|三 2.000/1.000|四 3.000/1.000|， 4.000/1.000|",
            "|五 0.000/1.000|六 1.000/1.000|七 2.000/1.000|八 3.000/1.000| ¶",
        ])
    }

    /// `end` hangs 、，。．; `end-all-stops` also ；：！？ (clreq: in Simplified
    /// Chinese every pause or stop mark sits at the start of its em box).
    func testWhichMarksHang() throws {
        for (mark, end) in [("、", true), ("，", true), ("。", true), ("．", true), ("：", false), ("；", false), ("！", false), ("？", false)] {
            let text = "一二三四五\(mark)六七"
            let e = try Fixture.dumps(text, em: 5, style: Self.style(.end))
            let all = try Fixture.dumps(text, em: 5, style: Self.style(.endAllStops))
            XCTAssertEqual(e[0].hasSuffix("\(mark) 5.000/0.500½^|"), end, e.joined(separator: "\n"))
            XCTAssertTrue(all[0].hasSuffix("\(mark) 5.000/0.500½^|"), all.joined(separator: "\n"))
        }
        // Closing brackets and quotes are not pause or stop marks: they never hang.
        for mark in ["”", "）", "》"] {
            let d = try Fixture.dumps("一二三四五\(mark)六七", em: 5, style: Self.style(.endAllStops))
            XCTAssertFalse(d.joined().contains("^"), d.joined(separator: "\n"))
        }
    }

    /// Where the mark cannot hang: too little room past the measure (under 2 em: the
    /// mark's text box and the 1 em pdftotext needs between columns; a framed box's
    /// padding: the layout gives 0), marks centred in the em box (zh-Hant: clreq hangs
    /// none in horizontal text). Vertical lines hang below their end (`VerticalHangingTests`).
    func testNoHangingWithoutRoomOrCentred() throws {
        let text = "一二三四五。六七"
        func hung(_ style: TextStyle, room: Double = .infinity) throws -> Bool {
            try Fixture.composer.lines(ParagraphInput(text, style: style), width: 50, hangRoom: room).contains { $0.dump.contains("^") }
        }
        XCTAssertTrue(try hung(Self.style(.end)))
        // 2 em: 20 pt at 10 pt (the demo's 12 pt gutters at 9 pt are 1.33 em: no hanging).
        XCTAssertTrue(try hung(Self.style(.end), room: 20))
        XCTAssertFalse(try hung(Self.style(.end), room: 19.9))
        XCTAssertFalse(try hung(Self.style(.end), room: 12))
        XCTAssertFalse(try hung(Self.style(.end), room: 0))
        XCTAssertFalse(try hung(Self.style(.end, punctuation: .centered)))
        var vertical = Self.style(.end)
        vertical.vertical = true
        XCTAssertTrue(try hung(vertical))
    }

    /// A measure that is not a whole number of em is set centred on the whole ems it
    /// holds: the centring inset counts as room for the hung mark.
    func testCentringInsetCountsAsRoom() throws {
        // 53 pt: 5 em centred, 1.5 pt each side; with 18.5 pt of room past the column
        // the mark has 20 pt, with 18.4 pt not enough.
        let text = ParagraphInput("一二三四五。六七", style: Self.style(.end))
        let lines = try Fixture.composer.lines(text, width: 53, hangRoom: 18.5)
        XCTAssertEqual(lines[0].clusters.last!.x, 51.5, accuracy: 1e-9)
        XCTAssertTrue(lines[0].dump.hasSuffix("½^|"))
        XCTAssertFalse(try Fixture.composer.lines(text, width: 53, hangRoom: 18.4).contains { $0.dump.contains("^") })
    }
}
