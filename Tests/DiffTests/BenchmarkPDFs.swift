import Foundation
import Interop
import XCTest

/// Not a benchmark itself: writes the two 16-page broadsheet issues that
/// scripts/bench-diff.sh times `broadsheet diff` on, when BROADSHEET_BENCH_DIR is
/// set (skipped otherwise). Pages are 390×543 mm, eight columns of 9 pt Chinese text
/// set solid to the foot: about as much ink as a real page, which is what costs
/// rendering time. new.pdf differs from old.pdf on two pages: one character on
/// page 3, a paragraph set 2 pt lower on page 11.
final class BenchmarkPDFs: XCTestCase {
    func testWriteBenchmarkIssues() throws {
        guard let dir = ProcessInfo.processInfo.environment["BROADSHEET_BENCH_DIR"] else {
            throw XCTSkip("set BROADSHEET_BENCH_DIR to write the benchmark PDFs")
        }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try write(dir + "/old.pdf", changed: false)
        try write(dir + "/new.pdf", changed: true)
    }

    private func write(_ path: String, changed: Bool) throws {
        let page = Size(width: Units.mm(390), height: Units.mm(543))
        let w = try PDFWriter(path: path, firstPageSize: page, metadata: PDFMetadata(title: "bench", date: "2024-01-12T00:00:00Z"))
        let body = try TestPDFs.library.font(FontSpec(family: "Noto Serif CJK SC", size: 9))
        let head = try TestPDFs.library.font(FontSpec(family: "Noto Serif CJK SC", weight: 700, size: 36))
        let text = Array("从市城乡一体化示范区发改局传来消息全区规上工业增加值累计增速居全市各县区第一工业投资增速完成社会消费品零售总额同比增长位列全市六区第三区域经济呈现稳中有进动能持续增强的良好态势")
        let glyphs = try text.map { try XCTUnwrap(body.glyph(for: $0.unicodeScalars.first!)) }
        func clusters(_ font: Font, _ s: String, x: Double, y: Double) throws -> [GlyphCluster] {
            try s.enumerated().map { i, c in
                GlyphCluster(text: String(c), glyphs: [PlacedGlyph(id: try XCTUnwrap(font.glyph(for: c.unicodeScalars.first!)), x: x + Double(i) * font.spec.size, y: y)])
            }
        }
        let margin = Units.mm(15), gutter = Units.mm(4)
        let colWidth = (page.width - 2 * margin - 7 * gutter) / 8
        let perLine = Int(colWidth / 9)
        for p in 1...16 {
            w.beginPage(size: page)
            w.show(try clusters(head, "平顶山日报第\(p)版要闻", x: margin, y: margin + 36), font: head)
            var k = p * 7
            for col in 0..<8 {
                let x0 = margin + Double(col) * (colWidth + gutter)
                var y = margin + 70
                var line = 0
                while y < page.height - margin {
                    // Page 11: the third paragraph of column 5 sits 2 pt lower.
                    let dy = changed && p == 11 && col == 4 && (40..<52).contains(line) ? 2.0 : 0
                    var cl: [GlyphCluster] = []
                    for i in 0..<perLine {
                        var g = glyphs[k % glyphs.count]
                        // Page 3: one character replaced, column 2, line 20.
                        if changed && p == 3 && col == 1 && line == 20 && i == 5 { g = glyphs[(k + 1) % glyphs.count] }
                        cl.append(GlyphCluster(text: String(text[k % text.count]), glyphs: [PlacedGlyph(id: g, x: x0 + Double(i) * 9, y: y + dy)]))
                        k += 1
                    }
                    w.show(cl, font: body)
                    y += 13
                    line += 1
                }
            }
            w.line(from: Point(x: margin, y: page.height - margin + 4), to: Point(x: page.width - margin, y: page.height - margin + 4), width: 0.5, color: .black)
        }
        try w.finish()
    }
}
