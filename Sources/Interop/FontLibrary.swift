import CGraphics

/// What a style asks for: family, weight and size in points.
public struct FontSpec: Hashable, Sendable, Codable, CustomStringConvertible {
    public var family: String
    public var weight: Int      // CSS-like 100…900
    public var size: Double     // points
    public init(family: String, weight: Int = 400, size: Double) {
        self.family = family; self.weight = weight; self.size = size
    }
    public var description: String { "\(family) \(weight) \(size)pt" }
}

public enum FontError: Error, CustomStringConvertible, Equatable {
    case notInstalled(requested: String, got: String)
    case cannotLoad(String)

    public var description: String {
        switch self {
        case let .notInstalled(requested, got):
            return "font family '\(requested)' is not installed (fontconfig offered '\(got)'); install it or change Fonts/fonts.yaml"
        case let .cannotLoad(spec):
            return "cannot load font \(spec)"
        }
    }
}

/// Owns the Pango font map and context. Fonts are loaded once per spec and cached;
/// everything Pango- or Cairo-shaped stays inside this module.
///
/// Not thread-safe: Pango font maps are single-threaded. Use one library per thread.
public final class FontLibrary: @unchecked Sendable {
    let fontMap: UnsafeMutablePointer<PangoFontMap>
    let context: OpaquePointer  // PangoContext*
    private var cache: [FontSpec: Font] = [:]
    let language: OpaquePointer?

    public init(language: String = "zh-cn") {
        // FreeType-backed Cairo font map: identical metrics on every machine with the
        // same font files, unhinted so widths are exact and PDFs are resolution-free.
        let map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT)!
        fontMap = map
        pango_cairo_font_map_set_resolution(OpaquePointer(map), 72)
        let ctx = pango_font_map_create_context(map)!
        context = ctx
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        pango_cairo_context_set_font_options(ctx, options)
        cairo_font_options_destroy(options)
        pango_cairo_context_set_resolution(ctx, 72)
        pango_context_set_round_glyph_positions(ctx, 0)
        self.language = pango_language_from_string(language)
        pango_context_set_language(ctx, self.language)
    }

    deinit {
        cache.removeAll()
        g_object_unref(UnsafeMutableRawPointer(context))
        g_object_unref(UnsafeMutableRawPointer(fontMap))
    }

    /// Loads a font; throws when fontconfig would substitute another family.
    public func font(_ spec: FontSpec) throws -> Font {
        if let f = cache[spec] { return f }
        let desc = pango_font_description_new()!
        defer { pango_font_description_free(desc) }
        pango_font_description_set_family(desc, spec.family)
        pango_font_description_set_weight(desc, PangoWeight(rawValue: UInt32(spec.weight)))
        pango_font_description_set_absolute_size(desc, spec.size * Double(PANGO_SCALE))
        guard let pf = pango_font_map_load_font(fontMap, context, desc) else {
            throw FontError.cannotLoad(spec.description)
        }
        let actual = pango_font_describe(pf)!
        let actualFamily = String(cString: pango_font_description_get_family(actual))
        pango_font_description_free(actual)
        if !FontLibrary.sameFamily(actualFamily, spec.family) {
            g_object_unref(UnsafeMutableRawPointer(pf))
            throw FontError.notInstalled(requested: spec.family, got: actualFamily)
        }
        let font = Font(pango: pf, spec: spec, library: self)
        cache[spec] = font
        return font
    }

    /// Families installed on this machine (for error messages and `fonts` listing).
    public func installedFamilies() -> [String] {
        var families: UnsafeMutablePointer<UnsafeMutablePointer<PangoFontFamily>?>? = nil
        var n: Int32 = 0
        pango_font_map_list_families(fontMap, &families, &n)
        var out: [String] = []
        for i in 0..<Int(n) {
            if let fam = families?[i] { out.append(String(cString: pango_font_family_get_name(fam))) }
        }
        g_free(families)
        return out.sorted()
    }

    static func sameFamily(_ a: String, _ b: String) -> Bool {
        a.lowercased().replacingOccurrences(of: " ", with: "") == b.lowercased().replacingOccurrences(of: " ", with: "")
    }
}
