import XCTest
@testable import Model

/// A zh-Hant style takes Taiwan / Hong Kong defaults.
final class TraditionalStyleTests: XCTestCase {
    func testLanguageChoosesKinsokuAndPunctuation() throws {
        let tmp = TempDir()
        let text = miniTemplate
            .replacingOccurrences(of: "  caption: {family: kai, size: 8, leading: 10}",
                                  with: "  caption: {family: kai, size: 8, leading: 10, language: zh-Hant}")
            .replacingOccurrences(of: "  credit: {based-on: caption, align: right}",
                                  with: "  credit: {based-on: caption, align: right, kinsoku: loose, punctuation: full-width}")
            .replacingOccurrences(of: "  footer: {based-on: base, size: 6}",
                                  with: "  footer: {based-on: base, size: 6, family: \"Noto Serif CJK TC\", language: zh-Hans}")
            .replacingOccurrences(of: "banners:", with: "  vertical-body: {based-on: body, family: \"Noto Serif CJK TC\"}\nbanners:")
        let t = try TemplateLoader.load(path: tmp.write("t.yaml", text), fonts: testFonts)
        XCTAssertEqual(t.styles.body.language, .simplified)
        XCTAssertEqual(t.styles.body.kinsoku, .basic)
        XCTAssertEqual(t.styles.body.punctuation, .fullWidth)
        // A Traditional Chinese face makes a zh-Hant style.
        let v = try XCTUnwrap(t.styles.verticalBody)
        XCTAssertEqual(v.language, .traditional)
        XCTAssertEqual(v.kinsoku, .traditional)
        XCTAssertEqual(v.punctuation, .centered)
        // Said so in any face.
        XCTAssertEqual(t.styles.caption.kinsoku, .traditional)
        // Settings given explicitly win over the language's defaults (the language is inherited).
        XCTAssertEqual(t.styles.credit.language, .traditional)
        XCTAssertEqual(t.styles.credit.kinsoku, .loose)
        XCTAssertEqual(t.styles.credit.punctuation, .fullWidth)
        XCTAssertEqual(t.styles.footer.language, .simplified)
    }

    func testUnknownLanguageOrKinsokuIsAnErrorAtItsLine() throws {
        for bad in ["language: zh-TW", "kinsoku: taiwan"] {
            let tmp = TempDir()
            let text = miniTemplate.replacingOccurrences(of: "  body: {based-on: base, indent: 2}", with: "  body: {based-on: base, indent: 2, \(bad)}")
            let p = tmp.write("t.yaml", text)
            XCTAssertThrowsError(try TemplateLoader.load(path: p, fonts: testFonts), bad) { e in
                guard let e = e as? LoadError else { return XCTFail("\(e)") }
                XCTAssertEqual(e.line, 9, "\(e)")
                XCTAssertTrue(e.message.contains(String(bad.split(separator: ":")[0])), e.message)
            }
        }
    }
}
