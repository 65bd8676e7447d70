import XCTest
@testable import Composer
import Model

/// The `traditional` kinsoku level (zh-Hant default): Taiwan / Hong Kong practice.
final class TraditionalKinsokuTests: XCTestCase {
    func testTable() {
        let level = KinsokuLevel.traditional
        for c in [CharClass.pause, .stop, .closing, .middle, .dash, .ellipsis] {
            XCTAssertTrue(Kinsoku.cannotStart(c, level: level), "\(c)")
        }
        for c in [CharClass.han, .opening, .solidus, .latin] { XCTAssertFalse(Kinsoku.cannotStart(c, level: level), "\(c)") }
        XCTAssertTrue(Kinsoku.cannotEnd(.opening, level: level))
        XCTAssertFalse(Kinsoku.cannotEnd(.solidus, level: level))
        XCTAssertFalse(Kinsoku.cannotEnd(.closing, level: level))
    }

    /// —— and …… never start a line (basic lets them), ‧ neither (loose lets it).
    func testDashEllipsisAndMiddleDotNeverStartALine() throws {
        let traditional = Fixture.body(kinsoku: .traditional, punctuation: .centered)
        for text in ["一二三四——五六", "一二三四……五六"] {
            XCTAssertEqual(try Fixture.lines(text, em: 4)[1].clusters.first?.text, String(text.dropFirst(4).prefix(1)))
            let lines = try Fixture.lines(text, em: 4, style: traditional)
            XCTAssertNotEqual(lines[1].clusters.first?.text, String(text.dropFirst(4).prefix(1)), text)
            XCTAssertEqual(Check.kinsokuViolations(lines, level: .traditional), [], text)
            XCTAssertEqual(lines.map(\.text).joined(), text)
        }
        let loose = try Fixture.lines("一二三四‧五六", em: 4, style: Fixture.body(kinsoku: .loose, punctuation: .centered))
        XCTAssertEqual(loose[1].clusters.first?.text, "‧")
        let lines = try Fixture.lines("一二三四‧五六", em: 4, style: traditional)
        XCTAssertNotEqual(lines[1].clusters.first?.text, "‧")
        // The solidus may end a line, as at the basic level.
        let solidus = try Fixture.lines("一二三／四五六", em: 4, style: traditional)
        XCTAssertEqual(solidus[0].clusters.last?.text, "／")
    }
}
