import CGraphics
import Foundation

public typealias GlyphID = UInt32

/// One shaped glyph. Positions are in points relative to the run's pen start.
public struct ShapedGlyph: Hashable, Sendable {
    public var id: GlyphID
    public var advance: Double
    public var xOffset: Double
    public var yOffset: Double
    /// Index of the first Unicode scalar of the cluster this glyph belongs to, or
    /// `inkOnly`: a copy drawn for its ink alone, which is not text (a second em dash
    /// that joins ——), so every extractor reads the character once.
    public var cluster: Int
    public init(id: GlyphID, advance: Double, xOffset: Double = 0, yOffset: Double = 0, cluster: Int) {
        self.id = id; self.advance = advance; self.xOffset = xOffset; self.yOffset = yOffset; self.cluster = cluster
    }
    public static let inkOnly = -1
    public var isInkOnly: Bool { cluster == Self.inkOnly }
}

/// The result of shaping a string in one font with HarfBuzz (through Pango).
public struct ShapedRun: Sendable {
    public var text: String
    public var glyphs: [ShapedGlyph]
    public var width: Double
    /// Scalars that the font has no glyph for.
    public var missing: [Unicode.Scalar]
}

public struct FontMetrics: Hashable, Sendable {
    public var ascent: Double
    public var descent: Double
}

/// A loaded font at one size. Callers see glyph ids and widths in points; the Pango
/// and Cairo objects behind it never leave this module.
public final class Font: Hashable, @unchecked Sendable, CustomStringConvertible {
    let pango: UnsafeMutablePointer<PangoFont>
    public let spec: FontSpec
    unowned let library: FontLibrary
    /// Caches in pages of 256 entries indexed by scalar / glyph id, allocated on first
    /// use: the composer asks for every character. Raw memory behind `let` tables: a
    /// lookup is two loads, without the exclusivity check, retain and bounds checks of
    /// a nested array held in a class (which cost as much as the rest of itemizing a Han).
    private let glyphPages = GlyphCachePages<UInt32>(pages: 0x1100, empty: Font.glyphUnknown)   // scalar → glyph id, 0 none
    private let advancePages = GlyphCachePages<Double>(pages: 0x100, empty: .nan)                // glyph id → advance
    private static let glyphUnknown = UInt32.max
    /// Scalar → glyph id (high 32 bits) and advance in Pango units (low 32 bits),
    /// 0 unknown: the itemizer's one lookup per Han character (`glyphAndAdvance`).
    private let glyphAdvancePages = GlyphCachePages<UInt64>(pages: 0x1100, empty: 0)
    private var shapeCache: [String: ShapedRun] = [:]
    /// HarfBuzz font at a scale of one unit per font unit: raw `hmtx` advances, no outline loading.
    private var unitFont: OpaquePointer?
    /// Units per em and Cairo's scale of the em in points (its font matrix).
    private let unitsPerEm: Double, emSize: Double
    public let metrics: FontMetrics
    /// The PostScript-ish name fontconfig resolved, for reports.
    public let resolvedName: String

    init(pango: UnsafeMutablePointer<PangoFont>, spec: FontSpec, library: FontLibrary) {
        self.pango = pango
        self.spec = spec
        self.library = library
        // Pango makes the font's Cairo font on first asking: see `CairoFontFaces`.
        metrics = CairoFontFaces.lock.withLock { Font.faceMetrics(pango) ?? Font.pangoMetrics(pango, language: library.language) }
        let d = pango_font_describe(pango)!
        let s = pango_font_description_to_string(d)!
        resolvedName = String(cString: s)
        g_free(s)
        pango_font_description_free(d)
        (unitFont, unitsPerEm, emSize) = CairoFontFaces.lock.withLock { Font.unitAdvances(pango) }
        if unitFont != nil && !advancesAgreeWithCairo() {
            hb_font_destroy(unitFont)
            unitFont = nil
        }
    }

    deinit {
        if let unitFont { hb_font_destroy(unitFont) }
        g_object_unref(UnsafeMutableRawPointer(pango))
    }

    /// Ascent and descent as Pango's metrics give them, through Pango (which also sets a
    /// sample text in a layout, for widths nothing here reads).
    static func pangoMetrics(_ pango: UnsafeMutablePointer<PangoFont>, language: OpaquePointer?) -> FontMetrics {
        let m = pango_font_get_metrics(pango, language)!
        defer { pango_font_metrics_unref(m) }
        return FontMetrics(ascent: Double(pango_font_metrics_get_ascent(m)) / Double(PANGO_SCALE),
                           descent: Double(pango_font_metrics_get_descent(m)) / Double(PANGO_SCALE))
    }

    /// Ascent and descent read from the face's extents, as Pango 1.50 computes them for an
    /// upright font without a transform or hinted metrics (`get_face_metrics`); nil for
    /// any other font, which asks Pango. Pango's way shapes its sample text for the
    /// language in a layout — a font set, and for a font that lacks the sample's
    /// characters, a wait for fontconfig's sort of every face — for each font loaded.
    static func faceMetrics(_ pango: UnsafeMutablePointer<PangoFont>) -> FontMetrics? {
        guard let hb = pango_font_get_hb_font(pango),
              let sf = pango_cairo_font_get_scaled_font(OpaquePointer(pango)) else { return nil }
        let fc = UnsafeMutableRawPointer(pango).assumingMemoryBound(to: PangoFcFont.self)
        guard let pattern = pango_fc_font_get_pattern(fc) else { return nil }
        var matrix: UnsafeMutablePointer<FcMatrix>? = nil
        if FcPatternGetMatrix(pattern, FC_MATRIX, 0, &matrix) == FcResultMatch, let m = matrix?.pointee,
           m.xx != 1 || m.xy != 0 || m.yx != 0 || m.yy != 1 { return nil }
        var ctm = cairo_matrix_t()
        cairo_scaled_font_get_ctm(sf, &ctm)
        guard ctm.xx == 1, ctm.yx == 0, ctm.xy == 0, ctm.yy == 1 else { return nil }
        let options = cairo_font_options_create()
        defer { cairo_font_options_destroy(options) }
        cairo_scaled_font_get_font_options(sf, options)
        guard cairo_font_options_get_hint_metrics(options) == CAIRO_HINT_METRICS_OFF else { return nil }
        let d = pango_font_describe(pango)!
        defer { pango_font_description_free(d) }
        let gravity = pango_font_description_get_gravity(d)
        guard gravity == PANGO_GRAVITY_SOUTH || gravity == PANGO_GRAVITY_AUTO else { return nil }
        var extents = hb_font_extents_t()
        hb_font_get_extents_for_direction(hb, HB_DIRECTION_LTR, &extents)
        return FontMetrics(ascent: Double(extents.ascender) / Double(PANGO_SCALE),
                           descent: Double(-extents.descender) / Double(PANGO_SCALE))
    }

    /// A HarfBuzz font reading advances in font units, and Cairo's scale for them.
    /// Cairo's unhinted advance is `units / unitsPerEm × fontMatrix.xx`; Pango rounds it to
    /// its units. Computing that from `hmtx` gives the same numbers without FreeType loading
    /// and parsing each glyph's outline (tens of thousands of instructions per CJK glyph).
    private static func unitAdvances(_ pango: UnsafeMutablePointer<PangoFont>) -> (OpaquePointer?, Double, Double) {
        guard let hb = pango_font_get_hb_font(pango), let face = hb_font_get_face(hb),
              let sf = pango_cairo_font_get_scaled_font(OpaquePointer(pango)) else { return (nil, 1, 0) }
        let upem = hb_face_get_upem(face)
        var matrix = cairo_matrix_t()
        cairo_scaled_font_get_font_matrix(sf, &matrix)
        guard upem > 0, matrix.xy == 0, matrix.yx == 0, matrix.xx > 0 else { return (nil, 1, 0) }
        let unit = hb_font_create(face)!
        hb_font_set_scale(unit, Int32(upem), Int32(upem))
        return (unit, Double(upem), matrix.xx)
    }

    /// Checks the `hmtx` shortcut against Cairo on a few glyphs of this font: synthetic bold,
    /// variations or a different Cairo would disagree, and then every advance goes through Cairo.
    private func advancesAgreeWithCairo() -> Bool {
        for ch in ["国", "，", "a", "M", "1"] as [Unicode.Scalar] {
            guard let g = glyph(for: ch) else { continue }
            if advanceFromUnits(g) != advanceFromCairo(g) { return false }
        }
        return true
    }

    /// Pango units, rounded as `pango_units_from_double` does.
    private func advanceFromUnits(_ glyph: GlyphID) -> Int32 {
        let units = Double(hb_font_get_glyph_h_advance(unitFont, glyph))
        return Int32((units / unitsPerEm * emSize * Double(PANGO_SCALE) + 0.5).rounded(.down))
    }

    /// Glyphs in the font (for tests that sweep the whole font).
    var glyphCount: Int { Int(hb_face_get_glyph_count(hb_font_get_face(pango_font_get_hb_font(pango)))) }
    /// Whether advances come from `hmtx` (true) or from Cairo glyph by glyph.
    var readsAdvancesFromUnits: Bool { unitFont != nil }

    /// The advance Cairo (through Pango) reports, in Pango units: FreeType loads the glyph.
    func advanceFromCairo(_ glyph: GlyphID) -> Int32 {
        var logical = PangoRectangle()
        CairoFontFaces.lock.withLock { pango_font_get_glyph_extents(pango, glyph, nil, &logical) }
        return logical.width
    }

    public var description: String { spec.description }
    public static func == (a: Font, b: Font) -> Bool { a === b }
    public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(self)) }

    /// Nominal glyph for a scalar through the font's cmap; nil when the font lacks it.
    public func glyph(for scalar: Unicode.Scalar) -> GlyphID? {
        let cached = glyphPages[scalar.value]
        if cached != Font.glyphUnknown { return cached == 0 ? nil : cached }
        let hb = pango_font_get_hb_font(pango)
        var g: hb_codepoint_t = 0
        let ok = hb_font_get_nominal_glyph(hb, scalar.value, &g) != 0 && g != Font.glyphUnknown
        glyphPages[scalar.value] = ok ? g : 0
        return ok && g != 0 ? g : nil
    }

    public func covers(_ scalar: Unicode.Scalar) -> Bool { glyph(for: scalar) != nil }

    /// `glyph(for:)` and `advance(of:)` of that glyph in one cached lookup (the same
    /// values: the advance is kept in Pango units and divided as `advance(of:)` does).
    public func glyphAndAdvance(for scalar: Unicode.Scalar) -> (glyph: GlyphID, advance: Double)? {
        var entry = glyphAdvancePages[scalar.value]
        if entry == 0 {
            guard let g = glyph(for: scalar) else { return nil }
            let units = unitFont != nil ? advanceFromUnits(g) : advanceFromCairo(g)
            entry = UInt64(g) << 32 | UInt64(UInt32(bitPattern: units))
            glyphAdvancePages[scalar.value] = entry
        }
        return (GlyphID(entry >> 32), Double(Int32(bitPattern: UInt32(truncatingIfNeeded: entry))) / Double(PANGO_SCALE))
    }

    /// Horizontal advance of a glyph in points, unhinted.
    public func advance(of glyph: GlyphID) -> Double {
        // (OpenType glyph ids are 16-bit; anything above is not cached.)
        if glyph <= 0xFFFF {
            let cached = advancePages[glyph]
            if !cached.isNaN { return cached }
        }
        let units = unitFont != nil ? advanceFromUnits(glyph) : advanceFromCairo(glyph)
        let a = Double(units) / Double(PANGO_SCALE)
        if glyph <= 0xFFFF { advancePages[glyph] = a }
        return a
    }

    /// Ink extents of a glyph (x, y from the baseline, y down), in points.
    public func inkBounds(of glyph: GlyphID) -> Rect {
        if let known = inkCache[glyph] { return known }
        var ink = PangoRectangle()
        CairoFontFaces.lock.withLock { pango_font_get_glyph_extents(pango, glyph, &ink, nil) }
        let s = Double(PANGO_SCALE)
        let bounds = Rect(x: Double(ink.x) / s, y: Double(ink.y) / s, width: Double(ink.width) / s, height: Double(ink.height) / s)
        inkCache[glyph] = bounds
        return bounds
    }

    /// Ink extents asked for so far (punctuation marks, asked for at every occurrence).
    private var inkCache: [GlyphID: Rect] = [:]

    private var verticalCache: [UInt32: GlyphID] = [:]

    /// The glyph a scalar takes in vertical text: HarfBuzz shaping through Pango with
    /// vertical (east) gravity applies the font's `vert`/`vrt2` substitutions
    /// (︐ for ，, ︵ for （, vertical 「」 …). Drawn upright in the em box, it sits
    /// where vertical setting puts that mark. Nil when the font lacks the scalar.
    public func verticalGlyph(for scalar: Unicode.Scalar) -> GlyphID? {
        if let g = verticalCache[scalar.value] { return g == 0 ? nil : g }
        guard glyph(for: scalar) != nil else { verticalCache[scalar.value] = 0; return nil }
        let r = CairoFontFaces.lock.withLock { shapeUncached(String(scalar), gravity: PANGO_GRAVITY_EAST) }
        let g = r.glyphs.first.map(\.id) ?? 0
        let ok = r.glyphs.count == 1 && g & PANGO_GLYPH_UNKNOWN_FLAG == 0 && g != PANGO_GLYPH_EMPTY
        verticalCache[scalar.value] = ok ? g : (glyph(for: scalar) ?? 0)
        return verticalCache[scalar.value] == 0 ? nil : verticalCache[scalar.value]
    }

    /// Shapes `text` as one run in this font (no fallback, no line breaking).
    /// Results are cached per string: body text repeats words and numbers a lot.
    public func shape(_ text: String) -> ShapedRun {
        if let r = shapeCache[text] { return r }
        let r = shapeUncached(text)
        if shapeCache.count > 20000 { shapeCache.removeAll(keepingCapacity: true) }
        shapeCache[text] = r
        return r
    }

    private var featureShapeCache: [String: ShapedRun] = [:]

    /// Shapes `text` with OpenType features switched on (e.g. `hwid`: half-width
    /// digits), straight through HarfBuzz on the font Pango loaded. Advances in points.
    public func shape(_ text: String, features: [String]) -> ShapedRun {
        if features.isEmpty { return shape(text) }
        let key = features.joined(separator: ",") + "\u{0}" + text
        if let r = featureShapeCache[key] { return r }
        let hb = pango_font_get_hb_font(pango)
        let buf = hb_buffer_create()!
        defer { hb_buffer_destroy(buf) }
        let utf8 = Array(text.utf8)
        utf8.withUnsafeBufferPointer { b in
            b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) { hb_buffer_add_utf8(buf, $0, Int32(b.count), 0, Int32(b.count)) }
        }
        hb_buffer_guess_segment_properties(buf)
        var feats: [hb_feature_t] = features.map { f in
            var x = hb_feature_t()
            _ = hb_feature_from_string(f, Int32(f.utf8.count), &x)
            return x
        }
        hb_shape(hb, buf, &feats, UInt32(feats.count))
        var n: UInt32 = 0
        let infos = hb_buffer_get_glyph_infos(buf, &n)!
        let pos = hb_buffer_get_glyph_positions(buf, &n)!
        // Pango's HarfBuzz fonts are scaled in Pango units.
        var xs = Int32(0), ys = Int32(0)
        hb_font_get_scale(hb, &xs, &ys)
        let unit = Double(PANGO_SCALE) * (xs != 0 ? Double(xs) / Double(PANGO_SCALE) / spec.size : 1)
        var byteToScalar = [Int](repeating: 0, count: utf8.count + 1)
        var byte = 0, index = 0
        for sc in text.unicodeScalars {
            let k = String(sc).utf8.count
            for j in 0..<k { byteToScalar[byte + j] = index }
            byte += k; index += 1
        }
        var glyphs: [ShapedGlyph] = []
        var width = 0.0
        var missing: [Unicode.Scalar] = []
        let scalars = Array(text.unicodeScalars)
        for i in 0..<Int(n) {
            let adv = Double(pos[i].x_advance) / unit
            let cluster = byteToScalar[Int(infos[i].cluster)]
            if infos[i].codepoint == 0 { missing.append(scalars[cluster]) }
            glyphs.append(ShapedGlyph(id: infos[i].codepoint, advance: adv, xOffset: Double(pos[i].x_offset) / unit,
                                      yOffset: Double(pos[i].y_offset) / unit, cluster: cluster))
            width += adv
        }
        let r = ShapedRun(text: text, glyphs: glyphs, width: width, missing: missing)
        featureShapeCache[key] = r
        return r
    }

    private func shapeUncached(_ text: String, gravity: PangoGravity = PANGO_GRAVITY_SOUTH) -> ShapedRun {
        let utf8 = Array(text.utf8)
        if utf8.isEmpty { return ShapedRun(text: text, glyphs: [], width: 0, missing: []) }
        // Map UTF-8 byte offsets to scalar indices for cluster values.
        var byteToScalar = [Int](repeating: 0, count: utf8.count + 1)
        var scalarIndex = 0
        var byte = 0
        for s in text.unicodeScalars {
            let n = String(s).utf8.count
            for k in 0..<n { byteToScalar[byte + k] = scalarIndex }
            byte += n
            scalarIndex += 1
        }
        byteToScalar[utf8.count] = scalarIndex
        let first = text.unicodeScalars.first!
        var analysis = PangoAnalysis()
        analysis.font = pango
        analysis.level = 0
        analysis.gravity = UInt8(gravity.rawValue)
        analysis.script = UInt8(bitPattern: Int8(truncatingIfNeeded: pango_script_for_unichar(first.value).rawValue))
        analysis.language = library.language
        let glyphs = pango_glyph_string_new()!
        defer { pango_glyph_string_free(glyphs) }
        utf8.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { p in
                pango_shape_with_flags(p, Int32(buf.count), p, Int32(buf.count), &analysis, glyphs, PANGO_SHAPE_NONE)
            }
        }
        var out: [ShapedGlyph] = []
        out.reserveCapacity(Int(glyphs.pointee.num_glyphs))
        var width = 0.0
        var missing: [Unicode.Scalar] = []
        let scalars = Array(text.unicodeScalars)
        let scale = Double(PANGO_SCALE)
        for i in 0..<Int(glyphs.pointee.num_glyphs) {
            let info = glyphs.pointee.glyphs[i]
            let cluster = byteToScalar[Int(glyphs.pointee.log_clusters[i])]
            if info.glyph & PANGO_GLYPH_UNKNOWN_FLAG != 0 || info.glyph == PANGO_GLYPH_EMPTY && !scalars[cluster].properties.isWhitespace {
                if info.glyph & PANGO_GLYPH_UNKNOWN_FLAG != 0 { missing.append(scalars[cluster]) }
            }
            let adv = Double(info.geometry.width) / scale
            out.append(ShapedGlyph(id: info.glyph, advance: adv,
                                   xOffset: Double(info.geometry.x_offset) / scale,
                                   yOffset: Double(info.geometry.y_offset) / scale,
                                   cluster: cluster))
            width += adv
        }
        return ShapedRun(text: text, glyphs: out, width: width, missing: missing)
    }
}

/// A table of `pages` × 256 values indexed by a scalar or glyph id, each page
/// allocated (filled with `empty`) on its first write; reads of a missing page or
/// an index beyond the table give `empty`. Owned by one `Font` (not shared between
/// threads, like the font's other caches).
final class GlyphCachePages<Value> {
    private let table: UnsafeMutablePointer<UnsafeMutablePointer<Value>?>
    private let pages: Int
    private let empty: Value

    init(pages: Int, empty: Value) {
        self.pages = pages
        self.empty = empty
        table = .allocate(capacity: pages)
        table.initialize(repeating: nil, count: pages)
    }

    deinit {
        for i in 0..<pages {
            guard let p = table[i] else { continue }
            p.deinitialize(count: 256)
            p.deallocate()
        }
        table.deallocate()
    }

    subscript(index: UInt32) -> Value {
        @inline(__always) get {
            let page = Int(index >> 8)
            guard page < pages, let p = table[page] else { return empty }
            return p[Int(index & 0xFF)]
        }
        set {
            let page = Int(index >> 8)
            guard page < pages else { return }
            if table[page] == nil {
                let p = UnsafeMutablePointer<Value>.allocate(capacity: 256)
                p.initialize(repeating: empty, count: 256)
                table[page] = p
            }
            table[page]![Int(index & 0xFF)] = newValue
        }
    }
}

/// Cairo 1.16 keeps at most ten FreeType faces open across all its fonts. A thread that
/// opens one (a new font, or a glyph of a font whose face was closed) closes another
/// that no thread seems to be using — but it reads the other font's lock count without
/// that font's lock, so it can close a face while a second thread loads a glyph from it
/// (the demo crashed in about 1 of 60 renders, in `cairo_scaled_font_glyph_extents` on
/// one layout thread while the other made a font). So every call that may open, close or
/// read a Cairo FreeType face — a font's Cairo font and metrics, glyph extents, Pango's
/// vertical shaping — takes this lock, whichever thread and font library it runs on.
/// Loading a font through Pango makes no Cairo font yet, and shaping reads HarfBuzz's
/// copy of the font: both stay unlocked. The locked calls are a font's first uses and
/// each glyph's first extents (cached).
enum CairoFontFaces {
    static let lock = NSRecursiveLock()
}
