import Interop
import Model

/// Turns paragraphs into lines. Holds the font library and the fallback families
/// (Fonts/fonts.yaml) so that every character gets a glyph or a clear error.
public final class Composer: @unchecked Sendable {
    public let fonts: FontLibrary
    public let fallbackFamilies: [String]

    public init(fonts: FontLibrary, fallbackFamilies: [String] = []) {
        self.fonts = fonts
        self.fallbackFamilies = fallbackFamilies
    }

    /// The font for a style (weight and size from the style).
    public func font(for style: TextStyle) throws -> Font {
        do { return try fonts.font(FontSpec(family: style.family, weight: style.weight, size: style.size)) }
        catch let e as FontError { throw ComposeError.font(e.description) }
    }

    /// First font of the style's family, then the fallbacks, that has a glyph for `scalar`.
    func font(for scalar: Unicode.Scalar, style: TextStyle) throws -> Font? {
        let primary = try font(for: style)
        if primary.covers(scalar) { return primary }
        for fam in fallbackFamilies {
            var s = style; s.family = fam
            if let f = try? font(for: s), f.covers(scalar) { return f }
        }
        return nil
    }

    /// Prepares a paragraph for breaking; throws on a character no font can show.
    public func prepare(_ input: ParagraphInput) throws -> LineBreaker {
        var itemizer = Itemizer(composer: self, input: input)
        return LineBreaker(items: try itemizer.run(), style: input.style)
    }

    /// All lines of a paragraph at one measure. Justified paragraphs are broken by
    /// a total-fit breaker (CJK: clreq adjustment costs; Latin-dominant: Knuth–Plass);
    /// ragged and centred text line by line with clreq's push-in / push-out.
    /// `hangRoom`: the clear space past the measure where a line-end mark may hang
    /// when the style says so (`hanging-punctuation`): unlimited by default (a galley);
    /// the page layout passes the gutter for body columns and 0 for everything else
    /// (framed boxes, headlines, captions, subheads).
    public func lines(_ input: ParagraphInput, width: Double, hangRoom: Double = .infinity) throws -> [ComposedLine] {
        var b = try prepare(input)
        b.hangRoom = hangRoom
        var out: [ComposedLine] = []
        while let l = b.nextLine(width: width) { out.append(l) }
        return out
    }

    /// The last style colour parsed: every paragraph of body text names the same one.
    private var lastColor: (hex: String, color: Color)?

    /// The colour of a style's hex string (black when it does not parse).
    func color(hex: String) -> Color {
        if let c = lastColor, c.hex == hex { return c.color }
        let color = Color(hex: hex) ?? .black
        lastColor = (hex, color)
        return color
    }

    private var hyphenator: Hyphenator?
    private var hyphenatorFailed = false
    /// Whether some paragraph needed the hyphenation dictionary (tests).
    var hasLoadedHyphenator: Bool { hyphenator != nil }

    /// libhyphen's English patterns, loaded on the first paragraph with a word long
    /// enough to hyphenate; nil when the dictionary is not installed (no hyphenation).
    func hyphenatorIfNeeded(_ items: ParagraphItems) -> Hyphenator? {
        if let h = hyphenator { return h }
        if hyphenatorFailed { return nil }
        // Five ASCII letters in a row, as BreakTable's hyphenation needs: digits (phone
        // numbers, postcodes in a colophon) are Latin-class atoms too but never hyphenate,
        // and must not cost the dictionary's load.
        var run = 0
        var needed = false
        for i in items.atoms.indices {          // fields in place: no Atom copy per character
            if items.atoms[i].cls == .latin, items.atoms[i].text.utf8.count == 1, let c = items.atoms[i].text.utf8.first,
               (65...90).contains(c) || (97...122).contains(c) {
                run += 1; if run >= 5 { needed = true; break }
            } else { run = 0 }
        }
        guard needed else { return nil }
        hyphenator = try? Hyphenator()
        hyphenatorFailed = hyphenator == nil
        return hyphenator
    }
}
