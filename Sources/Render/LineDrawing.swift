import Composer
import Interop

extension PDFWriter {
    /// Draws a composed line on the open page (`PageRecorder.draw(_:at:)`).
    public func draw(_ line: ComposedLine, at origin: Point) {
        drawOnPage { $0.draw(line, at: origin) }
    }
}

extension PageRecorder {
    /// Draws a composed line with its left edge at `origin.x` and baseline at `origin.y`:
    /// one Cairo call per run of one font and colour, with every cluster's text.
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
        let lastRun = line.runs.count - 1
        for (r, run) in line.runs.enumerated() where !run.clusters.isEmpty {
            let lastCluster = run.clusters.count - 1
            var ink: [PlacedGlyph] = []
            withGlyphRun(font: run.font, color: run.color) { glyphs in
                for (k, c) in run.clusters.enumerated() {
                    var pen = origin.x + c.x
                    let atLineEnd = r == lastRun && k == lastCluster
                    let addedHyphen = atLineEnd && c.adjustment.hasSuffix("hy") && c.glyphCount > 1
                    let hyphenAt = c.glyphRange.upperBound - 1
                    for i in c.glyphRange {
                        let g = line.glyphs[i]
                        if addedHyphen && i == hyphenAt { glyphs.endCluster(text: c.text) }
                        if g.isInkOnly {
                            ink.append(PlacedGlyph(id: g.id, x: pen + g.xOffset, y: origin.y - g.yOffset))
                        } else {
                            glyphs.addGlyph(g.id, x: pen + g.xOffset, y: origin.y - g.yOffset)
                        }
                        pen += g.advance
                    }
                    if addedHyphen {
                        glyphs.endCluster(text: "-")
                    } else if atLineEnd && !line.isParagraphEnd && c.text == "-" {
                        glyphs.endCluster(text: "\u{2010}")
                    } else {
                        glyphs.endCluster(text: c.text)
                    }
                }
            }
            fillOutlines(ink, font: run.font, color: run.color)
        }
    }
}

extension PageRecorder {
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
                    let glyphs = line.glyphs(of: c).map { g -> PlacedGlyph in
                        defer { pen += g.advance }
                        return PlacedGlyph(id: g.id, x: origin.x - em / 2, y: pen + g.xOffset + 0.88 * em)
                    }
                    upright.append(GlyphCluster(text: c.text, glyphs: glyphs))
                case .rotated:
                    var pen = 0.0
                    var glyphs: [PlacedGlyph] = [], ink: [PlacedGlyph] = []
                    for g in line.glyphs(of: c) {
                        let placed = PlacedGlyph(id: g.id, x: pen + g.xOffset, y: -g.yOffset)
                        if g.isInkOnly { ink.append(placed) } else { glyphs.append(placed) }
                        pen += g.advance
                    }
                    // Ascenders to the right; the em box [-0.12, 0.88] centred on the column.
                    let turn = Transform.quarterTurn(at: Point(x: origin.x - 0.38 * em, y: top))
                    show([GlyphCluster(text: c.text, glyphs: glyphs)], font: run.font, color: run.color, transform: turn)
                    fillOutlines(ink, font: run.font, color: run.color, transform: turn)
                case .horizontalInVertical:
                    let w = line.glyphs(of: c).reduce(0) { $0 + $1.advance }
                    let sx = min(1, 0.92 * em / max(w, 1e-9))
                    var pen = 0.0
                    let glyphs = line.glyphs(of: c).map { g -> PlacedGlyph in
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
