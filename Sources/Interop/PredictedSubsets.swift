import CGraphics
import Foundation

/// Subset faces made before the document's glyphs are known, so that Cairo can draw each
/// page as soon as it is laid out instead of after the last one (`PDFWriter.drawAsAdded`).
///
/// A face's predicted glyphs are those its `cmap` gives the characters its fonts may show
/// in the document, closed under the `GSUB` substitutions shaping can apply to them (HarfBuzz's glyph
/// closure, for Han and Latin text set horizontally with the composer's `hwid` and `pwid`
/// and for Han set vertically). A run that draws a glyph outside its face's prediction
/// makes `scaledFont(for:glyphs:)` return nil: the writer then draws the document again
/// at `finish()` from subsets of exactly the drawn glyphs, as it does without a prediction.
///
/// The PDF is the same either way, byte for byte: Cairo subsets and writes each font itself,
/// and what it writes does not depend on which other glyphs the face it draws from holds
/// (glyph ids are retained; every character mapping to a drawn glyph is kept).
final class PredictedSubsets {
    /// The characters each face may show (those of all its fonts), and those of any other face.
    private var characters: [FaceKey: [hb_codepoint_t]] = [:]
    private let any: [hb_codepoint_t]
    /// Per face: the subset face and its glyphs, or nil when the face cannot be subset.
    private var faces: [FaceKey: (face: OpaquePointer, glyphs: [UInt64])?] = [:]
    /// Per font: the Cairo font to draw it with and its face's glyphs (nil glyphs: its own face, any glyph).
    private var fonts: [ObjectIdentifier: (scaledFont: OpaquePointer, glyphs: [UInt64]?)] = [:]
    /// Fonts whose scaled fonts this object made (and releases).
    private var made: [OpaquePointer] = []

    init(perFont: [(Font, [UInt32])], any: [UInt32]) {
        self.any = any
        var byFace: [FaceKey: Set<UInt32>] = [:]
        for (font, chars) in perFont {
            guard let key = FaceKey(font) else { continue }
            byFace[key, default: []].formUnion(chars)
        }
        for (key, chars) in byFace { characters[key] = chars.sorted() }
    }

    deinit {
        for sf in made { cairo_scaled_font_destroy(sf) }
        for case let entry? in faces.values { cairo_font_face_destroy(entry.face) }
    }

    /// The Cairo font to draw `glyphs` in `font` with, nil when a glyph is not in the prediction.
    func scaledFont(for font: Font, glyphs: UnsafeBufferPointer<cairo_glyph_t>) -> OpaquePointer? {
        let id = ObjectIdentifier(font)
        if fonts[id] == nil {
            guard let entry = makeFont(font) else { return nil }
            fonts[id] = entry
        }
        let entry = fonts[id]!
        if let words = entry.glyphs {
            for g in glyphs {
                let w = Int(g.index >> 6)
                guard w < words.count, words[w] & (1 << UInt64(g.index & 63)) != 0 else { return nil }
            }
        }
        return entry.scaledFont
    }

    /// Makes the fonts' subset faces and Cairo fonts ahead of the first page that draws with them.
    func prepare(_ fonts: [Font]) {
        for font in fonts where self.fonts[ObjectIdentifier(font)] == nil {
            if let entry = makeFont(font) { self.fonts[ObjectIdentifier(font)] = entry }
        }
    }

    private func makeFont(_ font: Font) -> (scaledFont: OpaquePointer, glyphs: [UInt64]?)? {
        guard PDFFontSubsets.canSubstitute(font) else {
            // Drawn from its own face, as without a prediction.
            guard let own = pango_cairo_font_get_scaled_font(OpaquePointer(font.pango)) else { return nil }
            return (own, nil)
        }
        guard let key = FaceKey(font), let hb = pango_font_get_hb_font(font.pango), let face = hb_font_get_face(hb) else { return nil }
        if faces[key] == nil { faces[key] = .some(makeFace(face, characters: characters[key] ?? any)) }
        guard let entry = faces[key]!, let sf = PDFFontSubsets.scaledFont(entry.face, like: font) else { return nil }
        made.append(sf)
        return (sf, entry.glyphs)
    }

    private func makeFace(_ face: OpaquePointer, characters: [hb_codepoint_t]) -> (face: OpaquePointer, glyphs: [UInt64])? {
        let glyphs = predictedGlyphs(face, characters: characters)
        guard let blob = PDFFontSubsets.subset(face, glyphs: glyphs), let subsetFace = SubsetFace.make(blob) else { return nil }
        return (subsetFace, glyphs)
    }

    /// The face's glyphs for the characters and every glyph shaping can substitute for them, as a bit set.
    private func predictedGlyphs(_ face: OpaquePointer, characters: [hb_codepoint_t]) -> [UInt64] {
        let font = hb_font_create(face)
        defer { hb_font_destroy(font) }
        let set = hb_set_create()
        defer { hb_set_destroy(set) }
        hb_set_add(set, 0)
        var features = [hb_feature_t](repeating: hb_feature_t(), count: 2)
        for (i, tag) in ["hwid", "pwid"].enumerated() { _ = hb_feature_from_string(tag, 4, &features[i]) }
        let language = hb_language_from_string("zh-cn", -1)
        for (script, direction) in [(HB_SCRIPT_HAN, HB_DIRECTION_LTR), (HB_SCRIPT_LATIN, HB_DIRECTION_LTR),
                                 (HB_SCRIPT_HAN, HB_DIRECTION_TTB)] {
            let buffer = hb_buffer_create()
            defer { hb_buffer_destroy(buffer) }
            characters.withUnsafeBufferPointer { c in
                hb_buffer_add_codepoints(buffer, c.baseAddress, Int32(c.count), 0, Int32(c.count))
            }
            hb_buffer_set_script(buffer, script)
            hb_buffer_set_direction(buffer, direction)
            hb_buffer_set_language(buffer, language)
            hb_ot_shape_glyphs_closure(font, buffer, features, UInt32(features.count), set)
        }
        var words: [UInt64] = []
        var g = hb_codepoint_t.max     // HB_SET_VALUE_INVALID: start before the first
        while hb_set_next(set, &g) != 0 {
            guard g <= 0xFFFF else { break }
            let w = Int(g >> 6)
            if w >= words.count { words += Array(repeating: 0, count: w + 1 - words.count) }
            words[w] |= 1 << UInt64(g & 63)
        }
        return words
    }
}
