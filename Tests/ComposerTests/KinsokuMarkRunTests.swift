import XCTest
@testable import Composer
import Model

/// clreq's relaxation of the line-start rule for runs of marks ("Handling of Grid
/// Alignment in Chinese and Western Mixed Text Composition"): on the grid, with
/// line-end hanging, the first of two or more consecutive marks hangs and the second
/// and those after it may start the next line (`split-mark-runs`). It belongs to grid
/// alignment with hanging, not to a kinsoku level: clreq's levels (none, basic, GB,
/// strict) say nothing of it.
final class KinsokuMarkRunTests: XCTestCase {
    static func style(_ h: HangingPunctuation = .end, split: Bool = true, kinsoku: KinsokuLevel = .basic,
                      grid: Bool = true) -> TextStyle {
        var s = Fixture.body(kinsoku: kinsoku, grid: grid)
        s.hangingPunctuation = h
        s.splitMarkRuns = split
        return s
    }

    /// 。」 after five Han characters in a 5 em line: 。 hangs at 5 em, 」 starts the
    /// next line; every Han character stays on the grid. Without the setting the
    /// run may not hang (clreq: no hanging in a succession of marks), and the line
    /// is pushed in or out.
    func testSecondMarkStartsTheNextLine() throws {
        let text = "一二三四五。」六七"
        for level in [KinsokuLevel.loose, .basic, .strict] {
            XCTAssertEqual(try Fixture.dumps(text, em: 5, style: Self.style(kinsoku: level)), [
                "|一 0.000/1.000|二 1.000/1.000|三 2.000/1.000|四 3.000/1.000|五 4.000/1.000|。 5.000/0.500½^|",
                "|」 0.000/1.000|六 1.000/1.000|七 2.000/1.000| ¶",
            ], "\(level)")
        }
        let plain = try Fixture.lines(text, em: 5, style: Self.style(split: false))
        XCTAssertFalse(plain.contains { $0.dump.contains("^") }, plain.map(\.dump).joined(separator: "\n"))
        XCTAssertEqual(Check.kinsokuViolations(plain), [])
        XCTAssertNotEqual(HangingTests.hanOffGrid(plain), [])
    }

    /// The second and every later mark of the run start the next line together.
    func testTheRestOfALongerRunMovesDown() throws {
        let lines = try Fixture.dumps("一二三四五，”」六七", em: 5, style: Self.style())
        XCTAssertEqual(lines[0], "|一 0.000/1.000|二 1.000/1.000|三 2.000/1.000|四 3.000/1.000|五 4.000/1.000|， 5.000/0.500½^|")
        XCTAssertTrue(lines[1].hasPrefix("|” 0.000/"), lines[1])
        XCTAssertEqual(try Fixture.lines("一二三四五，”」六七", em: 5, style: Self.style()).map(\.text).joined(), "一二三四五，”」六七")
    }

    /// Only a mark that may hang opens the run: ？！ splits under `end-all-stops`, not
    /// under `end` (？ does not hang there); never without the grid or without hanging,
    /// and never after another mark (the hung mark is the run's first).
    func testOnlyAHangableFirstMarkOnTheGridSplits() throws {
        func split(_ text: String, _ style: TextStyle) throws -> Bool {
            let lines = try Fixture.lines(text, em: 5, style: style)
            XCTAssertEqual(lines.map(\.text).joined(), text)
            return lines.dropFirst().contains { Check.firstClass($0).map { Kinsoku.cannotStart($0, level: .basic) } ?? false }
        }
        XCTAssertTrue(try split("一二三四五？！六七", Self.style(.endAllStops)))
        XCTAssertFalse(try split("一二三四五？！六七", Self.style(.end)))
        XCTAssertFalse(try split("一二三四五。」六七", Self.style(grid: false)))
        XCTAssertFalse(try split("一二三四五。」六七", Self.style(.none)))
        XCTAssertFalse(try split("一二三四）。」六七", Self.style()))
    }

    /// A vertical line splits the run the same way: 。 below the line's end, 」 at
    /// the top of the next line.
    func testVerticalLinesSplitRunsToo() throws {
        var s = Self.style()
        s.vertical = true
        let lines = try Fixture.dumps("一二三四五。」六七", em: 5, style: s)
        XCTAssertEqual(lines[0], "|一 0.000/1.000|二 1.000/1.000|三 2.000/1.000|四 3.000/1.000|五 4.000/1.000|。 5.000/0.500½^|")
        XCTAssertTrue(lines[1].hasPrefix("|」 0.000/1.000|"), lines[1])
    }
}
