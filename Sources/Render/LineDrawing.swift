import Composer
import Interop

extension PDFWriter {
    /// Draws a composed line with its left edge at `origin.x` and baseline at `origin.y`.
    ///
    /// The text layer says what the reader reads (extraction, copy, search):
    /// - a hyphen the breaker added at a hyphenation point is its own cluster with the
    ///   text "-" at the end of the line, the convention extractors (poppler's
    ///   pdftotext, mutool) follow to rejoin a word broken across lines ("con-"
    ///   "sumer" → "consumer");
    /// - a hard hyphen at which a line breaks ("urban-" / "rural") would be taken
    ///   for such a hyphen and dropped, so its text is U+2010 HYPHEN, which they keep.
    public func draw(_ line: ComposedLine, at origin: Point) {
        if line.vertical { drawVertical(line, at: origin); return }
        let lastCluster = line.runs.last?.clusters.count ?? 0
        for (r, run) in line.runs.enumerated() {
            var clusters: [GlyphCluster] = []
            clusters.reserveCapacity(run.clusters.count + 1)
            for (k, c) in run.clusters.enumerated() {
                var pen = origin.x + c.x
                let glyphs = c.glyphs.map { g -> PlacedGlyph in
                    defer { pen += g.advance }
                    return PlacedGlyph(id: g.id, x: pen + g.xOffset, y: origin.y - g.yOffset)
                }
                let isLast = r == line.runs.count - 1 && k == lastCluster - 1
                if isLast && c.adjustment.hasSuffix("hy") && glyphs.count > 1 {
                    clusters.append(GlyphCluster(text: c.text, glyphs: Array(glyphs.dropLast())))
                    clusters.append(GlyphCluster(text: "-", glyphs: [glyphs.last!]))
                } else if isLast && !line.isParagraphEnd && c.text == "-" {
                    clusters.append(GlyphCluster(text: "\u{2010}", glyphs: glyphs))
                } else {
                    clusters.append(GlyphCluster(text: c.text, glyphs: glyphs))
                }
            }
            show(clusters, font: run.font, color: run.color)
        }
    }
}

extension PDFWriter {
    /// A vertical line: `origin` is the centre of its column at the line's top; each
    /// cluster's `x` runs down the page. Upright glyphs (vertical forms) fill their
    /// em box; rotated runs turn a quarter clockwise with their em box centred on the
    /// column; tate-chū-yoko numbers stand across one em, condensed to 0.92 em.
    func drawVertical(_ line: ComposedLine, at origin: Point) {
        let em = line.em
        for run in line.runs {
            var upright: [GlyphCluster] = []
            for c in run.clusters {
                let top = origin.y + c.x
                switch c.orientation {
                case .upright:
                    var pen = top
                    let glyphs = c.glyphs.map { g -> PlacedGlyph in
                        defer { pen += g.advance }
                        return PlacedGlyph(id: g.id, x: origin.x - em / 2, y: pen + g.xOffset + 0.88 * em)
                    }
                    upright.append(GlyphCluster(text: c.text, glyphs: glyphs))
                case .rotated:
                    var pen = 0.0
                    let glyphs = c.glyphs.map { g -> PlacedGlyph in
                        defer { pen += g.advance }
                        return PlacedGlyph(id: g.id, x: pen + g.xOffset, y: -g.yOffset)
                    }
                    // Ascenders to the right; the em box [-0.12, 0.88] centred on the column.
                    show([GlyphCluster(text: c.text, glyphs: glyphs)], font: run.font, color: run.color,
                         transform: .quarterTurn(at: Point(x: origin.x - 0.38 * em, y: top)))
                case .horizontalInVertical:
                    let w = c.glyphs.reduce(0) { $0 + $1.advance }
                    let sx = min(1, 0.92 * em / max(w, 1e-9))
                    var pen = 0.0
                    let glyphs = c.glyphs.map { g -> PlacedGlyph in
                        defer { pen += g.advance }
                        return PlacedGlyph(id: g.id, x: pen + g.xOffset, y: -g.yOffset)
                    }
                    show([GlyphCluster(text: c.text, glyphs: glyphs)], font: run.font, color: run.color,
                         transform: .condensed(sx, at: Point(x: origin.x - w * sx / 2, y: top + 0.88 * em)))
                }
            }
            show(upright, font: run.font, color: run.color)
        }
    }
}
