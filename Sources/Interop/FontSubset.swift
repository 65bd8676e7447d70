import CGraphics
import Foundation

/// The glyph ids one font draws in a document: a bit per glyph id (OpenType ids are 16-bit).
final class GlyphUsage {
    let font: Font
    private(set) var words: [UInt64] = []
    init(font: Font) { self.font = font }

    func insert(_ glyph: GlyphID) {
        let w = Int(glyph >> 6)
        if w >= words.count {
            guard glyph <= 0xFFFF else { return }
            words += Array(repeating: 0, count: w + 1 - words.count)
        }
        words[w] |= 1 << UInt64(glyph & 63)
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

/// Small copies of the faces a PDF draws with, made by HarfBuzz's subsetter, that
/// Cairo's PDF surface draws from instead of the installed font files.
///
/// Why: for every face in a document Cairo 1.16 copies the whole `CFF ` table out of the
/// font twice (once to learn that it is CID-keyed, once to subset it) — 15 MB for a Noto
/// CJK face, so five faces cost 150 MB of copying and fresh pages — parses all 65,535
/// charstrings and every subroutine, writes an empty entry for each unused subroutine and
/// deflates it all; and for each new glyph it copies the `cmap` subtable to map the glyph
/// back to a character. From a face that holds only the glyphs the document draws, all
/// of that is small, and the fonts in the PDF are about half the size.
///
/// What stays the same: glyph ids (`RETAIN_GIDS`, so shaping results are drawn as they
/// are), every drawn glyph's outline with its hints, its advance, the font names, and
/// every character that maps to a drawn glyph (Cairo's glyph → character lookup finds
/// what it found in the full face). Subroutines are expanded (`DESUBROUTINIZE`): the
/// outlines are the same, Cairo then writes no empty subroutine entries. Cairo still
/// subsets and writes every font itself.
///
/// A font whose face cannot be subset, or that Cairo draws with synthetic emboldening, a
/// slant matrix or variations, is drawn from its own face as before.
final class PDFFontSubsets {
    private var scaledFonts: [ObjectIdentifier: OpaquePointer] = [:]

    /// Builds subsets for every face the usage names (on both cores when there are several),
    /// or takes them from `SubsetCache` when an earlier document of this process made them.
    init(_ usage: [GlyphUsage]) {
        // Fonts grouped by face: one subset face per face, whatever the sizes.
        var byFace: [FaceGroup] = []
        for u in usage where Self.canSubstitute(u.font) {
            guard let key = FaceKey(u.font), let face = hb_font_get_face(pango_font_get_hb_font(u.font.pango)) else { continue }
            if let i = byFace.firstIndex(where: { $0.key == key }) { byFace[i].fonts.append(u) }
            else { byFace.append(FaceGroup(key: key, face: face, fonts: [u])) }
        }
        guard !byFace.isEmpty else { return }
        var cairoFaces = [OpaquePointer?](repeating: nil, count: byFace.count)
        var missing: [Int] = []
        for (i, group) in byFace.enumerated() {
            if let face = SubsetCache.shared.face(for: group.key, glyphs: group.glyphs) { cairoFaces[i] = face }
            else {
                missing.append(i)
                // A CFF face grows to hold the glyphs of earlier documents too, so that an
                // editor's next save (watch) finds them all in it.
                if group.key.isCFF, let earlier = SubsetCache.shared.glyphs(for: group.key) { byFace[i].extra = earlier }
            }
        }
        var blobs = [OpaquePointer?](repeating: nil, count: byFace.count)
        blobs.withUnsafeMutableBufferPointer { out in
            let out = UnsafeSendable(out)
            let jobs = UnsafeSendable((byFace, missing))
            DispatchQueue.concurrentPerform(iterations: missing.count) { k in
                let i = jobs.value.1[k]
                out.value[i] = Self.subset(jobs.value.0[i].face, glyphs: jobs.value.0[i].glyphs)
            }
        }
        for i in missing {
            guard let blob = blobs[i], let face = SubsetFace.make(blob) else { continue }
            SubsetCache.shared.store(face, for: byFace[i].key, glyphs: byFace[i].glyphs)
            cairoFaces[i] = face
        }
        for (i, group) in byFace.enumerated() {
            guard let face = cairoFaces[i] else { continue }
            defer { cairo_font_face_destroy(face) }
            for u in group.fonts {
                guard let original = pango_cairo_font_get_scaled_font(OpaquePointer(u.font.pango)) else { continue }
                var fontMatrix = cairo_matrix_t(), ctm = cairo_matrix_t()
                cairo_scaled_font_get_font_matrix(original, &fontMatrix)
                cairo_scaled_font_get_ctm(original, &ctm)
                let options = cairo_font_options_create()
                defer { cairo_font_options_destroy(options) }
                cairo_scaled_font_get_font_options(original, options)
                guard let sf = cairo_scaled_font_create(face, &fontMatrix, &ctm, options) else { continue }
                guard cairo_scaled_font_status(sf) == CAIRO_STATUS_SUCCESS else { cairo_scaled_font_destroy(sf); continue }
                scaledFonts[ObjectIdentifier(u.font)] = sf
            }
        }
    }

    deinit { for sf in scaledFonts.values { cairo_scaled_font_destroy(sf) } }

    /// The Cairo font to draw `font` with in the PDF, nil for the font's own.
    func scaledFont(for font: Font) -> OpaquePointer? { scaledFonts[ObjectIdentifier(font)] }

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

    /// The subset font file (an `hb_blob_t`), or nil when HarfBuzz cannot subset the face.
    private static func subset(_ face: OpaquePointer, glyphs: [UInt64]) -> OpaquePointer? {
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
        hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_RETAIN_GIDS.rawValue | HB_SUBSET_FLAGS_DESUBROUTINIZE.rawValue
                                         | HB_SUBSET_FLAGS_NAME_LEGACY.rawValue)
        // The subsetter reads a `cmap` holding only those characters: from the face's own
        // (44,000 characters in a Noto CJK face) it would map every character on each
        // subset, two thirds of its work for a short page. The subset's cmap is the same.
        let source = SmallCmapFace.make(face, pairs: pairs) ?? hb_face_reference(face)!
        defer { hb_face_destroy(source) }
        guard let result = hb_subset_or_fail(source, input) else { return nil }
        defer { hb_face_destroy(result) }
        let blob = hb_face_reference_blob(result)
        if hb_blob_get_length(blob) == 0 { hb_blob_destroy(blob); return nil }
        return blob
    }

    /// (code point, glyph) of every character whose glyph is in `glyphs`, by code point:
    /// read from the face's format 12 `cmap` subtable when it has one, else through HarfBuzz.
    static func characters(of face: OpaquePointer, mappingTo glyphs: [UInt64]) -> [(UInt32, UInt32)] {
        func used(_ g: UInt32) -> Bool {
            let w = Int(g >> 6)
            return g != 0 && w < glyphs.count && glyphs[w] & (1 << UInt64(g & 63)) != 0
        }
        var out: [(UInt32, UInt32)] = []
        let table = hb_face_reference_table(face, hb_tag_from_string("cmap", 4))
        defer { hb_blob_destroy(table) }
        let cmap = CmapReader(table)
        if let groups = cmap.format12Groups {
            for (start, end, glyph) in groups where end >= start {
                for c in start...end where used(glyph &+ (c - start)) { out.append((c, glyph &+ (c - start))) }
            }
            return out
        }
        let all = hb_set_create()
        defer { hb_set_destroy(all) }
        hb_face_collect_unicodes(face, all)
        let font = hb_font_create(face)
        defer { hb_font_destroy(font) }
        var codepoints = [hb_codepoint_t](repeating: 0, count: 4096)
        var found = [hb_codepoint_t](repeating: 0, count: 4096)
        var last = hb_codepoint_t.max     // HB_SET_VALUE_INVALID: start before the first
        while true {
            let n = Int(hb_set_next_many(all, last, &codepoints, UInt32(codepoints.count)))
            if n == 0 { break }
            _ = hb_font_get_nominal_glyphs(font, UInt32(n), codepoints, UInt32(MemoryLayout<hb_codepoint_t>.stride),
                                           &found, UInt32(MemoryLayout<hb_codepoint_t>.stride))
            for k in 0..<n where used(found[k]) { out.append((codepoints[k], found[k])) }
            last = codepoints[n - 1]
        }
        return out
    }
}

/// The encoding records of a `cmap` table, and the groups of its format 12 subtable.
private struct CmapReader {
    let bytes: UnsafeRawBufferPointer
    /// (platform, encoding, subtable format) of each record, in table order.
    var records: [(Int, Int, Int)] = []
    var format12Groups: [(UInt32, UInt32, UInt32)]?

    init(_ blob: OpaquePointer?) {
        var length: UInt32 = 0
        let raw = hb_blob_get_data(blob, &length)
        bytes = UnsafeRawBufferPointer(start: raw, count: raw == nil ? 0 : Int(length))
        let count = u16(2)
        var twelve: Int?
        for i in 0..<count where 4 + i * 8 + 8 <= bytes.count {
            let r = 4 + i * 8
            let platform = u16(r), encoding = u16(r + 2), offset = u32(r + 4)
            let format = u16(offset)
            records.append((platform, encoding, format))
            // The Unicode full-repertoire subtable HarfBuzz prefers: (3,10), else (0,6) or (0,4).
            if format == 12 && (twelve == nil || (platform, encoding) == (3, 10)) && (platform == 3 || platform == 0) { twelve = offset }
        }
        if let o = twelve {
            let n = u32(o + 12)
            if o + 16 + n * 12 <= bytes.count {
                format12Groups = (0..<n).map { k in
                    let g = o + 16 + k * 12
                    return (UInt32(u32(g)), UInt32(u32(g + 4)), UInt32(u32(g + 8)))
                }
            }
        }
    }

    func u16(_ o: Int) -> Int { o >= 0 && o + 2 <= bytes.count ? Int(bytes[o]) << 8 | Int(bytes[o + 1]) : 0 }
    func u32(_ o: Int) -> Int { o >= 0 && o + 4 <= bytes.count ? u16(o) << 16 | u16(o + 2) : 0 }
}

/// A face a document draws with: its font file and index, the face, and the fonts (sizes) drawn from it.
private struct FaceGroup {
    var key: FaceKey
    var face: OpaquePointer
    var fonts: [GlyphUsage]
    /// Glyphs to hold beyond those drawn (earlier documents' glyphs), as a bit set.
    var extra: [UInt64] = []
    /// The glyphs all its fonts draw, and the extra ones, as a bit set.
    var glyphs: [UInt64] {
        var out = extra
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
    /// CFF outlines: Cairo's CFF subsetter writes nothing that depends on which other
    /// glyphs the face holds, so a subset holding more glyphs gives the same PDF.
    var isCFF: Bool

    init?(_ font: Font) {
        let fc = UnsafeMutableRawPointer(font.pango).assumingMemoryBound(to: PangoFcFont.self)
        guard let pattern = pango_fc_font_get_pattern(fc) else { return nil }
        var file: UnsafeMutablePointer<FcChar8>? = nil
        var index: Int32 = 0
        guard FcPatternGetString(pattern, FC_FILE, 0, &file) == FcResultMatch, let file,
              FcPatternGetInteger(pattern, FC_INDEX, 0, &index) == FcResultMatch else { return nil }
        self.file = String(cString: UnsafeRawPointer(file).assumingMemoryBound(to: CChar.self))
        self.index = index
        let face = hb_font_get_face(pango_font_get_hb_font(font.pango))
        let cff = hb_face_reference_table(face, hb_tag_from_string("CFF ", 4))
        isCFF = hb_blob_get_length(cff) > 0
        hb_blob_destroy(cff)
    }
}

/// Subset faces kept for the next document of this process (watch, `render --repeat`,
/// batch): the same glyphs — or, for CFF faces, fewer — reuse the face, and with it the
/// glyphs Cairo has already loaded from it. One face per font file and index.
final class SubsetCache: @unchecked Sendable {
    static let shared = SubsetCache()
    private let lock = NSLock()
    private var entries: [FaceKey: (face: OpaquePointer, glyphs: [UInt64])] = [:]

    /// A reference to a cached face that holds `glyphs` (the caller releases it).
    func face(for key: FaceKey, glyphs: [UInt64]) -> OpaquePointer? {
        lock.lock(); defer { lock.unlock() }
        guard let e = entries[key] else { return nil }
        let fits: Bool
        if key.isCFF {
            fits = glyphs.enumerated().allSatisfy { w, word in word & ~(w < e.glyphs.count ? e.glyphs[w] : 0) == 0 }
        } else {
            fits = Self.trimmed(glyphs) == Self.trimmed(e.glyphs)
        }
        return fits ? cairo_font_face_reference(e.face) : nil
    }

    /// The glyphs the cached face of `key` holds.
    func glyphs(for key: FaceKey) -> [UInt64]? {
        lock.lock(); defer { lock.unlock() }
        return entries[key]?.glyphs
    }

    func store(_ face: OpaquePointer, for key: FaceKey, glyphs: [UInt64]) {
        lock.lock(); defer { lock.unlock() }
        if let old = entries[key] { cairo_font_face_destroy(old.face) }
        entries[key] = (cairo_font_face_reference(face), glyphs)
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

/// A face that reads as `face` except for its `cmap`: the same Unicode encoding records
/// (format 4 and 12 subtables) holding only the given characters.
private final class SmallCmapFace {
    let face: OpaquePointer
    let cmap: OpaquePointer

    private init(face: OpaquePointer, cmap: OpaquePointer) { self.face = face; self.cmap = cmap }
    deinit { hb_face_destroy(face); hb_blob_destroy(cmap) }

    /// A new face over `face` (the caller destroys it); nil when its cmap cannot be rebuilt.
    static func make(_ face: OpaquePointer, pairs: [(UInt32, UInt32)]) -> OpaquePointer? {
        let table = hb_face_reference_table(face, hb_tag_from_string("cmap", 4))
        let records = CmapReader(table).records.filter { ($0.0 == 0 || $0.0 == 3) && ($0.2 == 4 || $0.2 == 12) }
        hb_blob_destroy(table)
        guard !records.isEmpty, let four = format4(pairs.filter { $0.0 <= 0xFFFF }) else { return nil }
        let twelve = format12(pairs)
        var out: [UInt8] = []
        func put16(_ v: Int) { out += [UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
        func put32(_ v: Int) { put16(v >> 16); put16(v & 0xFFFF) }
        put16(0); put16(records.count)
        let fourAt = 4 + records.count * 8, twelveAt = fourAt + four.count
        for (platform, encoding, format) in records { put16(platform); put16(encoding); put32(format == 4 ? fourAt : twelveAt) }
        out += four
        out += twelve
        let cmap = out.withUnsafeBufferPointer { b in
            b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) {
                hb_blob_create($0, UInt32(b.count), HB_MEMORY_MODE_DUPLICATE, nil, nil)!
            }
        }
        let owner = SmallCmapFace(face: hb_face_reference(face), cmap: cmap)
        let small = hb_face_create_for_tables({ _, tag, user in
            let owner = Unmanaged<SmallCmapFace>.fromOpaque(user!).takeUnretainedValue()
            if tag == hb_tag_from_string("cmap", 4) { return hb_blob_reference(owner.cmap) }
            return hb_face_reference_table(owner.face, tag)
        }, Unmanaged.passRetained(owner).toOpaque(), { user in
            if let user { Unmanaged<SmallCmapFace>.fromOpaque(user).release() }
        })!
        hb_face_set_upem(small, hb_face_get_upem(face))
        hb_face_set_glyph_count(small, hb_face_get_glyph_count(face))
        return small
    }

    /// Runs of consecutive characters with consecutive glyphs.
    private static func runs(_ pairs: [(UInt32, UInt32)]) -> [(UInt32, UInt32, UInt32)] {
        var out: [(UInt32, UInt32, UInt32)] = []
        for (c, g) in pairs {
            if let last = out.last, c == last.1 + 1, g == last.2 &+ (c - last.0) { out[out.count - 1].1 = c }
            else { out.append((c, c, g)) }
        }
        return out
    }

    /// A format 4 subtable (segments with deltas), nil when it would exceed 64 KB.
    private static func format4(_ pairs: [(UInt32, UInt32)]) -> [UInt8]? {
        var segments = runs(pairs).filter { $0.1 < 0xFFFF }
        segments.append((0xFFFF, 0xFFFF, 0))
        let n = segments.count
        let length = 16 + n * 8
        guard length <= 0xFFFF else { return nil }
        var out: [UInt8] = []
        func put16(_ v: Int) { out += [UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
        var power = 1, log = 0
        while power * 2 <= n { power *= 2; log += 1 }
        put16(4); put16(length); put16(0); put16(n * 2); put16(power * 2); put16(log); put16(n * 2 - power * 2)
        for s in segments { put16(Int(s.1)) }
        put16(0)
        for s in segments { put16(Int(s.0)) }
        for s in segments { put16(s.0 == 0xFFFF ? 1 : Int((Int64(s.2) - Int64(s.0)) & 0xFFFF)) }
        for _ in segments { put16(0) }
        return out
    }

    private static func format12(_ pairs: [(UInt32, UInt32)]) -> [UInt8] {
        let groups = runs(pairs)
        var out: [UInt8] = []
        func put32(_ v: UInt32) { out += [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
        out += [0, 12, 0, 0]
        put32(UInt32(16 + groups.count * 12)); put32(0); put32(UInt32(groups.count))
        for (start, end, glyph) in groups { put32(start); put32(end); put32(glyph) }
        return out
    }
}

/// Hands a value to `concurrentPerform`'s closure; each iteration touches its own element.
private struct UnsafeSendable<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
