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
    /// The installed faces this library's font map chooses from: those of the families
    /// asked for so far (see `FaceSet`).
    private let faces: FaceSet?

    public convenience init(language: String = "zh-cn") { self.init(language: language, allSystemFaces: false) }

    /// - Parameter allSystemFaces: the font map chooses from every installed face, as
    ///   Pango does by default (tests compare the two); else only from the faces of the
    ///   families asked for (`FaceSet`).
    init(language: String, allSystemFaces: Bool) {
        // FreeType-backed Cairo font map: identical metrics on every machine with the
        // same font files, unhinted so widths are exact and PDFs are resolution-free.
        let map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT)!
        fontMap = map
        faces = allSystemFaces ? nil : FaceSet()
        faces?.attach(to: map)
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
        guard faces?.include(family: spec.family, in: fontMap) ?? true else {
            throw FontError.notInstalled(requested: spec.family, got: FaceSet.systemOffer(for: spec))
        }
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
    /// Each installed face's first family name, as fontconfig lists it (the whole system,
    /// not only the families this library has loaded).
    public func installedFamilies() -> [String] {
        var out = Set<String>()
        FaceSet.forEachSystemFace { face in
            var name: UnsafeMutablePointer<FcChar8>? = nil
            if FcPatternGetString(face, FC_FAMILY, 0, &name) == FcResultMatch, let name {
                out.insert(String(cString: UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self)))
            }
        }
        return out.sorted()
    }

    static func sameFamily(_ a: String, _ b: String) -> Bool { familyKey(a) == familyKey(b) }

    /// A family name as fontconfig compares names: case and blanks ignored. Bytes, not
    /// Foundation's search (which cost 30 k instructions a name: 60 M for the names of
    /// every installed face, looked through once per family).
    static func familyKey(_ family: String) -> String {
        var bytes = Array(family.lowercased().utf8)
        bytes.removeAll { $0 == UInt8(ascii: " ") }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The faces a library's font map may choose from: the installed faces of the families
/// asked for so far, under the system's fontconfig rules (aliases, synthetic bold,
/// rendering options), in the system's order.
///
/// Why: Pango 1.50 starts an `FcFontSetSort` of every face the font map knows for each
/// new family × weight × size it loads, on a thread of its own, whether or not anything
/// asks for the sorted list. With all 225 faces of this machine that merged the
/// character sets of the big CJK faces 45 times for a 16-page issue (242 M
/// instructions); with the dozen or two faces of the configured families it is cheap.
/// The face chosen for a family is the same: every face of the requested family is in
/// the set, and fontconfig scores a face of the requested family above any other. No
/// fallback is lost: the composer itself tries the fallback families of
/// `Fonts/fonts.yaml` (loaded through `font(_:)` like any family) for a character its
/// font lacks, and Pango's own fallback is never asked for glyphs.
final class FaceSet {
    /// The system's rules without its fonts; the faces go into its application set.
    private let config: OpaquePointer
    /// Families asked for so far (compared as fontconfig does: ignoring case and blanks),
    /// with whether the system has a face of each.
    private var families: [String: Bool] = [:]

    init() {
        config = FcConfigCreate()!
        // The configuration files the system's fontconfig reads (its <dir> entries are
        // only scanned by FcConfigBuildFonts, which this config never calls).
        _ = FcConfigParseAndLoad(config, nil, FcTrue)
        // Creates the (empty) application set: a file that is no font adds nothing.
        _ = FcConfigAppFontAddFile(config, "/dev/null")
    }

    deinit { FcConfigDestroy(config) }

    func attach(to map: UnsafeMutablePointer<PangoFontMap>) {
        pango_fc_font_map_set_config(OpaquePointer(map), config)
    }

    /// Adds the system's faces of `family` when it is first asked for; false when the
    /// system has none.
    func include(family: String, in map: UnsafeMutablePointer<PangoFontMap>) -> Bool {
        let key = Self.key(family)
        if let known = families[key] { return known }
        guard let set = FcConfigGetFonts(config, FcSetApplication) else { return false }
        var found = false
        Self.forEachSystemFace { face in
            var i: Int32 = 0
            var name: UnsafeMutablePointer<FcChar8>? = nil
            while FcPatternGetString(face, FC_FAMILY, i, &name) == FcResultMatch, let n = name {
                if Self.name(UnsafeRawPointer(n).assumingMemoryBound(to: CChar.self), hasKey: key) {
                    FcPatternReference(face)
                    _ = FcFontSetAdd(set, face)
                    found = true
                    break
                }
                i += 1
            }
        }
        families[key] = found
        // Setting the same config again only drops the font map's copy of the face list
        // (its loaded fonts and cached matches stay).
        if found { attach(to: map) }
        return found
    }

    private static func key(_ family: String) -> String { FontLibrary.familyKey(family) }

    /// `key(name) == key` for a face's family name.
    private static func name(_ name: UnsafePointer<CChar>, hasKey key: String) -> Bool {
        Self.key(String(cString: name)) == key
    }

    /// Every face of the system's fontconfig configuration, in its order.
    static func forEachSystemFace(_ body: (OpaquePointer) -> Void) {
        for which in [FcSetSystem, FcSetApplication] {
            guard let set = FcConfigGetFonts(nil, which) else { continue }
            for i in 0..<Int(set.pointee.nfont) {
                if let face = set.pointee.fonts[i] { body(face) }
            }
        }
    }

    /// The family the system's fontconfig would offer for `spec`, for the error message.
    static func systemOffer(for spec: FontSpec) -> String {
        guard let pattern = FcPatternCreate() else { return "?" }
        defer { FcPatternDestroy(pattern) }
        _ = FcPatternAddString(pattern, FC_FAMILY, spec.family)
        _ = FcConfigSubstitute(nil, pattern, FcMatchPattern)
        FcDefaultSubstitute(pattern)
        var result = FcResultNoMatch
        guard let match = FcFontMatch(nil, pattern, &result) else { return "?" }
        defer { FcPatternDestroy(match) }
        var name: UnsafeMutablePointer<FcChar8>? = nil
        guard FcPatternGetString(match, FC_FAMILY, 0, &name) == FcResultMatch, let name else { return "?" }
        return String(cString: UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
    }
}
