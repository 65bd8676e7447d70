import CGraphics
import Foundation

/// A glyph at an absolute page position (points, y down, baseline origin).
public struct PlacedGlyph: Hashable, Sendable {
    public var id: GlyphID
    public var x: Double
    public var y: Double
    public init(id: GlyphID, x: Double, y: Double) { self.id = id; self.x = x; self.y = y }
}

/// Glyphs that together show `text`: the unit of text extraction (ToUnicode).
public struct GlyphCluster: Hashable, Sendable {
    public var text: String
    public var glyphs: [PlacedGlyph]
    public init(text: String, glyphs: [PlacedGlyph]) { self.text = text; self.glyphs = glyphs }
}

public struct PDFMetadata: Sendable {
    public var title: String
    public var author: String
    public var creator: String
    /// ISO 8601 date (`2024-01-12T00:00:00Z`): fixed so that output is byte-identical.
    public var date: String
    public init(title: String, author: String = "", creator: String = "Broadsheet", date: String) {
        self.title = title; self.author = author; self.creator = creator; self.date = date
    }
}

public enum PDFError: Error, CustomStringConvertible {
    case cannotCreate(String, String)
    case image(String, String)
    case cairo(String)
    public var description: String {
        switch self {
        case let .cannotCreate(path, why): return "\(path): cannot write PDF: \(why)"
        case let .image(path, why): return "\(path): \(why)"
        case let .cairo(why): return "cairo: \(why)"
        }
    }
}

/// Writes a PDF with Cairo. Pages are drawn in points, origin top-left.
/// The file appears at `path` only when `finish()` succeeds: drawing goes to a
/// temporary file beside it, so a failed render never leaves a partial PDF.
///
/// With `subsetsFonts` (the default) the pages are recorded as they are drawn and
/// handed to Cairo at `finish()`, when every glyph the document uses is known: Cairo
/// then draws from small subsets of the faces (`PDFFontSubsets`) instead of the
/// installed font files, which is most of the cost of a CJK page. The PDF shows the
/// same glyphs at the same positions with the same text. A writer that only places
/// other PDFs' pages (volumes) draws at once instead and keeps nothing in memory.
public final class PDFWriter {
    private let surface: OpaquePointer
    private var cr: OpaquePointer
    private let finalPath: String
    private let tempPath: String
    private let firstPageSize: Size
    private var pageOpen = false
    private var finished = false
    private var imageCache: [String: OpaquePointer] = [:]
    public private(set) var pageCount = 0
    /// Pages recorded for `finish()`, when fonts are subset.
    private let defers: Bool
    private var pages: [RecordedPage] = []
    /// The glyphs each font draws, in order of first use.
    private var usage: [GlyphUsage] = []
    private var usageIndex: [ObjectIdentifier: Int] = [:]
    private var subsets: PDFFontSubsets?

    private struct RecordedPage {
        var size: Size
        var operations: [() -> Void] = []
        /// Outlines filled after the page's other drawing (`fillOutlines`).
        var outlines: [() -> Void] = []
    }

    public init(path: String, firstPageSize: Size, metadata: PDFMetadata, subsetsFonts: Bool = true) throws {
        finalPath = path
        self.firstPageSize = firstPageSize
        defers = subsetsFonts
        let dir = (path as NSString).deletingLastPathComponent
        tempPath = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).partial-\(getpid())"
        guard let s = cairo_pdf_surface_create(tempPath, firstPageSize.width, firstPageSize.height),
              cairo_surface_status(s) == CAIRO_STATUS_SUCCESS else {
            throw PDFError.cannotCreate(path, "cannot create file")
        }
        surface = s
        cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, metadata.title)
        if !metadata.author.isEmpty { cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, metadata.author) }
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, metadata.creator)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, metadata.date)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, metadata.date)
        cr = cairo_create(s)
    }

    deinit {
        pages.removeAll()
        subsets = nil
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
        for (_, img) in imageCache { cairo_surface_destroy(img) }
        if !finished { unlink(tempPath) }
    }

    /// Runs a drawing operation now, or records it for `finish()` when fonts are subset.
    private func perform(_ operation: @escaping () -> Void) {
        guard defers else { operation(); return }
        if !pageOpen { beginPage(size: firstPageSize) }
        recordPendingRun()
        pages[pages.count - 1].operations.append(operation)
    }

    /// A recorded glyph run that the next run in the same font and colour joins: one
    /// Cairo call for a page's runs of one face instead of one per line, which is what
    /// Cairo's per-call work (its analysis pass unions a region per call) scales with.
    /// The glyphs, their positions and text, and their order are the same.
    private var pendingRun: (run: GlyphRunBuffer, font: Font, color: Color)?

    private func recordPendingRun() {
        guard let p = pendingRun else { return }
        pendingRun = nil
        pages[pages.count - 1].operations.append { [unowned self] in draw(p.run, font: p.font, color: p.color) }
    }

    /// Starts a page of the given trim size (the first call uses the size given to init).
    public func beginPage(size: Size) {
        if pageOpen { endPage() }
        if defers { pages.append(RecordedPage(size: size)) }
        else { cairo_pdf_surface_set_size(surface, size.width, size.height) }
        pageOpen = true
        pageCount += 1
    }

    public func endPage() {
        guard pageOpen else { return }
        if defers { recordPendingRun() }
        if !defers { cairo_show_page(cr) }
        pageOpen = false
    }

    public func finish() throws {
        if pageOpen { endPage() }
        if defers {
            if !usage.isEmpty { subsets = PDFFontSubsets(usage, loadingGlyphsFor: surface) }
            for page in pages {
                cairo_pdf_surface_set_size(surface, page.size.width, page.size.height)
                for operation in page.operations { operation() }
                for outline in page.outlines { outline() }
                cairo_show_page(cr)
            }
            pages.removeAll()
        }
        cairo_surface_finish(surface)
        let st = cairo_surface_status(surface)
        guard st == CAIRO_STATUS_SUCCESS else {
            unlink(tempPath)
            throw PDFError.cannotCreate(finalPath, String(cString: cairo_status_to_string(st)))
        }
        if rename(tempPath, finalPath) != 0 {
            unlink(tempPath)
            throw PDFError.cannotCreate(finalPath, String(cString: strerror(errno)))
        }
        finished = true
    }

    /// Adds a bookmark (PDF outline entry) pointing at the top of `page` (1-based)
    /// under `parent` (0 = top level) and returns its id for children. Cairo writes
    /// the outline tree; `open` shows the children expanded.
    @discardableResult
    public func addOutline(_ title: String, page: Int, parent: Int = 0, open: Bool = false) -> Int {
        let flags = open ? CAIRO_PDF_OUTLINE_FLAG_OPEN.rawValue : 0
        return Int(cairo_pdf_surface_add_outline(surface, Int32(parent), title, "page=\(page)",
                                                 cairo_pdf_outline_flags_t(flags)))
    }

    /// The label the current page shows in viewers (e.g. `2024-01-12 p3`): call after `beginPage`.
    public func setPageLabel(_ label: String) {
        perform { [unowned self] in cairo_pdf_surface_set_page_label(surface, label) }
    }

    private func setColor(_ c: Color) { cairo_set_source_rgb(cr, c.red, c.green, c.blue) }

    /// Draws clusters of glyphs in one font, keeping the text for copy and search.
    public func show(_ clusters: [GlyphCluster], font: Font, color: Color = .black) {
        withGlyphRun(font: font, color: color) { run in
            for c in clusters {
                for g in c.glyphs { run.addGlyph(g.id, x: g.x, y: g.y) }
                run.endCluster(text: c.text)
            }
        }
    }

    /// Buffers kept from run to run (their capacity is reused) when drawing at once.
    private var spareRun = GlyphRunBuffer()

    /// Draws one run of glyphs in one font and colour: `fill` adds each cluster's glyphs
    /// and text to a buffer, then one Cairo call draws them all (nothing for an empty run).
    /// The buffer is a value filled in place: no array or string per cluster, and no
    /// exclusivity check per glyph as a class property would need.
    public func withGlyphRun(font: Font, color: Color = .black, _ fill: (inout GlyphRunBuffer) -> Void) {
        var run = spareRun
        spareRun = GlyphRunBuffer()
        run.removeAll()
        fill(&run)
        guard !run.clusters.isEmpty else { spareRun = run; return }
        guard defers else {
            draw(run, font: font, color: color)
            spareRun = run
            return
        }
        let used = glyphUsage(of: font)
        for g in run.glyphs { used.insert(GlyphID(g.index)) }
        if !pageOpen { beginPage(size: firstPageSize) }
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

    /// The glyphs the document draws in `font`, for its subset (in order of first use).
    private func glyphUsage(of font: Font) -> GlyphUsage {
        if let i = usageIndex[ObjectIdentifier(font)] { return usage[i] }
        let used = GlyphUsage(font: font)
        usageIndex[ObjectIdentifier(font)] = usage.count
        usage.append(used)
        return used
    }

    /// Makes `font` the context's font — its subset's when it has one, with `glyphs`
    /// renumbered to the subset's ids (`GlyphMap`), else Pango's.
    private func select(_ font: Font, glyphs: inout [cairo_glyph_t]) {
        guard let subset = subsets?.scaledFont(for: font) else {
            cairo_set_scaled_font(cr, pango_cairo_font_get_scaled_font(OpaquePointer(font.pango)))
            return
        }
        cairo_set_scaled_font(cr, subset.font)
        for k in glyphs.indices { glyphs[k].index = subset.map[glyphs[k].index] }
    }

    private func draw(_ run: GlyphRunBuffer, font: Font, color: Color) {
        var glyphs = run.glyphs
        select(font, glyphs: &glyphs)
        setColor(color)
        run.text.withUnsafeBufferPointer { text in
            text.withMemoryRebound(to: CChar.self) { utf8 in
                cairo_show_text_glyphs(cr, utf8.baseAddress, Int32(utf8.count), glyphs, Int32(glyphs.count),
                                       run.clusters, Int32(run.clusters.count), cairo_text_cluster_flags_t(0))
            }
        }
    }

    /// Fills the outlines of glyphs that are ink, not text (`ShapedGlyph.inkOnly`):
    /// a path in the content stream, so no extractor reads a character from them.
    /// Positions as for `show`, in `transform`'s frame when one is given.
    public func fillOutlines(_ glyphs: [PlacedGlyph], font: Font, color: Color = .black, transform t: Transform? = nil) {
        guard !glyphs.isEmpty else { return }
        if defers {
            // The subset made at `finish()` must hold these glyphs too.
            let used = glyphUsage(of: font)
            for g in glyphs { used.insert(g.id) }
        }
        let cairoGlyphs = glyphs.map { cairo_glyph_t(index: UInt($0.id), x: $0.x, y: $0.y) }
        // Recorded pages fill them after everything else on the page: a path between
        // two glyph runs would end the text object, and poppler then reads the text
        // after it as another flow (columns came out interleaved). Ink of one colour
        // over ink, so the order changes nothing on the page.
        let fill = { [unowned self] in
            cairo_save(cr)
            if let t {
                var m = cairo_matrix_t(xx: t.a, yx: t.b, xy: t.c, yy: t.d, x0: t.tx, y0: t.ty)
                cairo_transform(cr, &m)
            }
            var drawn = cairoGlyphs
            select(font, glyphs: &drawn)
            setColor(color)
            cairo_new_path(cr)
            drawn.withUnsafeBufferPointer { cairo_glyph_path(cr, $0.baseAddress, Int32($0.count)) }
            cairo_fill(cr)
            cairo_restore(cr)
        }
        guard defers else { fill(); return }
        if !pageOpen { beginPage(size: firstPageSize) }
        pages[pages.count - 1].outlines.append(fill)
    }

    /// Draws clusters in a transformed frame: glyph positions are in that frame
    /// (rotated Latin and condensed digits of vertical text).
    public func show(_ clusters: [GlyphCluster], font: Font, color: Color = .black, transform t: Transform) {
        perform { [unowned self] in
            cairo_save(cr)
            var m = cairo_matrix_t(xx: t.a, yx: t.b, xy: t.c, yy: t.d, x0: t.tx, y0: t.ty)
            cairo_transform(cr, &m)
        }
        show(clusters, font: font, color: color)
        perform { [unowned self] in cairo_restore(cr) }
    }

    public func fill(_ rect: Rect, color: Color) {
        perform { [unowned self] in
            setColor(color)
            cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
            cairo_fill(cr)
        }
    }

    public func stroke(_ rect: Rect, width: Double, color: Color) {
        perform { [unowned self] in
            setColor(color)
            cairo_set_line_width(cr, width)
            cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
            cairo_stroke(cr)
        }
    }

    public func line(from a: Point, to b: Point, width: Double, color: Color, dash: [Double] = []) {
        perform { [unowned self] in
            setColor(color)
            cairo_set_line_width(cr, width)
            cairo_set_dash(cr, dash, Int32(dash.count), 0)
            cairo_move_to(cr, a.x, a.y)
            cairo_line_to(cr, b.x, b.y)
            cairo_stroke(cr)
            cairo_set_dash(cr, nil, 0, 0)
        }
    }

    /// Places an image so it covers `rect` (cropping the excess, centred).
    /// JPEG data goes into the PDF as it is (DCTDecode), never re-encoded.
    public func drawImage(_ image: ImageFile, in rect: Rect) throws {
        let surf = try imageSurface(image)
        let iw = Double(image.pixelWidth), ih = Double(image.pixelHeight)
        let scale = max(rect.width / iw, rect.height / ih)
        perform { [unowned self] in
            cairo_save(cr)
            cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
            cairo_clip(cr)
            cairo_translate(cr, rect.x + (rect.width - iw * scale) / 2, rect.y + (rect.height - ih * scale) / 2)
            cairo_scale(cr, scale, scale)
            cairo_set_source_surface(cr, surf, 0, 0)
            cairo_paint(cr)
            cairo_restore(cr)
        }
    }

    /// Draws an SVG document as vectors inside `rect`, its aspect ratio kept.
    /// When pages are recorded for `finish()`, the SVG is first rendered once onto a
    /// throwaway recording surface, so an SVG librsvg cannot draw fails here, at its
    /// page; the page itself gets librsvg's drawing directly (through a recording
    /// surface Cairo would lose the artwork's text layer).
    public func drawSVG(_ svg: SVGDocument, in rect: Rect) throws {
        guard defers else {
            cairo_save(cr)
            cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
            cairo_clip(cr)
            defer { cairo_restore(cr) }
            try svg.render(on: cr, in: rect)
            return
        }
        var extents = cairo_rectangle_t(x: rect.x, y: rect.y, width: rect.width, height: rect.height)
        let trial = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents)
        let tc = cairo_create(trial)
        defer { cairo_destroy(tc); cairo_surface_destroy(trial) }
        try svg.render(on: tc!, in: rect)
        perform { [unowned self] in
            cairo_save(cr)
            cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
            cairo_clip(cr)
            try? svg.render(on: cr, in: rect)   // cannot fail: the same render succeeded above
            cairo_restore(cr)
        }
    }

    /// Places page `index` of another PDF as vectors, scaled to fit inside `rect`
    /// (aspect kept, centred) — ads supplied as PDF stay sharp in print.
    public func drawPDFPage(_ doc: PDFDocument, page index: Int, in rect: Rect) throws {
        let size = try doc.pageSize(index)
        let scale = min(rect.width / size.width, rect.height / size.height)
        // The page exists (its size was read): drawing it later cannot fail.
        perform { [unowned self] in
            cairo_save(cr)
            cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
            cairo_clip(cr)
            cairo_translate(cr, rect.x + (rect.width - size.width * scale) / 2, rect.y + (rect.height - size.height * scale) / 2)
            cairo_scale(cr, scale, scale)
            try? doc.draw(index, on: cr)
            cairo_restore(cr)
        }
    }

    private func imageSurface(_ image: ImageFile) throws -> OpaquePointer {
        if let s = imageCache[image.path] { return s }
        let surf: OpaquePointer
        switch image.kind {
        case .jpeg:
            surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(image.pixelWidth), Int32(image.pixelHeight))
            let n = image.data.count
            let buf = malloc(n)!
            image.data.withUnsafeBytes { buf.copyMemory(from: $0.baseAddress!, byteCount: n) }
            let st = cairo_surface_set_mime_data(surf, CAIRO_MIME_TYPE_JPEG, buf.assumingMemoryBound(to: UInt8.self), UInt(n), { free($0) }, buf)
            guard st == CAIRO_STATUS_SUCCESS else { free(buf); throw PDFError.image(image.path, "cannot attach JPEG data") }
        case .png:
            guard let s = cairo_image_surface_create_from_png(image.path),
                  cairo_surface_status(s) == CAIRO_STATUS_SUCCESS else {
                throw PDFError.image(image.path, "not a readable PNG image")
            }
            surf = s
        }
        imageCache[image.path] = surf
        return surf
    }
}

/// Glyphs at absolute page positions (points, y down, baseline origin) and the text
/// each cluster of them shows, gathered for one Cairo call: `addGlyph` for each glyph
/// of a cluster, then `endCluster` with its text.
public struct GlyphRunBuffer {
    fileprivate var text: [UInt8] = []
    fileprivate var glyphs: [cairo_glyph_t] = []
    fileprivate var clusters: [cairo_text_cluster_t] = []
    private var clusterGlyphStart = 0

    /// Appends another buffer's clusters (their glyphs at the same absolute positions).
    fileprivate mutating func append(_ other: GlyphRunBuffer) {
        text.append(contentsOf: other.text)
        glyphs.append(contentsOf: other.glyphs)
        clusters.append(contentsOf: other.clusters)
        clusterGlyphStart = glyphs.count
    }

    fileprivate mutating func removeAll() {
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
