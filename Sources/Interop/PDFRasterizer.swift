import CGraphics
import CPoppler
import Foundation

/// An 8-bit RGB raster of one page, row-major, 3 bytes per pixel.
public struct RasterImage: Sendable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt8]
    public init(width: Int, height: Int, pixels: [UInt8]) { self.width = width; self.height = height; self.pixels = pixels }

    /// Reads a PNG file (through Cairo), e.g. a browser screenshot a test inspects.
    public init(pngFile path: String) throws {
        guard let surf = cairo_image_surface_create_from_png(path), cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS else {
            throw PDFReadError.cannotWrite(path, "not a readable PNG image")
        }
        defer { cairo_surface_destroy(surf) }
        cairo_surface_flush(surf)
        let w = Int(cairo_image_surface_get_width(surf)), h = Int(cairo_image_surface_get_height(surf))
        let stride = Int(cairo_image_surface_get_stride(surf))
        let data = cairo_image_surface_get_data(surf)!
        var px = [UInt8](repeating: 0, count: w * h * 3)
        for y in 0..<h {
            for x in 0..<w {
                let s = y * stride + x * 4, d = (y * w + x) * 3
                px[d] = data[s + 2]; px[d + 1] = data[s + 1]; px[d + 2] = data[s]
            }
        }
        self.init(width: w, height: h, pixels: px)
    }

    /// Writes the raster as PNG (through Cairo).
    public func writePNG(to path: String) throws {
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, Int32(width)))
        var argb = [UInt8](repeating: 0, count: stride * height)
        for y in 0..<height {
            for x in 0..<width {
                let s = (y * width + x) * 3, d = y * stride + x * 4
                argb[d] = pixels[s + 2]; argb[d + 1] = pixels[s + 1]; argb[d + 2] = pixels[s]; argb[d + 3] = 255
            }
        }
        let st: cairo_status_t = argb.withUnsafeMutableBufferPointer { buf in
            let surf = cairo_image_surface_create_for_data(buf.baseAddress, CAIRO_FORMAT_RGB24, Int32(width), Int32(height), Int32(stride))
            defer { cairo_surface_destroy(surf) }
            return cairo_surface_write_to_png(surf, path)
        }
        guard st == CAIRO_STATUS_SUCCESS else { throw PDFReadError.cannotWrite(path, String(cString: cairo_status_to_string(st))) }
    }
}

public enum PDFReadError: Error, CustomStringConvertible {
    case unreadable(String)
    case notPDF(String, String)
    case noPage(String, Int)
    case cannotWrite(String, String)
    public var description: String {
        switch self {
        case let .unreadable(p): return "\(p): cannot read file"
        case let .notPDF(p, why): return "\(p): not a readable PDF (\(why))"
        case let .noPage(p, n): return "\(p): has no page \(n)"
        case let .cannotWrite(p, why): return "\(p): cannot write (\(why))"
        }
    }
}

/// poppler-glib's functions, bound on first use (`SharedLibrary`).
private let libpoppler = Result {
    let library = try SharedLibrary.open(["libpoppler-glib.so", "libpoppler-glib.so.8"], package: "libpoppler-glib8")
    return try SharedLibrary.bind(BSPopplerFunctions(), library: library, name: "poppler-glib", bs_poppler_bind)
}

/// Reads a PDF with poppler-glib: page sizes, text, and rasters for proofs and diffs.
public final class PDFDocument: @unchecked Sendable {
    private let doc: OpaquePointer
    private let poppler: CFunctionTable<BSPopplerFunctions>
    public let path: String

    public init(path: String) throws {
        self.path = path
        poppler = try libpoppler.get()
        guard let data = FileManager.default.contents(atPath: path) else { throw PDFReadError.unreadable(path) }
        var error: UnsafeMutablePointer<GError>? = nil
        let bytes = data.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
        defer { g_bytes_unref(bytes) }
        guard let d = poppler.poppler_document_new_from_bytes(bytes, nil, &error) else {
            let msg = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            if let e = error { g_error_free(e) }
            throw PDFReadError.notPDF(path, msg)
        }
        doc = d
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(doc)) }

    var popplerDocument: OpaquePointer { doc }

    public var pageCount: Int { Int(poppler.poppler_document_get_n_pages(doc)) }

    private func page(_ index: Int) throws -> OpaquePointer {
        guard index >= 0, index < pageCount, let p = poppler.poppler_document_get_page(doc, Int32(index)) else {
            throw PDFReadError.noPage(path, index + 1)
        }
        return p
    }

    /// Page size in points.
    public func pageSize(_ index: Int) throws -> Size {
        let p = try page(index)
        defer { g_object_unref(UnsafeMutableRawPointer(p)) }
        var w = 0.0, h = 0.0
        poppler.poppler_page_get_size(p, &w, &h)
        return Size(width: w, height: h)
    }

    /// The page's text as poppler extracts it (what pdftotext would find).
    public func text(_ index: Int) throws -> String {
        let p = try page(index)
        defer { g_object_unref(UnsafeMutableRawPointer(p)) }
        guard let t = poppler.poppler_page_get_text(p) else { return "" }
        defer { g_free(t) }
        return String(cString: t)
    }

    /// Draws page `index` as vectors onto a Cairo context (used to place ads and
    /// other PDF artwork into our pages without rasterising them).
    func draw(_ index: Int, on cr: OpaquePointer) throws {
        let p = try page(index)
        defer { g_object_unref(UnsafeMutableRawPointer(p)) }
        poppler.poppler_page_render_for_printing(p, cr)
    }

    /// Renders page `index` on white at `dpi`.
    public func render(_ index: Int, dpi: Double) throws -> RasterImage {
        let p = try page(index)
        defer { g_object_unref(UnsafeMutableRawPointer(p)) }
        var w = 0.0, h = 0.0
        poppler.poppler_page_get_size(p, &w, &h)
        let pw = max(1, Int((w * dpi / 72).rounded())), ph = max(1, Int((h * dpi / 72).rounded()))
        let surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(pw), Int32(ph))!
        defer { cairo_surface_destroy(surf) }
        let cr = cairo_create(surf)!
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, Double(pw) / w, Double(ph) / h)
        poppler.poppler_page_render_for_printing(p, cr)
        cairo_destroy(cr)
        cairo_surface_flush(surf)
        let stride = Int(cairo_image_surface_get_stride(surf))
        let data = cairo_image_surface_get_data(surf)!
        var px = [UInt8](repeating: 0, count: pw * ph * 3)
        for y in 0..<ph {
            let row = data + y * stride
            for x in 0..<pw {
                let s = x * 4, d = (y * pw + x) * 3
                px[d] = row[s + 2]; px[d + 1] = row[s + 1]; px[d + 2] = row[s]
            }
        }
        return RasterImage(width: pw, height: ph, pixels: px)
    }
}

/// One character of a page's text as poppler extracts it, with its box (points,
/// origin top-left). For horizontal text `rect.x` is the glyph origin and
/// `rect.width` its advance.
public struct PDFTextCharacter: Sendable {
    public var character: Character
    public var rect: Rect
    public init(character: Character, rect: Rect) { self.character = character; self.rect = rect }
}

extension PDFDocument {
    /// Every character of page `index` with its box, in poppler's reading order
    /// (line breaks included as "\n" with the box poppler gives them).
    public func characters(_ index: Int) throws -> [PDFTextCharacter] {
        guard index >= 0, index < pageCount, let p = poppler.poppler_document_get_page(popplerDocument, Int32(index)) else {
            throw PDFReadError.noPage(path, index + 1)
        }
        defer { g_object_unref(UnsafeMutableRawPointer(p)) }
        var rects: UnsafeMutablePointer<PopplerRectangle>? = nil
        var n: guint = 0
        guard poppler.poppler_page_get_text_layout(p, &rects, &n) != 0, let r = rects else { return [] }
        defer { g_free(r) }
        guard let t = poppler.poppler_page_get_text(p) else { return [] }
        defer { g_free(t) }
        var out: [PDFTextCharacter] = []
        out.reserveCapacity(Int(n))
        // One rectangle per Unicode scalar of the extracted text.
        var k = 0
        for s in String(cString: t).unicodeScalars {
            guard k < Int(n) else { break }
            let b = r[k]
            out.append(PDFTextCharacter(character: Character(s), rect: Rect(x: b.x1, y: b.y1, width: b.x2 - b.x1, height: b.y2 - b.y1)))
            k += 1
        }
        return out
    }
}
