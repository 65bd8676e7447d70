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
/// With `subsetsFonts` (the default) the pages are recorded (`PageRecording`) and
/// handed to Cairo at `finish()`, when every glyph the document uses is known: Cairo
/// then draws from small subsets of the faces (`PDFFontSubsets`) instead of the
/// installed font files, which is most of the cost of a CJK page. The PDF shows the
/// same glyphs at the same positions with the same text. Pages come either from the
/// writer's own drawing calls (`beginPage`, `show`, …: a `PageRecorder` per page) or
/// recorded elsewhere, on other threads, and added finished in page order (`add`).
/// A writer that only places other PDFs' pages (volumes) draws at once instead and
/// keeps nothing in memory.
public final class PDFWriter {
    private let surface: OpaquePointer
    private var cr: OpaquePointer
    private let finalPath: String
    private let tempPath: String
    private let firstPageSize: Size
    private var finished = false
    private var imageCache: [String: OpaquePointer] = [:]
    public private(set) var pageCount = 0
    /// Pages recorded for `finish()`, when fonts are subset.
    private let defers: Bool
    private var pages: [PageRecording] = []
    /// The open page of the writer's own drawing calls.
    private var openPage: PageRecorder?
    /// The glyphs each font draws, in order of first use.
    private var usage = GlyphUsageByFont()
    private var subsets: PDFFontSubsets?

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
        openPage = nil
        pages.removeAll()
        subsets = nil
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
        for (_, img) in imageCache { cairo_surface_destroy(img) }
        if !finished { unlink(tempPath) }
    }

    /// Starts a page of the given trim size (the first call uses the size given to init).
    public func beginPage(size: Size) {
        if openPage != nil { endPage() }
        if !defers { cairo_pdf_surface_set_size(surface, size.width, size.height) }
        openPage = PageRecorder(size: size)
        pageCount += 1
    }

    public func endPage() {
        guard let page = openPage else { return }
        openPage = nil
        if defers { append(page.finish()) } else { cairo_show_page(cr) }
    }

    /// Adds a page recorded elsewhere (`PageRecorder`, on any thread), after the pages
    /// before it. Its images are read into Cairo and its SVG artwork tried here, so a
    /// page that cannot be drawn fails now, at its page, as when drawn through the writer.
    public func add(_ page: PageRecording) throws {
        if openPage != nil { endPage() }
        for operation in page.operations {
            switch operation {
            case let .image(image, _): _ = try imageSurface(image)
            case let .svg(svg, rect): try tryDrawing(svg, in: rect)
            default: break
            }
        }
        if let failure = page.failure { throw failure }
        pageCount += 1
        if defers {
            append(page)
        } else {
            cairo_pdf_surface_set_size(surface, page.size.width, page.size.height)
            draw(page.operations, outlines: page.outlines)
            cairo_show_page(cr)
        }
    }

    /// Keeps a recorded page for `finish()`, its glyphs added to the document's usage.
    private func append(_ page: PageRecording) {
        for used in page.usage { usage.of(used.font).formUnion(used) }
        pages.append(page)
    }

    public func finish() throws {
        if openPage != nil { endPage() }
        if defers {
            if !usage.fonts.isEmpty { subsets = PDFFontSubsets(usage.fonts, loadingGlyphsFor: surface) }
            for page in pages {
                cairo_pdf_surface_set_size(surface, page.size.width, page.size.height)
                draw(page.operations, outlines: page.outlines)
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

    /// Draws on the open page (the first, of the size given to init, when none is
    /// open): recorded for `finish()`, or drawn at once by a writer that does not subset.
    public func drawOnPage<T>(_ body: (PageRecorder) throws -> T) rethrows -> T {
        if openPage == nil { beginPage(size: firstPageSize) }
        let page = openPage!
        let result = try body(page)
        if !defers {
            let drawn = page.takeOperations()
            draw(drawn.operations, outlines: drawn.outlines)
        }
        return result
    }

    /// The label the current page shows in viewers (e.g. `2024-01-12 p3`): call after `beginPage`.
    public func setPageLabel(_ label: String) { drawOnPage { $0.setPageLabel(label) } }

    /// Draws clusters of glyphs in one font, keeping the text for copy and search.
    public func show(_ clusters: [GlyphCluster], font: Font, color: Color = .black) {
        drawOnPage { $0.show(clusters, font: font, color: color) }
    }

    /// Draws clusters in a transformed frame: glyph positions are in that frame.
    public func show(_ clusters: [GlyphCluster], font: Font, color: Color = .black, transform t: Transform) {
        drawOnPage { $0.show(clusters, font: font, color: color, transform: t) }
    }

    /// Draws one run of glyphs in one font and colour (`PageRecorder.withGlyphRun`).
    public func withGlyphRun(font: Font, color: Color = .black, _ fill: (inout GlyphRunBuffer) -> Void) {
        drawOnPage { $0.withGlyphRun(font: font, color: color, fill) }
    }

    /// Fills the outlines of glyphs that are ink, not text (`PageRecorder.fillOutlines`).
    public func fillOutlines(_ glyphs: [PlacedGlyph], font: Font, color: Color = .black, transform t: Transform? = nil) {
        drawOnPage { $0.fillOutlines(glyphs, font: font, color: color, transform: t) }
    }

    public func fill(_ rect: Rect, color: Color) { drawOnPage { $0.fill(rect, color: color) } }

    public func stroke(_ rect: Rect, width: Double, color: Color) {
        drawOnPage { $0.stroke(rect, width: width, color: color) }
    }

    public func line(from a: Point, to b: Point, width: Double, color: Color, dash: [Double] = []) {
        drawOnPage { $0.line(from: a, to: b, width: width, color: color, dash: dash) }
    }

    /// Places an image so it covers `rect` (cropping the excess, centred).
    /// JPEG data goes into the PDF as it is (DCTDecode), never re-encoded.
    public func drawImage(_ image: ImageFile, in rect: Rect) throws {
        _ = try imageSurface(image)
        drawOnPage { $0.drawImage(image, in: rect) }
    }

    /// Draws an SVG document as vectors inside `rect`, its aspect ratio kept.
    public func drawSVG(_ svg: SVGDocument, in rect: Rect) throws {
        try tryDrawing(svg, in: rect)
        drawOnPage { $0.drawSVG(svg, in: rect) }
    }

    /// Places page `index` of another PDF as vectors, scaled to fit inside `rect`
    /// (aspect kept, centred) — ads supplied as PDF stay sharp in print.
    public func drawPDFPage(_ doc: PDFDocument, page index: Int, in rect: Rect) throws {
        try drawOnPage { try $0.drawPDFPage(doc, page: index, in: rect) }
    }

    /// Renders `svg` once onto a throwaway recording surface, so an SVG librsvg cannot
    /// draw fails at its page; the page itself gets librsvg's drawing directly (through
    /// a recording surface Cairo would lose the artwork's text layer).
    private func tryDrawing(_ svg: SVGDocument, in rect: Rect) throws {
        var extents = cairo_rectangle_t(x: rect.x, y: rect.y, width: rect.width, height: rect.height)
        let trial = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents)
        let tc = cairo_create(trial)
        defer { cairo_destroy(tc); cairo_surface_destroy(trial) }
        try svg.render(on: tc!, in: rect)
    }

    private func setColor(_ c: Color) { cairo_set_source_rgb(cr, c.red, c.green, c.blue) }

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

    /// Draws recorded operations, then the outlines of ink-only glyphs.
    private func draw(_ operations: [PageOperation], outlines: [InkOutline]) {
        for operation in operations { draw(operation) }
        for outline in outlines { fill(outline) }
    }

    private func draw(_ operation: PageOperation) {
        switch operation {
        case let .glyphs(run, font, color):
            draw(run, font: font, color: color)
        case let .transform(t):
            cairo_save(cr)
            var m = cairo_matrix_t(xx: t.a, yx: t.b, xy: t.c, yy: t.d, x0: t.tx, y0: t.ty)
            cairo_transform(cr, &m)
        case .restore:
            cairo_restore(cr)
        case let .fill(rect, color):
            setColor(color)
            cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
            cairo_fill(cr)
        case let .stroke(rect, width, color):
            setColor(color)
            cairo_set_line_width(cr, width)
            cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
            cairo_stroke(cr)
        case let .line(a, b, width, color, dash):
            setColor(color)
            cairo_set_line_width(cr, width)
            cairo_set_dash(cr, dash, Int32(dash.count), 0)
            cairo_move_to(cr, a.x, a.y)
            cairo_line_to(cr, b.x, b.y)
            cairo_stroke(cr)
            cairo_set_dash(cr, nil, 0, 0)
        case let .image(image, rect):
            // Read into Cairo when the page was added or drawn (`add`, `drawImage`).
            guard let surf = imageCache[image.path] else { return }
            let iw = Double(image.pixelWidth), ih = Double(image.pixelHeight)
            let scale = max(rect.width / iw, rect.height / ih)
            cairo_save(cr)
            cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
            cairo_clip(cr)
            cairo_translate(cr, rect.x + (rect.width - iw * scale) / 2, rect.y + (rect.height - ih * scale) / 2)
            cairo_scale(cr, scale, scale)
            cairo_set_source_surface(cr, surf, 0, 0)
            cairo_paint(cr)
            cairo_restore(cr)
        case let .svg(svg, rect):
            cairo_save(cr)
            cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
            cairo_clip(cr)
            try? svg.render(on: cr, in: rect)   // cannot fail: the same render succeeded when it was added
            cairo_restore(cr)
        case let .pdfPage(doc, index, size, rect):
            let scale = min(rect.width / size.width, rect.height / size.height)
            cairo_save(cr)
            cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
            cairo_clip(cr)
            cairo_translate(cr, rect.x + (rect.width - size.width * scale) / 2, rect.y + (rect.height - size.height * scale) / 2)
            cairo_scale(cr, scale, scale)
            try? doc.draw(index, on: cr)
            cairo_restore(cr)
        case let .pageLabel(label):
            cairo_pdf_surface_set_page_label(surface, label)
        }
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

    /// Fills the outlines of ink-only glyphs (`PageRecorder.fillOutlines`).
    private func fill(_ outline: InkOutline) {
        cairo_save(cr)
        if let t = outline.transform {
            var m = cairo_matrix_t(xx: t.a, yx: t.b, xy: t.c, yy: t.d, x0: t.tx, y0: t.ty)
            cairo_transform(cr, &m)
        }
        var drawn = outline.glyphs
        select(outline.font, glyphs: &drawn)
        setColor(outline.color)
        cairo_new_path(cr)
        drawn.withUnsafeBufferPointer { cairo_glyph_path(cr, $0.baseAddress, Int32($0.count)) }
        cairo_fill(cr)
        cairo_restore(cr)
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
