import Foundation
import XCTest
@testable import Interop
@testable import Prepress

/// Which ads the press stage must flatten: only those with something transparent on
/// them. A page transparency group alone (Cairo writes one on every page) is removed
/// instead, so the ad stays vectors.
final class AdInspectionTests: XCTestCase {
    let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Articles/2024-01-12").standardized.path

    func testPageGroupAloneIsNotTransparency() throws {
        // The strip ad and the nameplate: opaque drawing under Cairo's page group.
        for path in ["\(demo)/ads/subscribe-strip.pdf", "\(demo)/../../Layouts/art/pds-nameplate.pdf"] {
            let i = try PDFInspection(PDFSurgery(path: path))
            XCTAssertTrue(i.hasPageGroup, path)
            XCTAssertFalse(i.usesTransparency, path)
        }
    }

    func testStrokesInATransparentStateAreTransparency() throws {
        // subscribe.pdf draws its watermark rings as strokes at 8 % opacity.
        var found: [String] = []
        let doc = try PDFSurgery(path: "\(demo)/ads/subscribe.pdf")
        try PageWalker(doc: doc, visit: { if case let .transparency(what, _) = $0 { found.append(what) } }).walk(page: doc.page(0))
        XCTAssertTrue(found.contains("a stroke in a transparent graphics state"), "\(found)")
        XCTAssertTrue(try PDFInspection(doc).usesTransparency)
    }
}
