import Foundation
import Interop
import XCTest
@testable import Diff

final class PDFDiffTests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try TestPDFs.tempDir() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    let headline = TestText(text: "示范区建设", x: 20, y: 60)
    let footer = TestText(text: "第三版", x: 200, y: 180, size: 10)

    func pdf(_ name: String, _ pages: [TestPage]) throws -> String {
        let path = dir + "/" + name
        try TestPDFs.write(path, pages)
        return path
    }

    func twoPages(_ headlineText: String = "示范区建设", footerText: String = "第三版") -> [TestPage] {
        var h = headline; h.text = headlineText
        var f = footer; f.text = footerText
        return [TestPage(texts: [h, f]), TestPage(texts: [TestText(text: "经济", x: 40, y: 100)])]
    }

    func testIdenticalPDFsAreEqual() throws {
        let a = try pdf("a.pdf", twoPages()), b = try pdf("b.pdf", twoPages())
        let r = try PDFDiff.compare(old: a, new: b)
        XCTAssertTrue(r.isEqual)
        XCTAssertEqual(r.pages.map(\.kind), [.equal, .equal])
        XCTAssertEqual(r.summaryLines, ["0 of 2 pages differ"])
    }

    func testOneChangedCharacterIsLocated() throws {
        let a = try pdf("a.pdf", twoPages("示范区建设")), b = try pdf("b.pdf", twoPages("示范区建立"))
        let r = try PDFDiff.compare(old: a, new: b)
        XCTAssertFalse(r.isEqual)
        XCTAssertEqual(r.differentPages.map(\.page), [1])
        let p = try XCTUnwrap(r.differentPages.first)
        XCTAssertEqual(p.kind, .different)
        XCTAssertEqual(p.regions.count, 1, "\(p.regions)")
        let box = p.regions[0]
        let glyph = TestPDFs.glyphBoxMM(headline, index: 4)
        XCTAssertTrue(box.contains(glyph.center), "region \(box) should contain the changed glyph at \(glyph)")
        // …and stay on that glyph, not spread to its unchanged neighbours.
        XCTAssertFalse(box.contains(TestPDFs.glyphBoxMM(headline, index: 2).center))
        XCTAssertLessThanOrEqual(box.width, glyph.width + 1)
        XCTAssertEqual(r.summaryLines.last, "1 of 2 pages differ")
        XCTAssertTrue(r.summaryLines[0].hasPrefix("page 1: "), r.summaryLines[0])
        XCTAssertTrue(r.summaryLines[0].contains("in 1 region (x,y,w,h mm): "), r.summaryLines[0])
    }

    func testTwoSeparateChangesAreTwoRegions() throws {
        let a = try pdf("a.pdf", twoPages("示范区建设", footerText: "第三版"))
        let b = try pdf("b.pdf", twoPages("示范区建立", footerText: "第四版"))
        let r = try PDFDiff.compare(old: a, new: b)
        let p = try XCTUnwrap(r.differentPages.first)
        XCTAssertEqual(p.regions.count, 2, "\(p.regions)")
        XCTAssertTrue(p.regions[0].contains(TestPDFs.glyphBoxMM(headline, index: 4).center))
        XCTAssertTrue(p.regions[1].contains(TestPDFs.glyphBoxMM(footer, index: 1).center))
    }

    func testIgnoreRegionCoveringTheChangeMakesThemEqual() throws {
        let a = try pdf("a.pdf", twoPages("示范区建设")), b = try pdf("b.pdf", twoPages("示范区建立"))
        let g = TestPDFs.glyphBoxMM(headline, index: 4).insetBy(dx: -1, dy: -1)
        var o = PDFDiffOptions()
        o.ignore = [IgnoreRegion(page: 1, rect: g)]
        XCTAssertTrue(try PDFDiff.compare(old: a, new: b, options: o).isEqual)
        o.ignore = [try IgnoreRegion(parsing: "*:\(g.x),\(g.y),\(g.width),\(g.height)")]
        XCTAssertTrue(try PDFDiff.compare(old: a, new: b, options: o).isEqual)
        // The same region on another page does not hide it.
        o.ignore = [IgnoreRegion(page: 2, rect: g)]
        XCTAssertFalse(try PDFDiff.compare(old: a, new: b, options: o).isEqual)
    }

    func testAreaToleranceAcceptsSmallChanges() throws {
        let a = try pdf("a.pdf", twoPages("示范区建设")), b = try pdf("b.pdf", twoPages("示范区建立"))
        var o = PDFDiffOptions()
        o.maxArea = 1000
        let r = try PDFDiff.compare(old: a, new: b, options: o)
        XCTAssertTrue(r.isEqual)
        XCTAssertEqual(r.pages[0].kind, .withinTolerance)
        XCTAssertGreaterThan(r.pages[0].differingArea, 0.5)
    }

    func testToleranceDoesNotDependOnDPI() throws {
        let a = try pdf("a.pdf", twoPages("示范区建设")), b = try pdf("b.pdf", twoPages("示范区建立"))
        var areas: [Double] = []
        for dpi in [72.0, 150] {
            var o = PDFDiffOptions()
            o.dpi = dpi
            areas.append(try PDFDiff.compare(old: a, new: b, options: o).pages[0].differingArea)
        }
        XCTAssertEqual(areas[0], areas[1], accuracy: areas[1] * 0.35, "\(areas)")
    }

    func testDifferentPageCountIsReported() throws {
        let a = try pdf("a.pdf", twoPages()), b = try pdf("b.pdf", Array(twoPages().prefix(1)))
        let r = try PDFDiff.compare(old: a, new: b)
        XCTAssertFalse(r.isEqual)
        XCTAssertEqual(r.pages.map(\.kind), [.equal, .onlyInOld])
        XCTAssertEqual(r.summaryLines, ["page count differs: a.pdf has 2 pages, b.pdf has 1",
                                        "page 2: only in a.pdf",
                                        "1 of 2 pages differ"])
    }

    func testDifferentPageSizeIsReported() throws {
        var pages = twoPages()
        pages[1].size = Size(width: Units.mm(100), height: Units.mm(50))
        let a = try pdf("a.pdf", twoPages()), b = try pdf("b.pdf", pages)
        let r = try PDFDiff.compare(old: a, new: b)
        guard case let .sizeDiffers(old, new) = r.pages[1].kind else { return XCTFail("\(r.pages[1].kind)") }
        XCTAssertEqual(old, Size(width: 300, height: 200))
        XCTAssertEqual(new.width, pages[1].size.width, accuracy: 0.01)
        XCTAssertEqual(r.summaryLines, ["page 2: page size differs: 105.8×70.6 mm → 100.0×50.0 mm", "1 of 2 pages differ"])
    }

    func testNonPDFIsAnErrorNamingTheFile() throws {
        let bad = dir + "/notes.pdf"
        try "not a pdf".write(toFile: bad, atomically: true, encoding: .utf8)
        let good = try pdf("a.pdf", twoPages())
        XCTAssertThrowsError(try PDFDiff.compare(old: good, new: bad)) { e in
            XCTAssertTrue("\(e)".hasPrefix(bad + ": not a readable PDF"), "\(e)")
        }
        XCTAssertThrowsError(try PDFDiff.compare(old: dir + "/missing.pdf", new: good)) { e in
            XCTAssertEqual("\(e)", dir + "/missing.pdf: cannot read file")
        }
    }

    func testReportHasImagesAndSelfContainedHTML() throws {
        let a = try pdf("a.pdf", twoPages("示范区建设")), b = try pdf("b.pdf", twoPages("示范区建立"))
        var o = PDFDiffOptions()
        o.reportDirectory = dir + "/report"
        let r = try PDFDiff.compare(old: a, new: b, options: o)
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: dir + "/report"))
        XCTAssertEqual(files, ["index.html", "summary.txt", "page-001-old.png", "page-001-new.png", "page-001-diff.png",
                               "page-001-r1-old.png", "page-001-r1-new.png", "page-001-r1-diff.png"])
        let html = try String(contentsOfFile: dir + "/report/index.html", encoding: .utf8)
        for f in ["page-001-old.png", "page-001-new.png", "page-001-diff.png", "page-001-r1-diff.png"] {
            XCTAssertTrue(html.contains("src=\"\(f)\""), f)
        }
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("http"))
        let box = r.pages[0].regions[0]
        XCTAssertTrue(html.contains("<code>\(mm(box.x)),\(mm(box.y)),\(mm(box.width)),\(mm(box.height))</code>"))
        let png = try Data(contentsOf: URL(fileURLWithPath: dir + "/report/page-001-diff.png"))
        XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
        let summary = try String(contentsOfFile: dir + "/report/summary.txt", encoding: .utf8)
        XCTAssertEqual(summary, r.summaryLines.joined(separator: "\n") + "\n")
        // Close-ups are enlarged to be read on their own (PNG width: IHDR bytes 16–19).
        let close = try Data(contentsOf: URL(fileURLWithPath: dir + "/report/page-001-r1-new.png"))
        let width = close[16..<20].reduce(0) { $0 << 8 | Int($1) }
        XCTAssertGreaterThanOrEqual(width, 180, "close-up \(width) px wide")
    }

    func testZoomEnlargesByWholePixels() {
        let img = RasterImage(width: 2, height: 1, pixels: [10, 20, 30, 40, 50, 60])
        let z = ReportImages.zoom(img, target: 8)
        XCTAssertEqual([z.width, z.height], [8, 4])
        let row = [10, 20, 30, 10, 20, 30, 10, 20, 30, 10, 20, 30, 40, 50, 60, 40, 50, 60, 40, 50, 60, 40, 50, 60].map(UInt8.init)
        XCTAssertEqual(z.pixels, row + row + row + row)
        XCTAssertEqual(ReportImages.zoom(img, target: 3).pixels, img.pixels)
    }

    func testOverlayTintsIgnoredAreasAndDoesNotMarkThem() {
        // Row 0 differs at x = 0 (counted) and x = 1 (ignored); row 1 is identical.
        let old = RasterImage(width: 3, height: 2, pixels: [0, 0, 0, 0, 0, 0, 255, 255, 255] + [UInt8](repeating: 255, count: 9))
        let new = RasterImage(width: 3, height: 2, pixels: [255, 255, 255, 255, 255, 255, 255, 255, 255] + [UInt8](repeating: 255, count: 9))
        let ignore = [PixelBox(minX: 1, minY: 0, maxX: 1, maxY: 1)]
        let o = ReportImages.overlay(old: old, new: new, tolerance: 16, ignore: ignore, regions: [])
        XCTAssertEqual(Array(o.pixels[0..<3]), [220, 0, 0])
        XCTAssertEqual(Array(o.pixels[3..<6]), [152, 172, 192])     // ignored change: faded ink, tinted
        XCTAssertEqual(Array(o.pixels[6..<9]), [255, 255, 255])
        XCTAssertEqual(Array(o.pixels[12..<15]), [215, 235, 255])   // ignored paper, identical row
        XCTAssertEqual(RasterCompare.compare(old, new, tolerance: 16, ignore: ignore, cellSize: 2).count, 1)
    }

    func testOverlayShowsChangesInRedOnGrey() throws {
        let old = RasterImage(width: 4, height: 1, pixels: [0, 0, 0, 255, 255, 255, 0, 0, 0, 255, 255, 255])
        let new = RasterImage(width: 4, height: 1, pixels: [0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255])
        let o = ReportImages.overlay(old: old, new: new, tolerance: 16, ignore: [], regions: [])
        XCTAssertEqual(Array(o.pixels[0..<3]), [192, 192, 192])     // unchanged ink, faded
        XCTAssertEqual(Array(o.pixels[3..<6]), [220, 0, 0])         // changed
        XCTAssertEqual(Array(o.pixels[9..<12]), [255, 255, 255])    // paper
    }

    func testChannelTolerance() {
        let old = RasterImage(width: 2, height: 1, pixels: [100, 100, 100, 100, 100, 100])
        let new = RasterImage(width: 2, height: 1, pixels: [110, 100, 100, 100, 100, 140])
        XCTAssertEqual(RasterCompare.compare(old, new, tolerance: 16, ignore: [], cellSize: 4).count, 1)
        XCTAssertEqual(RasterCompare.compare(old, new, tolerance: 5, ignore: [], cellSize: 4).count, 2)
        XCTAssertEqual(RasterCompare.compare(old, new, tolerance: 40, ignore: [], cellSize: 4).count, 0)
    }

    func testRegionsClusterOnCellGrid() {
        // Two blobs far apart, the first made of three nearby pixels: two regions.
        let w = 100, h = 40
        var a = [UInt8](repeating: 255, count: w * h * 3)
        let b = a
        for (x, y) in [(5, 5), (6, 6), (8, 7), (90, 30), (91, 30)] { a[(y * w + x) * 3] = 0 }
        let d = RasterCompare.compare(RasterImage(width: w, height: h, pixels: a), RasterImage(width: w, height: h, pixels: b),
                                      tolerance: 16, ignore: [PixelBox(minX: 0, minY: 0, maxX: 1, maxY: 1)], cellSize: 4)
        XCTAssertEqual(d.count, 5)
        XCTAssertEqual(Regions.cluster(d), [PixelBox(minX: 5, minY: 5, maxX: 8, maxY: 7), PixelBox(minX: 90, minY: 30, maxX: 91, maxY: 30)])
    }

    func testIgnoreRegionParsing() throws {
        XCTAssertEqual(try IgnoreRegion(parsing: "3:10,20.5,30,4"), IgnoreRegion(page: 3, rect: Rect(x: 10, y: 20.5, width: 30, height: 4)))
        XCTAssertNil(try IgnoreRegion(parsing: "*:0,0,1,1").page)
        for bad in ["3:10,20,30", "0:1,1,1,1", "x:1,1,1,1", "1,1,1,1", "2:1,1,-1,1", "2:a,1,1,1", ""] {
            XCTAssertThrowsError(try IgnoreRegion(parsing: bad), bad)
        }
    }

    func testInputDetection() throws {
        let p = try pdf("a.pdf", twoPages())
        XCTAssertEqual(try DiffInput.detect(p), .pdf)
        let j = dir + "/m.txt"
        try " {\"pages\": []}".write(toFile: j, atomically: true, encoding: .utf8)
        XCTAssertEqual(try DiffInput.detect(j), .manifest)
        let t = dir + "/t.txt"
        try "hello".write(toFile: t, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DiffInput.detect(t))
        XCTAssertThrowsError(try DiffInput.detect(dir))
    }
}
