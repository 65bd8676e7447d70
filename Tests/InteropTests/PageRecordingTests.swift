import Foundation
import XCTest
@testable import Interop

/// Pages recorded on other threads (`PageRecorder`, each thread with its own font
/// library) and added to the writer in page order make the PDF the writer makes when
/// it draws the same pages itself, and look and read as pages drawn at once from the
/// installed fonts (a glyph left out of a page's usage would be missing from its subset).
final class PageRecordingTests: XCTestCase {
    let texts = ["示范区经济稳中有进，动能持续增强。", "全年地区生产总值增长6.5%（初步核算）",
                 "“十四五”规划目标任务进展顺利，Broadsheet", "湖滨路改造工程年底完工，市民出行更便捷。"]
    let size = Size(width: 420, height: 300)
    let metadata = PDFMetadata(title: "t", date: "2024-01-12T00:00:00Z")

    /// Draws page `index`: a rule and its text in `font`, one cluster per glyph
    /// (the characters of these texts each shape to one glyph).
    func draw(page index: Int, font: Font, show: ([GlyphCluster]) -> Void, line: () -> Void) {
        let text = texts[index]
        let scalars = Array(text.unicodeScalars)
        var pen = 10.0
        var clusters: [GlyphCluster] = []
        for g in font.shape(text).glyphs {
            clusters.append(GlyphCluster(text: String(scalars[g.cluster]), glyphs: [PlacedGlyph(id: g.id, x: pen, y: 40)]))
            pen += g.advance
        }
        line()
        show(clusters)
    }

    func testPagesRecordedOnTwoThreadsMakeTheSamePDFAsDrawnByTheWriter() throws {
        let dir = NSTemporaryDirectory()
        let direct = dir + "recording-direct-\(getpid()).pdf", recorded = dir + "recording-threads-\(getpid()).pdf"
        let installed = dir + "recording-installed-\(getpid()).pdf"
        defer { unlink(direct); unlink(recorded); unlink(installed) }
        let spec = FontSpec(family: "Noto Serif CJK SC", size: 12)
        // Even pages in the first library's font, odd pages in the second's, as the two layout threads do.
        let libraries = [FontLibrary(), FontLibrary()]
        let fonts = try libraries.map { try $0.font(spec) }

        func drawDirectly(to path: String, subsets: Bool) throws {
            let w = try PDFWriter(path: path, firstPageSize: size, metadata: metadata, subsetsFonts: subsets)
            for i in texts.indices {
                w.beginPage(size: size)
                draw(page: i, font: fonts[i % 2], show: { w.show($0, font: fonts[i % 2]) },
                     line: { w.line(from: Point(x: 10, y: 20), to: Point(x: 400, y: 20), width: 0.5, color: .black) })
            }
            try w.finish()
        }
        try drawDirectly(to: direct, subsets: true)
        try drawDirectly(to: installed, subsets: false)

        // Each thread records its pages; the second thread's finish first.
        let lock = NSLock()
        var recordings: [Int: PageRecording] = [:]
        let secondDone = DispatchSemaphore(value: 0)
        let record = { [self] (share: Int) in
            for i in stride(from: share, to: texts.count, by: 2) {
                let recorder = PageRecorder(size: size)
                draw(page: i, font: fonts[share], show: { recorder.show($0, font: fonts[share]) },
                     line: { recorder.line(from: Point(x: 10, y: 20), to: Point(x: 400, y: 20), width: 0.5, color: .black) })
                let page = recorder.finish()
                lock.lock(); recordings[i] = page; lock.unlock()
            }
        }
        let second = Unchecked { record(1) }
        let helper = Thread { second.body(); secondDone.signal() }
        helper.start()
        secondDone.wait()
        record(0)
        let r = try PDFWriter(path: recorded, firstPageSize: size, metadata: metadata)
        for i in texts.indices { try r.add(recordings[i]!) }
        try r.finish()

        XCTAssertTrue(try Data(contentsOf: URL(fileURLWithPath: direct)) == Data(contentsOf: URL(fileURLWithPath: recorded)),
                      "pages recorded on two threads differ from pages drawn by the writer")
        let doc = try PDFDocument(path: recorded), reference = try PDFDocument(path: installed)
        XCTAssertEqual(doc.pageCount, texts.count)
        for i in texts.indices {
            XCTAssertEqual(try doc.text(i).filter { !$0.isWhitespace }, texts[i].filter { !$0.isWhitespace }, "page \(i + 1)")
            let a = try doc.render(i, dpi: 100), b = try reference.render(i, dpi: 100)
            XCTAssertTrue(a.pixels == b.pixels, "page \(i + 1) differs from the installed fonts' at 100 dpi")
            XCTAssertGreaterThan(a.pixels.filter { $0 < 128 }.count, 500, "page \(i + 1) has no text")
        }
    }

    func testArtworkThatCannotBeReadFailsWhenItsPageIsAdded() throws {
        let path = NSTemporaryDirectory() + "recording-failure-\(getpid()).pdf"
        defer { unlink(path) }
        let w = try PDFWriter(path: path, firstPageSize: size, metadata: metadata)
        let recorder = PageRecorder(size: size)
        recorder.fill(Rect(x: 0, y: 0, width: 10, height: 10), color: .black)
        let page = recorder.finish(failure: PDFError.cairo("artwork"))
        XCTAssertThrowsError(try w.add(page)) { XCTAssertEqual("\($0)", "cairo: artwork") }
        XCTAssertEqual(w.pageCount, 0)
    }
}

/// Work handed to another thread whose captures the test keeps apart itself.
private final class Unchecked: @unchecked Sendable {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}
