import Composer
import Interop

extension PDFWriter {
    /// Draws a composed line with its left edge at `origin.x` and baseline at `origin.y`.
    public func draw(_ line: ComposedLine, at origin: Point) {
        for run in line.runs {
            let clusters = run.clusters.map { c -> GlyphCluster in
                var pen = origin.x + c.x
                let glyphs = c.glyphs.map { g -> PlacedGlyph in
                    defer { pen += g.advance }
                    return PlacedGlyph(id: g.id, x: pen + g.xOffset, y: origin.y - g.yOffset)
                }
                return GlyphCluster(text: c.text, glyphs: glyphs)
            }
            show(clusters, font: run.font, color: run.color)
        }
    }
}
