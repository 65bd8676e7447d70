import Composer
import Interop

extension PDFWriter {
    /// Draws a composed line with its left edge at `origin.x` and baseline at `origin.y`:
    /// one Cairo call per run of one font and colour, with every cluster's text.
    public func draw(_ line: ComposedLine, at origin: Point) {
        for run in line.runs where !run.clusters.isEmpty {
            withGlyphRun(font: run.font, color: run.color) { glyphs in
                for c in run.clusters {
                    var pen = origin.x + c.x
                    for g in c.glyphs {
                        glyphs.addGlyph(g.id, x: pen + g.xOffset, y: origin.y - g.yOffset)
                        pen += g.advance
                    }
                    glyphs.endCluster(text: c.text)
                }
            }
        }
    }
}
