import XCTest
@testable import Composer
import Interop
import Model

/// Vertical lines (竖排): positions run down the line, in em; glyph forms and
/// orientation per cluster.
final class VerticalTests: XCTestCase {
    static func vertical(_ s: TextStyle = Fixture.body()) -> TextStyle { var v = s; v.vertical = true; return v }

    /// Han upright on the grid, 2023 horizontal in one em (⇆), GDP rotated (⟳) with
    /// the Han–Latin space on the grid's bounds, marks in their vertical forms.
    func testVerticalLinePositionsAndOrientation() throws {
        let lines = try Fixture.lines("去年2023年GDP增长（初步）。", em: 16, style: Self.vertical())
        XCTAssertEqual(lines.map(\.dump), [
            "|去 0.000/1.000|年 1.000/1.000|2023 2.000/1.000⇆|年 3.000/1.442+0.442|G 4.442/0.733⟳|D 5.175/0.742⟳|P 5.917/1.083+0.442⟳|增 7.000/1.000|长 8.000/1.000|（ 9.000/1.000|初 10.000/1.000|步 11.000/1.000|） 12.000/0.500½|。 12.500/1.000| ¶",
        ])
        XCTAssertTrue(lines[0].vertical)
        let font = try Fixture.composer.font(for: Fixture.body())
        let comma = lines[0].clusters.first { $0.text == "（" }!
        XCTAssertEqual(lines[0].glyphs(of: comma).first!.id, font.verticalGlyph(for: "（"))
        XCTAssertNotEqual(lines[0].glyphs(of: comma).first!.id, font.glyph(for: "（"))
        let han = lines[0].clusters.first { $0.text == "增" }!
        XCTAssertEqual(lines[0].glyphs(of: han).first!.id, font.glyph(for: "增"))
    }

    /// Kinsoku holds in vertical lines: 。 never starts a column, （ never ends one.
    func testKinsokuInVerticalLines() throws {
        let lines = try Fixture.lines("一二三四五。六七八（九）十一二三四五六", em: 5, style: Self.vertical())
        XCTAssertEqual(Check.kinsokuViolations(lines), [])
        XCTAssertEqual(lines.map(\.text).joined(), "一二三四五。六七八（九）十一二三四五六")
        for l in lines where !l.isParagraphEnd { XCTAssertEqual(Check.rightEdge(l), 50, accuracy: 1e-6, l.dump) }
    }

    /// Five digits are not tate-chū-yoko: they turn with the line like Latin.
    func testLongNumbersAreRotated() throws {
        let l = try Fixture.lines("共12345人", em: 20, style: Self.vertical())[0]
        XCTAssertTrue(l.clusters.filter { "12345".contains($0.text) }.allSatisfy { $0.orientation == .rotated }, l.dump)
        let short = try Fixture.lines("共45人", em: 20, style: Self.vertical())[0]
        XCTAssertEqual(short.clusters.map(\.orientation), [.upright, .horizontalInVertical, .upright])
    }
}
