import Foundation
import XCTest
@testable import Interop

final class InteropTests: XCTestCase {
    let lib = FontLibrary()

    func testHanAdvanceIsOneEm() throws {
        let f = try lib.font(FontSpec(family: "Noto Serif CJK SC", size: 10))
        let g = try XCTUnwrap(f.glyph(for: "中"))
        XCTAssertEqual(f.advance(of: g), 10, accuracy: 0.001)
        let comma = try XCTUnwrap(f.glyph(for: "，"))
        XCTAssertEqual(f.advance(of: comma), 10, accuracy: 0.001)
    }

    /// Vertical gravity gives the vertical forms of marks (vert/vrt2), and Han
    /// characters keep their glyph; the vertical comma's ink is in the upper right.
    /// (The em dash has no vertical form in Noto CJK: the renderer turns it.)
    func testVerticalGlyphForms() throws {
        let f = try lib.font(FontSpec(family: "Noto Serif CJK SC", size: 10))
        for mark in ["，", "。", "（", "）", "“", "”", "《", "」", "…"] as [Unicode.Scalar] {
            XCTAssertNotEqual(f.verticalGlyph(for: mark), f.glyph(for: mark), "no vertical form for \(mark)")
        }
        XCTAssertEqual(f.verticalGlyph(for: "中"), f.glyph(for: "中"))
        let ink = f.inkBounds(of: try XCTUnwrap(f.verticalGlyph(for: "，")))
        XCTAssertGreaterThan(ink.x, 5, "vertical comma sits in the right half: \(ink)")
        XCTAssertLessThan(ink.y + ink.height, -4, "vertical comma sits in the upper half: \(ink)")
    }

    /// `hwid` gives half-width digits: two make one em (as mainland papers set them);
    /// without it the same call shapes like `shape(_:)`.
    func testHalfWidthDigitsThroughHarfBuzzFeatures() throws {
        let f = try lib.font(FontSpec(family: "Noto Serif CJK SC", size: 10))
        let plain = f.shape("2023", features: ["kern"])
        XCTAssertEqual(plain.width, f.shape("2023").width, accuracy: 0.01)
        let half = f.shape("2023", features: ["hwid"])
        XCTAssertEqual(half.glyphs.count, 4)
        for g in half.glyphs { XCTAssertEqual(g.advance, 5, accuracy: 0.001) }
        XCTAssertEqual(half.width, 20, accuracy: 0.001)
    }

    /// Advances come from `hmtx` instead of FreeType: they must be Cairo's exactly (the
    /// layout and the PDF depend on every Pango unit), for every font and size the
    /// templates use and for sizes whose scale is not a whole number of Pango units.
    func testAdvancesFromFontUnitsEqualCairosForEveryGlyph() throws {
        let cases: [(String, Int, Double, Int)] = [
            ("Noto Serif CJK SC", 400, 9.5, 7), ("Noto Serif CJK SC", 400, 11.3, 13), ("Noto Sans CJK SC", 700, 13, 11),
            ("Noto Sans CJK SC", 900, 38, 17), ("LXGW WenKai", 400, 8.3, 3), ("DejaVu Sans", 400, 10.3, 1),
        ]
        for (family, weight, size, step) in cases {
            let f = try lib.font(FontSpec(family: family, weight: weight, size: size))
            XCTAssertTrue(f.readsAdvancesFromUnits, "\(family) \(size): fell back to Cairo")
            var differ: [GlyphID] = []
            for g in stride(from: 1, to: f.glyphCount, by: step) {
                let id = GlyphID(g)
                if f.advance(of: id) != Double(f.advanceFromCairo(id)) / 1024 { differ.append(id) }
            }
            XCTAssertEqual(differ.prefix(5), [], "\(family) \(weight) \(size) pt: \(differ.count) glyphs differ")
        }
    }

    func testShapingLatinGivesProportionalWidths() throws {
        let f = try lib.font(FontSpec(family: "Noto Serif CJK SC", size: 10))
        let r = f.shape("API 2023")
        XCTAssertEqual(r.glyphs.count, 8)
        XCTAssertTrue(r.missing.isEmpty)
        XCTAssertGreaterThan(r.width, 20)
        XCTAssertLessThan(r.width, 60)
        XCTAssertEqual(r.glyphs.map(\.cluster), Array(0..<8))
    }

    func testMissingFamilyIsAnError() {
        XCTAssertThrowsError(try lib.font(FontSpec(family: "No Such Font Family", size: 10))) { e in
            guard case FontError.notInstalled(let req, _) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(req, "No Such Font Family")
        }
    }

    func testPDFRoundTripKeepsTextAndSize() throws {
        let f = try lib.font(FontSpec(family: "Noto Serif CJK SC", size: 20))
        let path = NSTemporaryDirectory() + "interop-\(getpid()).pdf"
        defer { unlink(path) }
        let w = try PDFWriter(path: path, firstPageSize: Size(width: 300, height: 200),
                              metadata: PDFMetadata(title: "t", date: "2024-01-12T00:00:00Z"))
        w.beginPage(size: Size(width: 300, height: 200))
        var clusters: [GlyphCluster] = []
        for (i, ch) in "示范区".enumerated() {
            clusters.append(GlyphCluster(text: String(ch), glyphs: [PlacedGlyph(id: f.glyph(for: ch.unicodeScalars.first!)!, x: 20 + Double(i) * 20, y: 100)]))
        }
        w.show(clusters, font: f)
        try w.finish()
        let doc = try PDFDocument(path: path)
        XCTAssertEqual(doc.pageCount, 1)
        XCTAssertEqual(try doc.pageSize(0), Size(width: 300, height: 200))
        XCTAssertTrue(try doc.text(0).contains("示范区"))
        let r = try doc.render(0, dpi: 72)
        XCTAssertEqual(r.width, 300)
        // Some dark pixels where the glyphs are, none in the far corner.
        func px(_ x: Int, _ y: Int) -> UInt8 { r.pixels[(y * r.width + x) * 3] }
        XCTAssertEqual(px(290, 190), 255)
        var dark = 0
        for y in 80..<105 { for x in 20..<80 where px(x, y) < 128 { dark += 1 } }
        XCTAssertGreaterThan(dark, 50)
    }

    func testNoPartialPDFWhenNotFinished() throws {
        let path = NSTemporaryDirectory() + "partial-\(getpid()).pdf"
        do {
            let w = try PDFWriter(path: path, firstPageSize: Size(width: 100, height: 100), metadata: PDFMetadata(title: "t", date: "2024-01-12T00:00:00Z"))
            w.beginPage(size: Size(width: 100, height: 100))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        let dir = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())
        XCTAssertFalse(dir.contains { $0.contains("partial-\(getpid()).pdf.partial") })
    }

    func testHyphenationPoints() throws {
        let h = try Hyphenator()
        XCTAssertEqual(h.breakPoints("hyphenation"), [2, 6])   // hy-phen-ation
        XCTAssertEqual(h.breakPoints("API"), [])
    }

    func testCorruptJPEGIsRejected() throws {
        let path = NSTemporaryDirectory() + "bad-\(getpid()).jpg"
        defer { unlink(path) }
        FileManager.default.createFile(atPath: path, contents: Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 1, 2, 3]))
        XCTAssertThrowsError(try ImageFile(path: path))
    }
}

/// Libraries opened at run time (`SharedLibrary`): a missing one is an error that says
/// what to install, never a crash at start-up or at the first call.
final class SharedLibraryTests: XCTestCase {
    func testAMissingLibraryIsAnErrorNamingItsPackage() {
        XCTAssertThrowsError(try SharedLibrary.open(["libbroadsheet-missing.so", "libbroadsheet-missing.so.1"], package: "libmissing1")) { error in
            let message = String(describing: error)
            XCTAssertTrue(message.hasPrefix("cannot load libbroadsheet-missing.so ("), message)
            XCTAssertTrue(message.contains("libbroadsheet-missing.so.1"), message)   // every name tried
            XCTAssertTrue(message.hasSuffix("install it with `apt-get install libmissing1`"), message)
        }
    }

    func testAnInstalledLibraryOpens() throws {
        let handle = try SharedLibrary.open(["libbroadsheet-missing.so", "libz.so.1"], package: "zlib1g")
        XCTAssertNotNil(dlsym(handle, "deflate"))
    }
}

/// Two font libraries on two threads, as the two layout threads use them: Cairo keeps
/// at most ten FreeType faces open across both, so fonts made on one thread close faces
/// the other is reading glyphs from (`CairoFontFaces`). Without the lock this crashed.
final class ConcurrentFontLibraryTests: XCTestCase {
    func testTwoThreadsMakingFontsAndReadingGlyphsOfFourteenFaces() throws {
        let faces: [(String, Int)] = [
            ("Noto Serif CJK SC", 400), ("Noto Serif CJK SC", 700), ("Noto Serif CJK SC", 900),
            ("Noto Sans CJK SC", 300), ("Noto Sans CJK SC", 400), ("Noto Sans CJK SC", 500),
            ("Noto Sans CJK SC", 700), ("Noto Sans CJK SC", 900), ("Noto Serif CJK TC", 400),
            ("LXGW WenKai", 400), ("DejaVu Sans", 400), ("DejaVu Serif", 400),
            ("Liberation Serif", 400), ("Liberation Sans", 400),
        ]
        let text = Array("，。、；：！？「」《》（）——中国城乡一体化示范区项目建设ABCdef123".unicodeScalars)
        let inks = ThreadResults()
        DispatchQueue.concurrentPerform(iterations: 2) { thread in
            let library = FontLibrary()
            var widths: [Double] = []
            // Each round makes every face's font at a new size (a new Cairo font) and reads
            // the ink of each glyph: faces open and close on both threads all the time.
            for round in 0..<40 {
                for k in faces.indices {
                    let (family, weight) = faces[(k + thread * 7) % faces.count]
                    guard let font = try? library.font(FontSpec(family: family, weight: weight, size: 8 + Double(round) * 0.5)) else { continue }
                    for scalar in text {
                        if let g = font.glyph(for: scalar) { widths.append(font.inkBounds(of: g).width) }
                    }
                }
            }
            inks.set(widths, for: thread)
        }
        let (first, second) = (inks.widths[0] ?? [], inks.widths[1] ?? [])
        XCTAssertGreaterThan(first.count, 40 * faces.count * 20)
        XCTAssertEqual(first.count, second.count)
        // The same glyphs at the same sizes, read on either thread, have the same ink.
        XCTAssertEqual(first.reduce(0, +), second.reduce(0, +), accuracy: 1e-6)
    }
}

/// What each thread of a test measured.
private final class ThreadResults: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var widths: [Int: [Double]] = [:]
    func set(_ values: [Double], for thread: Int) { lock.withLock { widths[thread] = values } }
}
