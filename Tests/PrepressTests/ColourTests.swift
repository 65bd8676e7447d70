import XCTest
@testable import Interop
@testable import Prepress

final class ColourTests: XCTestCase {
    func conversion() throws -> CMYKConversion {
        try CMYKConversion(outputProfile: PressSettings.defaultProfile, inkLimit: 240)
    }

    func testBlackBecomesKOnlyOverprintingAndGreyAKOnlyTint() throws {
        let r = ColorRewriter(conversion: try conversion())
        let out = String(decoding: r.rewrite(Data("0 0 0 rg /a0 gs BT ET 0 0 0 RG 1 w 0.5 0.5 0.5 rg 0 0 1 1 re f".utf8)), as: UTF8.self)
        XCTAssertEqual(out, "0 0 0 1 k /BsOv01 gs /a0 gs BT ET 0 0 0 1 K /BsOv11 gs 1 w 0 0 0 0.5 k /BsOv10 gs 0 0 1 1 re f")
    }

    func testStringsCommentsAndInlineImagesAreLeftAlone() throws {
        let r = ColorRewriter(conversion: try conversion())
        let src = "BT (0 0 0 rg \\) 1 g) Tj <0001> Tj ET % 0 0 0 rg\nBI /W 1 /H 1 ID \u{0}0 g EI 1 0 0 rg"
        let out = String(decoding: r.rewrite(Data(src.utf8)), as: UTF8.self)
        XCTAssertTrue(out.hasPrefix("BT (0 0 0 rg \\) 1 g) Tj <0001> Tj ET % 0 0 0 rg\nBI /W 1 /H 1 ID \u{0}0 g EI "), out)
        XCTAssertFalse(out.hasSuffix("1 0 0 rg"), out)   // the red after the image is converted
    }

    func testOverprintStateFollowsQAndQ() throws {
        let r = ColorRewriter(conversion: try conversion())
        let out = String(decoding: r.rewrite(Data("q 0 0 0 rg Q 1 0 0 RG".utf8)), as: UTF8.self)
        // After Q the fill is no longer black; a red stroke must not overprint anything.
        XCTAssertTrue(out.hasSuffix("K /BsOv00 gs"), out)
    }

    func testColoursGoThroughTheProfileWithinTheInkLimit() throws {
        let c = try conversion()
        let dark = c.convert(red: 0.05, green: 0.05, blue: 0.2)
        XCTAssertLessThanOrEqual(dark.reduce(0, +), 2.4 + 1e-9)
        let red = c.convert(red: 0.78, green: 0.06, blue: 0.18)
        XCTAssertGreaterThan(red[1], 0.9)   // magenta-heavy, as the profile says
        // Unlimited conversion of this dark blue would exceed 240 %.
        let unlimited = try CMYKConversion(outputProfile: PressSettings.defaultProfile, inkLimit: 400).convert(red: 0.05, green: 0.05, blue: 0.2)
        XCTAssertGreaterThan(unlimited.reduce(0, +), 2.4)
    }

    func testUnderColourRemovalMovesGreyIntoBlack() {
        var c = 200, m = 190, y = 180, k = 230
        CMYKConversion.limitInk(&c, &m, &y, &k, limit: 612)
        XCTAssertLessThanOrEqual(c + m + y + k, 612)
        XCTAssertEqual(k, 255)
        XCTAssertGreaterThan(c, m)   // the hue's order is kept
    }

    func testUnreadableProfileIsAnError() {
        XCTAssertThrowsError(try CMYKConversion(outputProfile: "/nonexistent.icc", inkLimit: 240))
        XCTAssertThrowsError(try CMYKConversion(outputProfile: "/usr/share/color/icc/ghostscript/srgb.icc", inkLimit: 240))
    }
}
