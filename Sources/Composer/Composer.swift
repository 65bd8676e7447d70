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
        LineBreaker(items: try itemize(input), style: input.style, em: input.style.size)
    }

    /// All lines of a paragraph at one measure.
    public func lines(_ input: ParagraphInput, width: Double) throws -> [ComposedLine] {
        var b = try prepare(input)
        var out: [ComposedLine] = []
        while let l = b.nextLine(width: width) { out.append(l) }
        return out
    }

    func itemize(_ input: ParagraphInput) throws -> [BreakItem] {
        var items: [BreakItem] = []
        for run in input.runs {
            let color = Color(hex: run.style.color) ?? .black
            for ch in run.text {
                if ch == "\n" { continue }
                let scalar = ch.unicodeScalars.first!
                guard let f = try font(for: scalar, style: run.style) else {
                    throw ComposeError.missingGlyph(ch, families: [run.style.family] + fallbackFamilies)
                }
                let shaped = f.shape(String(ch))
                items.append(BreakItem(text: String(ch), font: f, color: color, glyphs: shaped.glyphs, width: shaped.width))
            }
        }
        return items
    }
}

/// A shaped character ready for breaking.
struct BreakItem: Sendable {
    var text: String
    var font: Font
    var color: Color
    var glyphs: [ShapedGlyph]
    var width: Double
}

/// Streams lines of one paragraph; each call may use a different measure (text
/// wrapping around a photo, columns of different widths).
public struct LineBreaker: Sendable {
    let items: [BreakItem]
    let style: TextStyle
    let em: Double
    var position = 0

    init(items: [BreakItem], style: TextStyle, em: Double) { self.items = items; self.style = style; self.em = em }

    public var isFinished: Bool { position >= items.count }
    /// Characters not yet set, for overset reports.
    public var remainingText: String { items[position...].map(\.text).joined() }

    public mutating func nextLine(width: Double) -> ComposedLine? {
        guard !isFinished else { return nil }
        let indent = position == 0 ? style.indent * em : 0
        var used = indent
        var end = position
        while end < items.count, used + items[end].width <= width + 0.001 { used += items[end].width; end += 1 }
        if end == position { end += 1; used += items[position].width }
        let last = end >= items.count
        let slice = items[position..<end]
        position = end
        let gaps = slice.count - 1
        let extra = (!last && style.align == .justify && gaps > 0) ? (width - used) / Double(gaps) : 0
        var x = indent
        if style.align == .center { x += (width - used) / 2 } else if style.align == .right { x += width - used }
        var runs: [GlyphRun] = []
        for it in slice {
            let c = LineCluster(text: it.text, x: x, width: it.width, glyphs: it.glyphs)
            if let lastRun = runs.last, lastRun.font === it.font, lastRun.color == it.color {
                runs[runs.count - 1].clusters.append(c)
            } else {
                runs.append(GlyphRun(font: it.font, color: it.color, clusters: [c]))
            }
            x += it.width + extra
        }
        return ComposedLine(runs: runs, measure: width, usedWidth: x - extra, isParagraphEnd: last, em: em)
    }
}
