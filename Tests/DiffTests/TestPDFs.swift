import Foundation
import Interop
import XCTest

/// Small PDFs for the diff tests, drawn with Interop's writer: text at exact
/// positions, so a test knows where a change is and can check the reported box.
struct TestText {
    var text: String
    /// Baseline start, points from the page's top-left.
    var x: Double
    var y: Double
    var size: Double = 20
}

struct TestPage {
    var size = Size(width: 300, height: 200)
    var texts: [TestText] = []
}

enum TestPDFs {
    // Font libraries are single-threaded; XCTest runs these tests one at a time.
    static let library = FontLibrary()

    static func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "diff-tests-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Writes `pages` to `path`; every character is one em wide (CJK), placed one by one.
    static func write(_ path: String, _ pages: [TestPage]) throws {
        let w = try PDFWriter(path: path, firstPageSize: pages.first?.size ?? Size(width: 300, height: 200),
                              metadata: PDFMetadata(title: "diff test", date: "2024-01-12T00:00:00Z"))
        for p in pages {
            w.beginPage(size: p.size)
            for t in p.texts {
                let f = try library.font(FontSpec(family: "Noto Serif CJK SC", size: t.size))
                var clusters: [GlyphCluster] = []
                for (i, ch) in t.text.enumerated() {
                    let g = try XCTUnwrap(f.glyph(for: ch.unicodeScalars.first!), "no glyph for \(ch)")
                    clusters.append(GlyphCluster(text: String(ch), glyphs: [PlacedGlyph(id: g, x: t.x + Double(i) * t.size, y: t.y)]))
                }
                w.show(clusters, font: f)
            }
        }
        try w.finish()
    }

    /// The em box of character `index` of `t`, in mm: one em wide, from the ascent
    /// (~0.88 em above the baseline) to the descent (~0.12 em below).
    static func glyphBoxMM(_ t: TestText, index: Int) -> Rect {
        Rect(x: Units.toMM(t.x + Double(index) * t.size), y: Units.toMM(t.y - 0.88 * t.size),
             width: Units.toMM(t.size), height: Units.toMM(t.size))
    }
}

extension Rect {
    func contains(_ p: Point) -> Bool { p.x >= x && p.x <= maxX && p.y >= y && p.y <= maxY }
    var center: Point { Point(x: x + width / 2, y: y + height / 2) }
}
