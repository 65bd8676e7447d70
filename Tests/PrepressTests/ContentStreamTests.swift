import XCTest
@testable import Prepress

final class ContentStreamTests: XCTestCase {
    func testOperatorsOperandsAndRanges() {
        let src = "q 1 0 0 -1 0 800 cm\n0 0 0 rg /a0 gs BT /F1 9 Tf [(a\\)b) -250 <0001>] TJ ET Q"
        let ops = ContentStreamParser.operations(Data(src.utf8))
        XCTAssertEqual(ops.map(\.op), ["q", "cm", "rg", "gs", "BT", "Tf", "TJ", "ET", "Q"])
        let rg = ops[2]
        XCTAssertEqual(rg.operands, [.number(0), .number(0), .number(0)])
        XCTAssertEqual(String(src.utf8.dropFirst(rg.range.lowerBound).prefix(rg.range.count))!, "0 0 0 rg")
        XCTAssertEqual(ops[6].operands, [.array([.string(Array("a)b".utf8)), .number(-250), .string([0, 1])])])
    }

    func testInlineImageDataIsSkipped() {
        let src = "q BI /W 2 /H 1 /CS /RGB /BPC 8 ID \u{0}EI\u{1}\u{2}\u{3}\u{4}\u{5} EI Q 1 g"
        let ops = ContentStreamParser.operations(Data(src.utf8))
        XCTAssertEqual(ops.map(\.op), ["q", "BI", "Q", "g"])
        XCTAssertEqual(ops[1].inlineImage?["W"], .number(2))
        XCTAssertEqual(ops[1].inlineImage?["CS"], .name("RGB"))
    }
}
