import Foundation
import XCTest
@testable import Interop

/// A font library's font map chooses only from the faces of the families it was asked
/// for (`FaceSet`); every font must still resolve to the face the whole system gives.
final class FaceSetTests: XCTestCase {
    /// The families of Fonts/fonts.yaml and its fallback list.
    static let families = ["Noto Serif CJK SC", "Noto Sans CJK SC", "LXGW WenKai", "Liberation Serif",
                           "Liberation Sans", "DejaVu Sans"]

    func testEveryConfiguredFontIsTheFaceTheWholeSystemGives() throws {
        let restricted = FontLibrary()
        let whole = FontLibrary(language: "zh-cn", allSystemFaces: true)
        for family in Self.families {
            for weight in [300, 400, 500, 700, 900] {
                for size in [7.5, 9.5, 36.0] {
                    let spec = FontSpec(family: family, weight: weight, size: size)
                    let a = try restricted.font(spec), b = try whole.font(spec)
                    XCTAssertEqual(a.filePath, b.filePath, "\(spec)")
                    XCTAssertEqual(a.resolvedName, b.resolvedName, "\(spec)")
                    XCTAssertEqual(a.metrics, b.metrics, "\(spec)")
                    for ch in ["国", "，", "a", "Ω"] as [Unicode.Scalar] {
                        XCTAssertEqual(a.glyph(for: ch), b.glyph(for: ch), "\(spec) \(ch)")
                        if let g = a.glyph(for: ch) { XCTAssertEqual(a.advance(of: g), b.advance(of: g), "\(spec) \(ch)") }
                    }
                }
            }
        }
    }

    /// Ascent and descent read from the face equal Pango's metrics (which the font used to
    /// ask for, at the cost of a layout of Pango's sample text per font).
    func testFaceMetricsArePangos() throws {
        let lib = FontLibrary()
        for family in Self.families {
            for weight in [400, 700] {
                for size in [7.5, 9.5, 10, 10.3, 36, 72] as [Double] {
                    let f = try lib.font(FontSpec(family: family, weight: weight, size: size))
                    let fromFace = try XCTUnwrap(Font.faceMetrics(f.pango), "\(f.spec)")
                    XCTAssertEqual(f.metrics, fromFace)
                    XCTAssertEqual(fromFace, Font.pangoMetrics(f.pango, language: lib.language), "\(f.spec)")
                    XCTAssertGreaterThan(fromFace.ascent, size * 0.6)
                }
            }
        }
    }

    /// A character outside the first families is found in a family asked for later
    /// (the composer's fallback), from the face the system gives for that family.
    func testLaterFamilyAddsItsFaces() throws {
        let lib = FontLibrary()
        let song = try lib.font(FontSpec(family: "Noto Serif CJK SC", size: 10))
        XCTAssertNil(song.glyph(for: "Ա"))
        let dejavu = try lib.font(FontSpec(family: "DejaVu Sans", size: 10))
        XCTAssertNotNil(dejavu.glyph(for: "Ա"))
        XCTAssertEqual(dejavu.filePath.map { ($0 as NSString).lastPathComponent }, "DejaVuSans.ttf")
        XCTAssertEqual(dejavu.shape("Ա").missing, [])
    }

    /// Family names compare as fontconfig compares them: case and blanks ignored.
    func testFamilyNameIgnoresCaseAndBlanks() throws {
        let lib = FontLibrary()
        let a = try lib.font(FontSpec(family: "noto serif CJKSC", size: 10))
        let b = try FontLibrary(language: "zh-cn", allSystemFaces: true).font(FontSpec(family: "Noto Serif CJK SC", size: 10))
        XCTAssertEqual(a.filePath, b.filePath)
        XCTAssertEqual(a.resolvedName, b.resolvedName)
        XCTAssertEqual(FontLibrary.familyKey("LXGW WenKai"), "lxgwwenkai")
        XCTAssertEqual(FontLibrary.familyKey("Écrit Sans"), "écritsans")
    }

    func testMissingFamilyNamesWhatTheSystemOffers() {
        XCTAssertThrowsError(try FontLibrary().font(FontSpec(family: "No Such Font Family", size: 10))) { e in
            guard case let FontError.notInstalled(requested, got) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(requested, "No Such Font Family")
            XCTAssertFalse(got.isEmpty || got == "?", got)
        }
    }

    /// The listing is the system's, not the faces a library has loaded.
    func testInstalledFamiliesAreTheSystems() {
        let families = FontLibrary().installedFamilies()
        XCTAssertTrue(families.contains("DejaVu Sans Mono"), "\(families.prefix(10))")
        XCTAssertTrue(families.contains("Noto Serif CJK SC"))
    }
}
