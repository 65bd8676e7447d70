import Foundation
import XCTest
@testable import Interop
import CGraphics

/// The PDF writer hands Cairo HarfBuzz subsets of the faces a document draws with:
/// the pages must look and read exactly as when Cairo draws from the installed fonts.
final class FontSubsetTests: XCTestCase {
    let lib = FontLibrary()
    let text = "示范区经济稳中有进，动能持续增强。全年地区生产总值增长6.5%（初步核算）；“十四五”规划目标任务进展顺利——Broadsheet 2024"

    /// Writes `lines` of text in the serif body and a sans headline, and returns the PDF's bytes.
    func write(_ lines: [String], subsets: Bool, to path: String) throws -> Data {
        let body = try lib.font(FontSpec(family: "Noto Serif CJK SC", size: 9.5))
        let head = try lib.font(FontSpec(family: "Noto Sans CJK SC", weight: 700, size: 24))
        let w = try PDFWriter(path: path, firstPageSize: Size(width: 420, height: 300),
                              metadata: PDFMetadata(title: "t", date: "2024-01-12T00:00:00Z"), subsetsFonts: subsets)
        for page in 0..<2 {
            w.beginPage(size: Size(width: 420, height: 300))
            for (i, line) in lines.enumerated() {
                let font = i == 0 ? head : body
                let run = font.shape(line)
                var pen = 10.0
                let y = 40.0 + Double(i) * 14 + Double(page) * 5
                var clusters: [GlyphCluster] = []
                for g in run.glyphs {
                    clusters.append(GlyphCluster(text: String(line.unicodeScalars[line.unicodeScalars.index(line.unicodeScalars.startIndex, offsetBy: g.cluster)]),
                                                 glyphs: [PlacedGlyph(id: g.id, x: pen + g.xOffset, y: y - g.yOffset)]))
                    pen += g.advance
                }
                w.show(clusters, font: font)
            }
            w.line(from: Point(x: 10, y: 20), to: Point(x: 400, y: 20), width: 0.5, color: .black)
        }
        try w.finish()
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    func tool(_ name: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/" + name)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func testSubsetFacesDrawTheSamePixelsAndTextAsTheInstalledFonts() throws {
        SubsetCache.shared.removeAll()
        let dir = NSTemporaryDirectory()
        let full = dir + "subset-full-\(getpid()).pdf", small = dir + "subset-small-\(getpid()).pdf"
        defer { unlink(full); unlink(small) }
        let lines = ["示范区经济稳中有进", text, String(text.reversed())]
        let fullBytes = try write(lines, subsets: false, to: full)
        let smallBytes = try write(lines, subsets: true, to: small)
        // Cairo no longer writes the full faces' unused subroutine entries.
        XCTAssertLessThan(smallBytes.count, fullBytes.count * 3 / 4)
        let a = try PDFDocument(path: full), b = try PDFDocument(path: small)
        for page in 0..<2 {
            XCTAssertEqual(try b.text(page), try a.text(page))
            XCTAssertTrue(try b.text(page).contains("动能持续增强"))
            let ra = try a.render(page, dpi: 150), rb = try b.render(page, dpi: 150)
            XCTAssertEqual(ra.width, rb.width)
            XCTAssertTrue(ra.pixels == rb.pixels, "page \(page + 1) differs at 150 dpi")
            XCTAssertTrue(rb.pixels.contains { $0 < 128 })
        }
        XCTAssertEqual(try tool("pdftotext", ["-bbox", small, "-"]), try tool("pdftotext", ["-bbox", full, "-"]))
        // Still embedded and subset, under the same names. Only the six-letter subset tags
        // differ: Cairo makes them from the glyph ids it draws, and the subset renumbers them.
        let fonts = try tool("pdffonts", [small]).split(separator: "\n").dropFirst(2)
        XCTAssertEqual(fonts.count, 2)
        for f in fonts { XCTAssertTrue(f.contains("yes yes yes"), String(f)) }
        func untagged(_ listing: String) -> String { listing.replacingOccurrences(of: #"(?m)^[A-Z]{6}\+"#, with: "", options: .regularExpression) }
        XCTAssertEqual(untagged(try tool("pdffonts", [small])), untagged(try tool("pdffonts", [full])))
        XCTAssertNotEqual(untagged(try tool("pdffonts", [small])), try tool("pdffonts", [small]), "no subset tag")
    }

    /// A later document of the process drawing fewer glyphs than the cached subset faces
    /// hold: its bytes are those of the same document written by a fresh process.
    func testReusedSubsetFacesWriteTheSameBytes() throws {
        let dir = NSTemporaryDirectory()
        let big = dir + "subset-big-\(getpid()).pdf", reused = dir + "subset-reused-\(getpid()).pdf", fresh = dir + "subset-fresh-\(getpid()).pdf"
        defer { unlink(big); unlink(reused); unlink(fresh) }
        SubsetCache.shared.removeAll()
        _ = try write(["示范区经济稳中有进", text, "平顶山日报城乡一体化"], subsets: true, to: big)
        let again = try write(["示范区经济稳中有进", text], subsets: true, to: reused)
        SubsetCache.shared.removeAll()
        let first = try write(["示范区经济稳中有进", text], subsets: true, to: fresh)
        XCTAssertEqual(again, first)
        SubsetCache.shared.removeAll()
        XCTAssertEqual(try write(["示范区经济稳中有进", text], subsets: true, to: fresh), first, "not deterministic")
    }

    /// A document with glyphs the cached face lacks (an editor's next save), and the
    /// earlier one again: their bytes are still a fresh process's.
    func testChangedGlyphsWriteTheSameBytesAsAFreshProcess() throws {
        let dir = NSTemporaryDirectory()
        let a = dir + "subset-a-\(getpid()).pdf", b = dir + "subset-b-\(getpid()).pdf"
        defer { unlink(a); unlink(b) }
        let edited = ["示范区经济稳中有进", text.replacingOccurrences(of: "动能", with: "调查员")]
        SubsetCache.shared.removeAll()
        _ = try write(["示范区经济稳中有进", text], subsets: true, to: a)
        let grown = try write(edited, subsets: true, to: b)
        _ = try write(["示范区经济稳中有进", text], subsets: true, to: a)   // back again: the grown face holds both
        let again = try write(edited, subsets: true, to: b)
        SubsetCache.shared.removeAll()
        let fresh = try write(edited, subsets: true, to: b)
        XCTAssertEqual(grown, fresh)
        XCTAssertEqual(again, fresh)
    }

    /// A subset numbers its glyphs afresh: .notdef, then the drawn glyphs in the face's
    /// order, and nothing else — not the 65,000 slots of a CJK face with the ids kept.
    func testSubsetNumbersItsGlyphsInTheFacesOrder() throws {
        let f = try lib.font(FontSpec(family: "Noto Serif CJK SC", size: 10))
        let usage = GlyphUsage(font: f)
        let drawn = try "示范区经济，。".map { try XCTUnwrap(f.glyph(for: $0.unicodeScalars.first!)) }
        for g in drawn { usage.insert(g) }
        let face = try XCTUnwrap(hb_font_get_face(pango_font_get_hb_font(f.pango)))
        let (blob, map) = try XCTUnwrap(PDFFontSubsets.subset(face, glyphs: usage.words))
        let subset = try XCTUnwrap(hb_face_create(blob, 0))
        defer { hb_face_destroy(subset); hb_blob_destroy(blob) }
        XCTAssertEqual(hb_face_get_glyph_count(subset), UInt32(drawn.count + 1))
        XCTAssertGreaterThan(drawn.max()!, 10_000)
        for (rank, g) in drawn.sorted().enumerated() { XCTAssertEqual(map[g], GlyphID(rank + 1)) }
        XCTAssertEqual(map[GlyphID(5)], 0, "a glyph not drawn maps to .notdef")
        // The subset's cmap sends each character to its new glyph.
        let font = try XCTUnwrap(hb_font_create(subset))
        defer { hb_font_destroy(font) }
        for (ch, g) in zip("示范区经济，。", drawn) {
            var new: hb_codepoint_t = 0
            XCTAssertNotEqual(hb_font_get_nominal_glyph(font, ch.unicodeScalars.first!.value, &new), 0)
            XCTAssertEqual(new, map[g])
        }
    }

    /// The characters kept in a subset (read straight from the face's format 12 cmap) are
    /// exactly those the font maps to the drawn glyphs, over the whole BMP.
    func testSubsetKeepsEveryCharacterOfEachDrawnGlyph() throws {
        let f = try lib.font(FontSpec(family: "Noto Serif CJK SC", size: 10))
        let usage = GlyphUsage(font: f)
        for ch in "示范区，。A1一⼀" { usage.insert(try XCTUnwrap(f.glyph(for: ch.unicodeScalars.first!))) }
        let face = try XCTUnwrap(hb_font_get_face(pango_font_get_hb_font(f.pango)))
        let pairs = PDFFontSubsets.characters(of: face, mappingTo: usage.words)
        var expected: [(UInt32, UInt32)] = []
        var drawn = Set<UInt32>()
        usage.forEach { drawn.insert($0) }
        for v in UInt32(1)...0xFFFF {
            guard let u = Unicode.Scalar(v), let g = f.glyph(for: u), drawn.contains(g) else { continue }
            expected.append((v, g))
        }
        XCTAssertEqual(pairs.filter { $0.0 <= 0xFFFF }.map { "\($0.0):\($0.1)" }, expected.map { "\($0.0):\($0.1)" })
        // 一 (U+4E00) and the Kangxi radical ⼀ (U+2F00) share a glyph: both are kept.
        XCTAssertTrue(pairs.contains { $0.0 == 0x2F00 } && pairs.contains { $0.0 == 0x4E00 })
    }
}
