import Foundation
import XCTest
import Interop
@testable import Pipeline

/// `layOutAndWrite` lays out and records the pages of an issue on two threads, each
/// with its own font library, and the writer appends the recordings in page order: the
/// PDF must be the one a single thread makes, byte for byte.
final class OverlappedRenderTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testTwoThreadsWriteTheSamePDFAsOneThreadByteForByte() throws {
        let source = IssuePipeline.Source(issuePath: Self.root.appendingPathComponent("Articles/2024-01-12/issue.yaml").path,
                                          layoutsDirectory: Self.root.appendingPathComponent("Layouts").path,
                                          fontsPath: Self.root.appendingPathComponent("Fonts/fonts.yaml").path)
        let loaded = try IssuePipeline.load(source)
        // The demo issue splits: both threads lay out and record pages.
        XCTAssertEqual(IssuePipeline.shares(of: loaded.issue).count, 2)
        let dir = NSTemporaryDirectory()
        let two = dir + "overlapped-two-\(getpid()).pdf", one = dir + "overlapped-one-\(getpid()).pdf"
        defer { unlink(two); unlink(one) }

        let (laidOut, _) = try IssuePipeline().layOutAndWrite(loaded, to: two)
        let single = IssuePipeline()
        try single.writePDF(single.layOut(loaded), of: loaded, to: one)

        let twoBytes = try Data(contentsOf: URL(fileURLWithPath: two)), oneBytes = try Data(contentsOf: URL(fileURLWithPath: one))
        XCTAssertGreaterThan(twoBytes.count, 100_000)
        XCTAssertTrue(twoBytes == oneBytes, "the two-thread PDF differs from the one-thread PDF")
        // Each page's text is on its page, in issue order.
        let doc = try PDFDocument(path: two)
        XCTAssertEqual(doc.pageCount, laidOut.pages.count)
        XCTAssertTrue(try doc.text(0).contains("让“进”的势头成为“稳”的底气"))
        XCTAssertFalse(try doc.text(1).contains("让“进”的势头成为“稳”的底气"))
    }
}
