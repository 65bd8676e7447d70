import CGraphics
import Foundation

/// The glyph ids one font draws in a document: a bit per glyph id (OpenType ids are 16-bit).
final class GlyphUsage {
    let font: Font
    private(set) var words: [UInt64] = []
    init(font: Font) { self.font = font }

    func insert(_ glyph: GlyphID) { Self.insert(glyph, into: &words) }

    /// The glyphs of a run: the bits are set in a local array, not through the class's
    /// property glyph by glyph (each access to it is checked for exclusivity at run time).
    func insert(_ glyphs: [cairo_glyph_t]) {
        var bits = words
        words = []   // `bits` the only reference: set in place, not copied
        for g in glyphs { Self.insert(GlyphID(g.index), into: &bits) }
        words = bits
    }

    private static func insert(_ glyph: GlyphID, into words: inout [UInt64]) {
        let w = Int(glyph >> 6)
        if w >= words.count {
            guard glyph <= 0xFFFF else { return }
            words += Array(repeating: 0, count: w + 1 - words.count)
        }
        words[w] |= 1 << UInt64(glyph & 63)
    }

    /// Adds the glyphs of another usage (of the same font: a page's, to the document's).
    func formUnion(_ other: GlyphUsage) {
        var bits = words, added = other.words
        words = []   // as in `insert(_:)`: one access to the property, not one a word
        if added.count > bits.count { swap(&bits, &added) }
        for (w, word) in added.enumerated() { bits[w] |= word }
        words = bits
    }

    func forEach(_ body: (GlyphID) -> Void) { Self.forEach(in: words, body) }

    static func forEach(in words: [UInt64], _ body: (GlyphID) -> Void) {
        for (w, word) in words.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                body(GlyphID(w * 64 + bits.trailingZeroBitCount))
                bits &= bits - 1
            }
        }
    }
}

/// The glyphs each font draws, one `GlyphUsage` a font, in order of first use (the
/// order the subsets and their glyph loads follow).
struct GlyphUsageByFont {
    private(set) var fonts: [GlyphUsage] = []
    private var index: [ObjectIdentifier: Int] = [:]

    /// The glyphs `font` draws, empty at its first use.
    mutating func of(_ font: Font) -> GlyphUsage {
        if let i = index[ObjectIdentifier(font)] { return fonts[i] }
        let used = GlyphUsage(font: font)
        index[ObjectIdentifier(font)] = fonts.count
        fonts.append(used)
        return used
    }
}

/// Glyph ids of a face → glyph ids of its subset. The subset numbers its glyphs afresh
/// (.notdef, then the kept glyphs in the face's order): keeping the face's ids would
/// make a CJK subset 65,000 glyph slots long, most of them empty, which cost HarfBuzz
/// 15–20 ms a face to write. What the PDF holds is unchanged: Cairo numbers the glyphs
/// of the fonts it embeds itself, in order of first use.
struct GlyphMap: Sendable {
    /// New id by old id; 0 (.notdef) for a glyph the subset does not hold.
    private let ids: [UInt16]

    init(_ ids: [UInt16]) { self.ids = ids }

    subscript(old: GlyphID) -> GlyphID { Int(old) < ids.count ? GlyphID(ids[Int(old)]) : 0 }
    subscript(old: UInt) -> UInt { Int(old) < ids.count ? UInt(ids[Int(old)]) : 0 }
}

/// Small copies of the faces a PDF draws with, made by HarfBuzz's subsetter, that
/// Cairo's PDF surface draws from instead of the installed font files.
///
/// Why: for every face in a document Cairo 1.16 copies the whole `CFF ` table out of the
/// font twice (once to learn that it is CID-keyed, once to subset it) — 15–23 MB for a Noto
/// CJK face, so five faces cost over 150 MB of copying and fresh pages — parses all 65,535
/// charstrings and every subroutine, writes an empty entry for each unused subroutine and
/// deflates it all; and for each new glyph it copies the `cmap` subtable to map the glyph
/// back to a character. From a face that holds only the glyphs the document draws, all
/// of that is small, and the fonts in the PDF are about half the size.
///
/// What stays the same: every drawn glyph's outline with its hints, its advance, the font names, and
/// every character that maps to a drawn glyph (Cairo's glyph → character lookup finds
/// what it found in the full face). Subroutines are expanded (`DESUBROUTINIZE`): the
/// outlines are the same, Cairo then writes no empty subroutine entries. Cairo still
/// subsets and writes every font itself. Glyph ids change (`GlyphMap`): the writer
/// draws a subset font's glyphs through its map.
///
/// A font whose face cannot be subset, or that Cairo draws with synthetic emboldening, a
/// slant matrix or variations, is drawn from its own face as before.
final class PDFFontSubsets {
    private var scaledFonts: [ObjectIdentifier: (font: OpaquePointer, map: GlyphMap)] = [:]

    /// Builds subsets for every face the usage names, or takes them from `SubsetCache` when
    /// an earlier document of this process made them, and the Cairo fonts to draw with;
    /// with `surface`, also loads every drawn glyph into the font that will draw it on that
    /// surface (see `loadGlyphs`). One face after another on both cores, largest first.
    init(_ usage: [GlyphUsage], loadingGlyphsFor surface: OpaquePointer? = nil) {
        // Fonts grouped by face: one subset face per face, whatever the sizes.
        var byFace: [FaceGroup] = []
        for u in usage where Self.canSubstitute(u.font) {
            guard let key = FaceKey(u.font), let face = hb_font_get_face(pango_font_get_hb_font(u.font.pango)) else { continue }
            if let i = byFace.firstIndex(where: { $0.key == key }) { byFace[i].fonts.append(u) }
            else { byFace.append(FaceGroup(key: key, face: face, fonts: [u])) }
        }
        guard !byFace.isEmpty else { return }
        // Each face's glyphs (all its fonts' together), worked out once.
        let glyphSets = byFace.map(\.glyphs)
        var cairoFaces = [SubsetCache.Entry?](repeating: nil, count: byFace.count)
        var missing = [Bool](repeating: false, count: byFace.count)
        for (i, group) in byFace.enumerated() {
            if let cached = SubsetCache.shared.face(for: group.key, glyphs: glyphSets[i]) { cairoFaces[i] = cached }
            else { missing[i] = true }
        }
        // Each font's Cairo matrices and options, read here: Pango's objects stay on this thread.
        let scales = byFace.map { $0.fonts.map(FontScale.init) }
        if let surface {
            // The surface works out its font options on first asking: ask before other threads do.
            let options = cairo_font_options_create()
            cairo_surface_get_font_options(surface, options)
            cairo_font_options_destroy(options)
        }
        // Faces with the most glyphs to subset and load first, so that the last face
        // finished on one core is a small one.
        let weights = byFace.indices.map { i in glyphSets[i].reduce(0) { $0 + $1.nonzeroBitCount } * (missing[i] ? 2 : 1) }
        let order = byFace.indices.sorted { a, b in weights[a] != weights[b] ? weights[a] > weights[b] : a < b }
        var made = [(face: SubsetCache.Entry?, fonts: [OpaquePointer?], unscaled: OpaquePointer?)](repeating: (nil, [], nil), count: byFace.count)
        made.withUnsafeMutableBufferPointer { out in
            let out = UnsafeSendable(out)
            let jobs = UnsafeSendable((byFace, glyphSets, missing, cairoFaces, scales, order, surface))
            DispatchQueue.concurrentPerform(iterations: order.count) { k in
                let (byFace, glyphSets, missing, cairoFaces, scales, order, surface) = jobs.value
                let i = order[k]
                var entry = cairoFaces[i]
                if missing[i] {
                    entry = Self.subset(byFace[i].face, glyphs: glyphSets[i]).flatMap { blob, map in
                        SubsetFace.make(blob).map { SubsetCache.Entry(face: $0, map: map, glyphs: glyphSets[i]) }
                    }
                }
                guard let entry else { return }
                let fonts = scales[i].map { $0?.font(from: entry.face) }
                var unscaled: OpaquePointer?
                if let surface {
                    Self.loadGlyphs(of: zip(fonts, byFace[i].fonts).compactMap { f, u in f.map { ($0, u) } }, map: entry.map, on: surface)
                    unscaled = Self.unscaledFont(of: entry.face, loading: glyphSets[i], map: entry.map)
                }
                out.value[i] = (entry, fonts, unscaled)
            }
        }
        unscaledFonts = made.compactMap(\.unscaled)
        for case let scale? in scales.joined() { cairo_font_options_destroy(scale.options) }
        for (i, group) in byFace.enumerated() {
            if missing[i], let entry = made[i].face { SubsetCache.shared.store(entry, for: group.key) }
            for (u, sf) in zip(group.fonts, made[i].fonts) {
                if let sf, let map = made[i].face?.map { scaledFonts[ObjectIdentifier(u.font)] = (sf, map) }
            }
            if let entry = made[i].face { cairo_font_face_destroy(entry.face) }
            else if let entry = cairoFaces[i] { cairo_font_face_destroy(entry.face) }
        }
    }

    deinit {
        for sf in scaledFonts.values { cairo_scaled_font_destroy(sf.font) }
        for sf in unscaledFonts { cairo_scaled_font_destroy(sf) }
    }

    /// Each face's font at the em size that Cairo's PDF subsets read glyph widths from,
    /// kept alive (so Cairo finds it again) until the document is written.
    private var unscaledFonts: [OpaquePointer] = []

    /// The font Cairo makes of `face` for the widths of the glyphs it puts in a PDF's
    /// subset (identity matrices, default options with hinting off, as
    /// `_cairo_scaled_font_subsets_map_glyph` makes it), with the metrics of every glyph
    /// in `words` (the face's glyphs, a bit set) loaded: one FreeType load a glyph that
    /// would otherwise run on the thread drawing the pages, one at a time.
    private static func unscaledFont(of face: OpaquePointer, loading words: [UInt64], map: GlyphMap) -> OpaquePointer? {
        let options = cairo_font_options_create()
        defer { cairo_font_options_destroy(options) }
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        var identity = cairo_matrix_t()
        cairo_matrix_init_identity(&identity)
        guard let font = cairo_scaled_font_create(face, &identity, &identity, options) else { return nil }
        guard cairo_scaled_font_status(font) == CAIRO_STATUS_SUCCESS else { cairo_scaled_font_destroy(font); return nil }
        var glyphs: [cairo_glyph_t] = []
        GlyphUsage.forEach(in: words) { glyphs.append(cairo_glyph_t(index: UInt(map[$0]), x: 0, y: 0)) }
        var extents = cairo_text_extents_t()
        cairo_scaled_font_glyph_extents(font, glyphs, Int32(glyphs.count), &extents)
        return font
    }

    /// How a font is scaled and rendered in Cairo, to make the same font from a subset face.
    private struct FontScale {
        var fontMatrix = cairo_matrix_t(), ctm = cairo_matrix_t()
        let options: OpaquePointer

        init?(_ usage: GlyphUsage) {
            guard let original = pango_cairo_font_get_scaled_font(OpaquePointer(usage.font.pango)) else { return nil }
            cairo_scaled_font_get_font_matrix(original, &fontMatrix)
            cairo_scaled_font_get_ctm(original, &ctm)
            options = cairo_font_options_create()
            cairo_scaled_font_get_font_options(original, options)
            // Metrics at the font's size: Cairo then loads a glyph once for its metrics
            // and outline together (`loadGlyphs`) instead of once at the em size for the
            // metrics and again for the outline. They only bound what a page draws:
            // the PDF's glyph positions are the layout's, its widths the unscaled
            // font's (Cairo makes that one itself, unhinted).
            cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_ON)
        }

        func font(from face: OpaquePointer) -> OpaquePointer? {
            var fontMatrix = fontMatrix, ctm = ctm
            guard let sf = cairo_scaled_font_create(face, &fontMatrix, &ctm, options) else { return nil }
            guard cairo_scaled_font_status(sf) == CAIRO_STATUS_SUCCESS else { cairo_scaled_font_destroy(sf); return nil }
            return sf
        }
    }

    /// Loads each drawn glyph into the Cairo font that draws it on `surface`, outline and
    /// metrics at once, before the pages are drawn. Cairo asks for a glyph's metrics when
    /// it first draws it and for its outline when it puts it in the PDF's subset: two
    /// FreeType loads (each interprets the CFF charstring, ~70 k instructions for a CJK
    /// glyph), one when both are asked together. Through a context of the surface, so the
    /// fonts are the ones its pages are drawn with (Cairo merges the surface's font
    /// options into a context's); draws nothing.
    private static func loadGlyphs(of fonts: [(OpaquePointer, GlyphUsage)], map: GlyphMap, on surface: OpaquePointer) {
        guard !fonts.isEmpty, let cr = cairo_create(surface) else { return }
        defer { cairo_destroy(cr) }
        var glyphs: [cairo_glyph_t] = []
        for (font, usage) in fonts {
            cairo_set_scaled_font(cr, font)
            glyphs.removeAll(keepingCapacity: true)
            usage.forEach { glyphs.append(cairo_glyph_t(index: UInt(map[$0]), x: 0, y: 0)) }
            glyphs.withUnsafeBufferPointer { all in
                for start in stride(from: 0, to: all.count, by: 256) {
                    cairo_glyph_path(cr, all.baseAddress! + start, Int32(min(256, all.count - start)))
                    cairo_new_path(cr)
                }
            }
        }
    }

    /// The Cairo font to draw `font` with in the PDF and the ids of its glyphs in it,
    /// nil for the font's own.
    func scaledFont(for font: Font) -> (font: OpaquePointer, map: GlyphMap)? { scaledFonts[ObjectIdentifier(font)] }

    /// Faces drawn as Cairo loads them from the font file, without synthesis or variations.
    static func canSubstitute(_ font: Font) -> Bool {
        let fc = UnsafeMutableRawPointer(font.pango).assumingMemoryBound(to: PangoFcFont.self)
        guard let pattern = pango_fc_font_get_pattern(fc) else { return false }
        var flag: FcBool = 0
        if FcPatternGetBool(pattern, FC_EMBOLDEN, 0, &flag) == FcResultMatch && flag != 0 { return false }
        if FcPatternGetBool(pattern, FC_VARIABLE, 0, &flag) == FcResultMatch && flag != 0 { return false }
        var matrix: UnsafeMutablePointer<FcMatrix>? = nil
        if FcPatternGetMatrix(pattern, FC_MATRIX, 0, &matrix) == FcResultMatch, let m = matrix?.pointee,
           m.xx != 1 || m.xy != 0 || m.yx != 0 || m.yy != 1 { return false }
        if let hb = pango_font_get_hb_font(font.pango), let face = hb_font_get_face(hb), hb_ot_var_has_data(face) != 0 {
            return false
        }
        return true
    }

    /// The subset font file (an `hb_blob_t`) and its glyph ids, or nil when HarfBuzz
    /// cannot subset the face.
    static func subset(_ face: OpaquePointer, glyphs: [UInt64]) -> (OpaquePointer, GlyphMap)? {
        guard let input = hb_subset_input_create_or_fail() else { return nil }
        defer { hb_subset_input_destroy(input) }
        let glyphSet = hb_subset_input_glyph_set(input)
        hb_set_add(glyphSet, 0)
        GlyphUsage.forEach(in: glyphs) { hb_set_add(glyphSet, $0) }
        // Every character that maps to a drawn glyph, so that Cairo's reverse lookup
        // (lowest code point first) gives the same character as in the full face.
        let pairs = Self.characters(of: face, mappingTo: glyphs)
        let unicodes = hb_subset_input_unicode_set(input)
        for (c, _) in pairs { hb_set_add(unicodes, c) }
        // Tables Cairo never reads from a face it writes into a PDF.
        let drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG)
        for tag in ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "vhea", "vmtx", "VORG", "DSIG"] {
            hb_set_add(drop, hb_tag_from_string(tag, 4))
        }
        hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_DESUBROUTINIZE.rawValue | HB_SUBSET_FLAGS_NAME_LEGACY.rawValue)
        // The subsetter reads a `cmap` holding only those characters: from the face's own
        // (44,000 characters in a Noto CJK face) it would map every character on each
        // subset, two thirds of its work for a short page. The subset's cmap is the same.
        let source = SmallCmapFace.make(face, pairs: pairs) ?? hb_face_reference(face)!
        defer { hb_face_destroy(source) }
        guard let plan = hb_subset_plan_create_or_fail(source, input) else { return nil }
        defer { hb_subset_plan_destroy(plan) }
        guard let result = hb_subset_plan_execute_or_fail(plan) else { return nil }
        defer { hb_face_destroy(result) }
        guard let blob = hb_face_reference_blob(result) else { return nil }
        if hb_blob_get_length(blob) == 0 { hb_blob_destroy(blob); return nil }
        let oldToNew = hb_subset_plan_old_to_new_glyph_mapping(plan)
        var ids = [UInt16](repeating: 0, count: glyphs.count * 64)
        var complete = true
        GlyphUsage.forEach(in: glyphs) { old in
            let new = hb_map_get(oldToNew, old)
            if new == hb_codepoint_t.max || new > 0xFFFF { complete = false } else { ids[Int(old)] = UInt16(new) }
        }
        // A drawn glyph the subset lost would be drawn as .notdef: draw from the face instead.
        guard complete else { hb_blob_destroy(blob); return nil }
        return (blob, GlyphMap(ids))
    }
}

/// A face a document draws with: its font file and index, the face, and the fonts (sizes) drawn from it.
private struct FaceGroup {
    var key: FaceKey
    var face: OpaquePointer
    var fonts: [GlyphUsage]
    /// The glyphs all its fonts draw, as a bit set.
    var glyphs: [UInt64] {
        var out: [UInt64] = []
        for u in fonts {
            if u.words.count > out.count { out += Array(repeating: 0, count: u.words.count - out.count) }
            for (w, word) in u.words.enumerated() { out[w] |= word }
        }
        return out
    }
}

/// A face by its font file and index in the file (stable across font libraries).
struct FaceKey: Hashable {
    var file: String
    var index: Int32

    init?(_ font: Font) {
        let fc = UnsafeMutableRawPointer(font.pango).assumingMemoryBound(to: PangoFcFont.self)
        guard let pattern = pango_fc_font_get_pattern(fc) else { return nil }
        var file: UnsafeMutablePointer<FcChar8>? = nil
        var index: Int32 = 0
        guard FcPatternGetString(pattern, FC_FILE, 0, &file) == FcResultMatch, let file,
              FcPatternGetInteger(pattern, FC_INDEX, 0, &index) == FcResultMatch else { return nil }
        self.file = String(cString: UnsafeRawPointer(file).assumingMemoryBound(to: CChar.self))
        self.index = index
    }
}

/// Subset faces kept for the next document of this process (watch, `render --repeat`,
/// batch): the same glyphs reuse the face, and with it the glyphs Cairo has already
/// loaded from it. One face per font file and index. Only the same glyphs: a face
/// holding more would number them differently (`GlyphMap`), and Cairo names a font in
/// the PDF after the glyph ids it draws, so the PDF would differ from a fresh process's.
final class SubsetCache: @unchecked Sendable {
    static let shared = SubsetCache()
    private let lock = NSLock()
    /// A subset face, its glyph ids, and the glyphs (face ids, as a bit set) it holds.
    struct Entry {
        var face: OpaquePointer
        var map: GlyphMap
        var glyphs: [UInt64]
    }
    private var entries: [FaceKey: Entry] = [:]

    /// The cached face that holds exactly `glyphs`, with a reference to its face (the caller releases it).
    func face(for key: FaceKey, glyphs: [UInt64]) -> Entry? {
        lock.lock(); defer { lock.unlock() }
        guard let e = entries[key], Self.trimmed(glyphs) == Self.trimmed(e.glyphs) else { return nil }
        cairo_font_face_reference(e.face)
        return e
    }

    func store(_ entry: Entry, for key: FaceKey) {
        lock.lock(); defer { lock.unlock() }
        if let old = entries[key] { cairo_font_face_destroy(old.face) }
        cairo_font_face_reference(entry.face)
        entries[key] = entry
    }

    /// Forgets every face (tests: the next document subsets afresh).
    func removeAll() {
        lock.lock(); defer { lock.unlock() }
        for e in entries.values { cairo_font_face_destroy(e.face) }
        entries.removeAll()
    }

    private static func trimmed(_ words: [UInt64]) -> ArraySlice<UInt64> {
        var end = words.count
        while end > 0 && words[end - 1] == 0 { end -= 1 }
        return words[..<end]
    }
}

/// A subset font file loaded by FreeType for Cairo. Cairo may keep the font face after the
/// PDF is written (its font caches); the FreeType face and the file's bytes go when Cairo
/// drops its last reference, through the font face's user data.
private final class SubsetFace {
    nonisolated(unsafe) private static let library: FT_Library? = {
        var lib: FT_Library? = nil
        return FT_Init_FreeType(&lib) == 0 ? lib : nil
    }()
    /// FreeType's library is not thread-safe for creating and destroying faces.
    private static let lock = NSLock()
    nonisolated(unsafe) private static let key = UnsafeMutablePointer<cairo_user_data_key_t>.allocate(capacity: 1)

    private let face: FT_Face
    private let blob: OpaquePointer

    private init(face: FT_Face, blob: OpaquePointer) { self.face = face; self.blob = blob }

    deinit {
        Self.lock.lock()
        FT_Done_Face(face)
        Self.lock.unlock()
        hb_blob_destroy(blob)
    }

    /// A Cairo font face over the subset (the caller releases it), taking ownership of `blob`.
    static func make(_ blob: OpaquePointer) -> OpaquePointer? {
        var length: UInt32 = 0
        guard let library, let data = hb_blob_get_data(blob, &length) else { hb_blob_destroy(blob); return nil }
        var ftFace: FT_Face? = nil
        lock.lock()
        let error = data.withMemoryRebound(to: FT_Byte.self, capacity: Int(length)) {
            FT_New_Memory_Face(library, $0, FT_Long(length), 0, &ftFace)
        }
        lock.unlock()
        guard error == 0, let ftFace else { hb_blob_destroy(blob); return nil }
        let owner = SubsetFace(face: ftFace, blob: blob)
        guard let cairoFace = cairo_ft_font_face_create_for_ft_face(ftFace, 0) else { return nil }
        let box = Unmanaged.passRetained(owner).toOpaque()
        let status = cairo_font_face_set_user_data(cairoFace, key, box) { p in
            if let p { Unmanaged<SubsetFace>.fromOpaque(p).release() }
        }
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_font_face_destroy(cairoFace)
            Unmanaged<SubsetFace>.fromOpaque(box).release()
            return nil
        }
        return cairoFace
    }
}

/// Hands a value to `concurrentPerform`'s closure; each iteration touches its own element.
private struct UnsafeSendable<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
