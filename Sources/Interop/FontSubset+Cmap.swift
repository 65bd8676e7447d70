import CGraphics

// The `cmap` side of the font subsets: which characters a subset keeps, and the small
// `cmap` HarfBuzz's subsetter reads instead of the face's own.

extension PDFFontSubsets {
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
struct CmapReader {
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

/// A face that reads as `face` except for its `cmap`: the same Unicode encoding records
/// (format 4 and 12 subtables) holding only the given characters.
final class SmallCmapFace {
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
