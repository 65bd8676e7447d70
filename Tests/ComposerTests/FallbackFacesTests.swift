import XCTest
import Composer
import Interop
import Model

/// The font library holds only the faces of the families it is asked for; the
/// composer's fallback list still reaches characters outside the style's family.
final class FallbackFacesTests: XCTestCase {
    let composer = Composer(fonts: FontLibrary(), fallbackFamilies: ["Noto Serif CJK SC", "Noto Sans CJK SC", "DejaVu Sans"])

    func testRareCharacterFallsBackToTheConfiguredFamily() throws {
        // Ա (Armenian) is in DejaVu Sans only of the three families.
        let lines = try composer.lines(ParagraphInput("好Ա好", style: Fixture.body()), width: 100)
        XCTAssertEqual(lines.map(\.text).joined(), "好Ա好")
        let families = lines[0].runs.map { "\($0.font.spec.family):" + $0.clusters.map(\.text).joined() }
        XCTAssertEqual(families, ["Noto Serif CJK SC:好", "DejaVu Sans:Ա", "Noto Serif CJK SC:好"])
    }

    /// ᚠ (runic) is installed here only in DejaVu Sans Mono, which no configured family
    /// names: reported, as before the library's faces were narrowed.
    func testCharacterOutsideEveryConfiguredFamilyIsReported() {
        XCTAssertThrowsError(try composer.lines(ParagraphInput("好ᚠ", style: Fixture.body()), width: 100)) { e in
            guard case let ComposeError.missingGlyph(c, families) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(c, "ᚠ")
            XCTAssertEqual(families, ["Noto Serif CJK SC", "Noto Serif CJK SC", "Noto Sans CJK SC", "DejaVu Sans"])
        }
    }
}
