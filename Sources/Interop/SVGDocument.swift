import CSVG
import Foundation

public enum SVGReadError: Error, CustomStringConvertible {
    case unreadable(String)
    case notSVG(String, String)
    case noSize(String)
    case cannotRender(String, String)
    public var description: String {
        switch self {
        case let .unreadable(p), let .notSVG(p, _), let .noSize(p), let .cannotRender(p, _): return "\(p): \(reason)"
        }
    }
    /// What is wrong, without the file's name (for messages that name it already).
    public var reason: String {
        switch self {
        case .unreadable: return "cannot read the file"
        case let .notSVG(_, why): return "not a readable SVG (\(why))"
        case .noSize: return "the SVG has no size (give its <svg> element width and height or a viewBox)"
        case let .cannotRender(_, why): return "cannot draw the SVG (\(why))"
        }
    }
}

/// librsvg's functions, bound on first use (`SharedLibrary`).
private let librsvg = Result {
    let library = try SharedLibrary.open(["librsvg-2.so", "librsvg-2.so.2"], package: "librsvg2-2")
    return try SharedLibrary.bind(BSRsvgFunctions(), library: library, name: "librsvg", bs_rsvg_bind)
}

/// An SVG file read by librsvg, drawn as vectors onto our Cairo pages (nameplate
/// artwork). The whole file is parsed when it is opened, so a corrupt file is an
/// error here, not a blank box later.
public final class SVGDocument: @unchecked Sendable {
    private let handle: OpaquePointer
    private let rsvg: CFunctionTable<BSRsvgFunctions>
    public let path: String
    /// The drawing's own size (its width and height, else its viewBox), in points
    /// at 72 per inch; only its aspect ratio matters where it is placed.
    public let size: Size

    public init(path: String) throws {
        self.path = path
        let rsvg = try librsvg.get()
        self.rsvg = rsvg
        guard let data = FileManager.default.contents(atPath: path) else { throw SVGReadError.unreadable(path) }
        var error: UnsafeMutablePointer<GError>? = nil
        let h = data.withUnsafeBytes { raw -> OpaquePointer? in
            rsvg.rsvg_handle_new_from_data(raw.bindMemory(to: guint8.self).baseAddress, gsize(raw.count), &error)
        }
        guard let h else {
            let msg = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            if let e = error { g_error_free(e) }
            throw SVGReadError.notSVG(path, msg.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        rsvg.rsvg_handle_set_dpi(h, 72)
        var w = 0.0, hgt = 0.0
        var size: Size?
        if rsvg.rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &hgt) != 0, w > 0, hgt > 0 {
            size = Size(width: w, height: hgt)
        } else {
            var hasViewBox: gboolean = 0
            var viewBox = RsvgRectangle()
            rsvg.rsvg_handle_get_intrinsic_dimensions(h, nil, nil, nil, nil, &hasViewBox, &viewBox)
            if hasViewBox != 0, viewBox.width > 0, viewBox.height > 0 { size = Size(width: viewBox.width, height: viewBox.height) }
        }
        guard let size else {
            g_object_unref(UnsafeMutableRawPointer(h))
            throw SVGReadError.noSize(path)
        }
        handle = h
        self.size = size
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(handle)) }

    /// Draws the document into `rect` of a Cairo context, its aspect ratio kept
    /// (librsvg fits the drawing inside the viewport and centres it).
    func render(on cr: OpaquePointer, in rect: Rect) throws {
        var viewport = RsvgRectangle(x: rect.x, y: rect.y, width: rect.width, height: rect.height)
        var error: UnsafeMutablePointer<GError>? = nil
        if rsvg.rsvg_handle_render_document(handle, cr, &viewport, &error) == 0 {
            let msg = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            if let e = error { g_error_free(e) }
            throw SVGReadError.cannotRender(path, msg)
        }
    }
}
