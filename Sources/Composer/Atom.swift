import Interop
import Model

/// One cluster of a paragraph before line breaking: a Han character, a mark, a
/// space, or one shaping cluster of a Latin word. Widths are in points.
struct Atom: Sendable {
    var text: String
    var cls: CharClass
    /// Index into `ParagraphItems.fonts` / `.colors` / `.styles`.
    var font: UInt16
    var color: UInt16
    var style: UInt16
    /// Size of this atom's font: its em.
    var em: Double
    /// Nominal advance on the line after the punctuation style (a full-width mark is
    /// 1 em, a banjiao mark ½ em, a Mainland middle dot ½ em).
    var box: Double
    /// Glyphs of this cluster: `glyphStart..<glyphStart+glyphCount` in `ParagraphItems.glyphs`.
    var glyphStart: Int32
    var glyphCount: Int32
    /// Latin word this cluster belongs to (no break inside a word), -1 for CJK.
    var word: Int32 = -1
    /// Adjacent-mark compression already applied mid-line (1.5 em rule). A trim on
    /// the right comes from the pair (self, next), on the left from (previous, self);
    /// a line break between the pair undoes it.
    var trimL: Double = 0
    var trimR: Double = 0
    /// What justification may still squeeze out of the empty halves.
    var canL: Double = 0
    var canR: Double = 0
    /// Han–Latin space after this atom (0 where clreq forbids it).
    var gap: Double = 0
    /// Letter spacing after this atom (headlines).
    var tracking: Double = 0
    /// A line may end after this atom.
    var breakAfter = false
    /// A line may end after this atom with a hyphen added (Latin hyphenation point).
    var hyphenAfter = false
    /// How the glyphs stand in vertical text (upright in horizontal text).
    var orientation = GlyphOrientation.upright
}

/// Everything the breaker needs about one paragraph, fixed at `prepare`.
struct ParagraphItems: Sendable {
    var atoms: [Atom] = []
    var glyphs: [ShapedGlyph] = []
    var fonts: [Font] = []
    var colors: [Color] = []
    var styles: [TextStyle] = []
    /// Hyphen glyph per font index (for hyphenated line ends).
    var hyphens: [ShapedGlyph?] = []
    /// The paragraph style's em (font size): unit of dumps, indent and the grid.
    var em: Double = 10
    /// More Latin than CJK: set with the total-fit breaker.
    var latinDominant = false
}
