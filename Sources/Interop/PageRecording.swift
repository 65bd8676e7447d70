import CGraphics

/// One page's drawing, recorded by a `PageRecorder` and drawn by a `PDFWriter` (`add`):
/// plain values, with no Cairo object in them, so a page can be recorded on the thread
/// that laid it out while the writer's thread keeps every Cairo call. The fonts are
/// only held (drawn from at `PDFWriter.finish()`, on the writer's thread).
public struct PageRecording: @unchecked Sendable {
    public let size: Size
    /// In drawing order.
    let operations: [PageOperation]
    /// Ink-only glyph outlines, filled after the page's other drawing (`fillOutlines`).
    let outlines: [InkOutline]
    /// The glyphs each font draws on the page, in order of first use.
    let usage: [GlyphUsage]
    /// Why recording stopped early: thrown by `PDFWriter.add` after whatever the
    /// drawing before it raises there (a page reports its first error, as drawn).
    let failure: Error?
}

enum PageOperation {
    case glyphs(GlyphRunBuffer, font: Font, color: Color)
    /// Saves the graphics state and transforms the frame; `restore` ends it.
    case transform(Transform)
    case restore
    case fill(Rect, Color)
    case stroke(Rect, width: Double, Color)
    case line(from: Point, to: Point, width: Double, Color, dash: [Double])
    case image(ImageFile, in: Rect)
    case svg(SVGDocument, in: Rect)
    case pdfPage(PDFDocument, index: Int, size: Size, in: Rect)
    case pageLabel(String)
}

struct InkOutline {
    var glyphs: [cairo_glyph_t]
    var font: Font
    var color: Color
    var transform: Transform?
}

/// Records one page with the drawing calls a `PDFWriter` takes, for `finish()` to hand
/// to the writer. Used on one thread at a time; it calls nothing in Cairo or Pango (a
/// font is told apart by identity only), so pages laid out with another thread's font
/// library record on that thread.
public final class PageRecorder {
    public let size: Size
    private var operations: [PageOperation] = []
    private var outlines: [InkOutline] = []
    /// The glyphs each font draws on the page, for the document's subsets.
    private var usage = GlyphUsageByFont()

    public init(size: Size) { self.size = size }

    /// The page as recorded, `failure` the error that stopped its drawing, if any. The
    /// recorder starts afresh: the recording shares nothing it could still change.
    public func finish(failure: Error? = nil) -> PageRecording {
        recordPendingRun()
        defer { operations = []; outlines = []; usage = GlyphUsageByFont() }
        return PageRecording(size: size, operations: operations, outlines: outlines, usage: usage.fonts, failure: failure)
    }

    /// What was recorded since the last call, for a writer that draws at once (the
    /// glyph usage is left out: such a writer does not subset).
    func takeOperations() -> (operations: [PageOperation], outlines: [InkOutline]) {
        recordPendingRun()
        defer { operations.removeAll(); outlines.removeAll() }
        return (operations, outlines)
    }

    private func record(_ operation: PageOperation) {
        recordPendingRun()
        operations.append(operation)
    }

    /// A recorded glyph run that the next run in the same font and colour joins: one
    /// Cairo call for a page's runs of one face instead of one per line, which is what
    /// Cairo's per-call work (its analysis pass unions a region per call) scales with.
    /// The glyphs, their positions and text, and their order are the same.
    private var pendingRun: (run: GlyphRunBuffer, font: Font, color: Color)?

    private func recordPendingRun() {
        guard let p = pendingRun else { return }
        pendingRun = nil
        operations.append(.glyphs(p.run, font: p.font, color: p.color))
    }

    /// A buffer kept from run to run (its capacity is reused).
    private var spareRun = GlyphRunBuffer()

    /// Draws one run of glyphs in one font and colour: `fill` adds each cluster's glyphs
    /// and text to a buffer, drawn in one Cairo call (nothing for an empty run).
    /// The buffer is a value filled in place: no array or string per cluster, and no
    /// exclusivity check per glyph as a class property would need.
    public func withGlyphRun(font: Font, color: Color = .black, _ fill: (inout GlyphRunBuffer) -> Void) {
        var run = spareRun
        spareRun = GlyphRunBuffer()
        run.removeAll()
        fill(&run)
        guard !run.clusters.isEmpty else { spareRun = run; return }
        usage.of(font).insert(run.glyphs)
        // Decided before appending, with no copy of the pending run left alive: a copy
        // would share its buffers, and the append would then copy the whole page's glyphs
        // (a page of the galley is one run: every line's append copied all earlier lines).
        let joinsPending = pendingRun.map { $0.font === font && $0.color == color } ?? false
        if joinsPending {
            pendingRun!.run.append(run)
            spareRun = run
        } else {
            recordPendingRun()
            pendingRun = (run, font, color)
        }
    }

    /// Draws clusters of glyphs in one font, keeping the text for copy and search.
    public func show(_ clusters: [GlyphCluster], font: Font, color: Color = .black) {
        withGlyphRun(font: font, color: color) { run in
            for c in clusters {
                for g in c.glyphs { run.addGlyph(g.id, x: g.x, y: g.y) }
                run.endCluster(text: c.text)
            }
        }
    }

    /// Draws clusters in a transformed frame: glyph positions are in that frame
    /// (rotated Latin and condensed digits of vertical text).
    public func show(_ clusters: [GlyphCluster], font: Font, color: Color = .black, transform t: Transform) {
        record(.transform(t))
        show(clusters, font: font, color: color)
        record(.restore)
    }

    /// Fills the outlines of glyphs that are ink, not text (`ShapedGlyph.inkOnly`):
    /// a path in the content stream, so no extractor reads a character from them.
    /// Positions as for `show`, in `transform`'s frame when one is given. They are
    /// filled after everything else on the page: a path between two glyph runs would
    /// end the text object, and poppler then reads the text after it as another flow
    /// (columns came out interleaved). Ink of one colour over ink, so the order
    /// changes nothing on the page.
    public func fillOutlines(_ glyphs: [PlacedGlyph], font: Font, color: Color = .black, transform: Transform? = nil) {
        guard !glyphs.isEmpty else { return }
        // The subset made at `finish()` must hold these glyphs too.
        let used = usage.of(font)
        for g in glyphs { used.insert(g.id) }
        outlines.append(InkOutline(glyphs: glyphs.map { cairo_glyph_t(index: UInt($0.id), x: $0.x, y: $0.y) },
                                   font: font, color: color, transform: transform))
    }

    public func fill(_ rect: Rect, color: Color) { record(.fill(rect, color)) }

    public func stroke(_ rect: Rect, width: Double, color: Color) { record(.stroke(rect, width: width, color)) }

    public func line(from a: Point, to b: Point, width: Double, color: Color, dash: [Double] = []) {
        record(.line(from: a, to: b, width: width, color, dash: dash))
    }

    /// Places an image so it covers `rect` (cropping the excess, centred); the writer
    /// reads it into Cairo when the page is added (`PDFWriter.add`).
    public func drawImage(_ image: ImageFile, in rect: Rect) { record(.image(image, in: rect)) }

    /// Draws an SVG document as vectors inside `rect`, its aspect ratio kept; the writer
    /// checks that librsvg can draw it when the page is added (`PDFWriter.add`).
    public func drawSVG(_ svg: SVGDocument, in rect: Rect) { record(.svg(svg, in: rect)) }

    /// Places page `index` of another PDF as vectors, scaled to fit inside `rect`
    /// (aspect kept, centred) — ads supplied as PDF stay sharp in print.
    public func drawPDFPage(_ doc: PDFDocument, page index: Int, in rect: Rect) throws {
        // The page exists (its size was read): drawing it later cannot fail.
        record(.pdfPage(doc, index: index, size: try doc.pageSize(index), in: rect))
    }

    /// The label the page shows in viewers (e.g. `2024-01-12 p3`).
    public func setPageLabel(_ label: String) { record(.pageLabel(label)) }
}

/// Glyphs at absolute page positions (points, y down, baseline origin) and the text
/// each cluster of them shows, gathered for one Cairo call: `addGlyph` for each glyph
/// of a cluster, then `endCluster` with its text.
public struct GlyphRunBuffer {
    var text: [UInt8] = []
    var glyphs: [cairo_glyph_t] = []
    var clusters: [cairo_text_cluster_t] = []
    private var clusterGlyphStart = 0

    /// Appends another buffer's clusters (their glyphs at the same absolute positions).
    mutating func append(_ other: GlyphRunBuffer) {
        text.append(contentsOf: other.text)
        glyphs.append(contentsOf: other.glyphs)
        clusters.append(contentsOf: other.clusters)
        clusterGlyphStart = glyphs.count
    }

    mutating func removeAll() {
        text.removeAll(keepingCapacity: true)
        glyphs.removeAll(keepingCapacity: true)
        clusters.removeAll(keepingCapacity: true)
        clusterGlyphStart = 0
    }

    public mutating func addGlyph(_ id: GlyphID, x: Double, y: Double) {
        glyphs.append(cairo_glyph_t(index: UInt(id), x: x, y: y))
    }

    /// Ends a cluster: the glyphs added since the previous one show `text`.
    public mutating func endCluster(text cluster: String) {
        let before = text.count
        // The string's bytes in one copy (a byte-by-byte append costs ten times as much).
        if cluster.utf8.withContiguousStorageIfAvailable({ text.append(contentsOf: $0) }) == nil {
            text.append(contentsOf: cluster.utf8)
        }
        clusters.append(cairo_text_cluster_t(num_bytes: Int32(text.count - before),
                                             num_glyphs: Int32(glyphs.count - clusterGlyphStart)))
        clusterGlyphStart = glyphs.count
    }
}
