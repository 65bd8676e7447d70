import XCTest
@testable import Composer

/// An apostrophe inside a Latin word belongs to the word: it is set at the Latin
/// font's width, with no Han–Latin space or mark compression around it.
final class ApostropheTests: XCTestCase {
    func testApostropheInsideALatinWordIsPartOfTheWord() throws {
        let line = try XCTUnwrap(Fixture.lines("他说don’t。", em: 30).first)
        let quote = try XCTUnwrap(line.clusters.first { $0.text == "’" })
        let t = try XCTUnwrap(line.clusters.first { $0.text == "t" })
        // Narrow, and the t follows it directly: no full em, no ½ em compressed mark.
        XCTAssertLessThan(quote.width, 0.45 * line.em, line.dump)
        XCTAssertEqual(t.x, quote.x + quote.width, accuracy: 1e-6, line.dump)
        // A closing quotation mark after a word is still a mark.
        let quoted = try XCTUnwrap(Fixture.lines("他说“don”。", em: 30).first)
        let close = try XCTUnwrap(quoted.clusters.first { $0.text == "”" })
        XCTAssertGreaterThanOrEqual(close.width, 0.5 * quoted.em - 1e-6, quoted.dump)
    }
}
