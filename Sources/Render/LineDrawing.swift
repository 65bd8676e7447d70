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
