import Interop
import Model

/// How a cluster's glyphs stand in a vertical line (clreq §3.1, jlreq §3.1.7):
/// Han, kana and vertical punctuation forms upright; Latin words and long numbers
/// rotated 90° clockwise; numbers of one to four digits horizontal in one em
/// (縦中横, tate-chū-yoko), condensed to fit.
public enum GlyphOrientation: UInt8, Hashable, Sendable {
    case upright, rotated, horizontalInVertical
}

/// One character cluster placed on a line: the unit of positioning, dumping and text
/// accounting. `x` is from the line's left edge (the top of a vertical line), in points.
/// Its glyphs are `glyphRange` of the line's glyph store (`ComposedLine.glyphs`): a
/// cluster owns no array of its own, so setting a line allocates no memory per cluster.
public struct LineCluster: Hashable, Sendable {
    public var text: String
    public var x: Double
    /// Advance the cluster takes on the line after adjustment (compression, spacing).
    public var width: Double
    /// Where its glyphs are in `ComposedLine.glyphs`: `glyphStart ..< glyphStart + glyphCount`.
    public var glyphStart: Int32
    public var glyphCount: Int32
    /// Extra note for dumps: e.g. "½" compressed mark, "+¼" Han–Latin space after.
    public var adjustment: String
    /// In vertical lines: upright, rotated or horizontal-in-vertical.
    public var orientation: GlyphOrientation
    public init(text: String, x: Double, width: Double, glyphStart: Int32, glyphCount: Int32, adjustment: String = "",
                orientation: GlyphOrientation = .upright) {
        self.text = text; self.x = x; self.width = width; self.glyphStart = glyphStart; self.glyphCount = glyphCount
        self.adjustment = adjustment; self.orientation = orientation
    }
    public var glyphRange: Range<Int> { Int(glyphStart)..<Int(glyphStart + glyphCount) }
}

/// Clusters of a line that share one font and colour, in line order.
public struct GlyphRun: Sendable {
    public var font: Font
    public var color: Color
    public var clusters: [LineCluster]
    public init(font: Font, color: Color, clusters: [LineCluster]) { self.font = font; self.color = color; self.clusters = clusters }
}

/// A composed line: what the page layout positions and the renderer draws.
public struct ComposedLine: Sendable {
    public var runs: [GlyphRun]
    /// Glyphs of every cluster, in line order, relative to each cluster's origin (x
    /// offsets within the cluster): cluster c's are `glyphs[c.glyphRange]` (`glyphs(of:)`).
    public var glyphs: [ShapedGlyph]
    /// The measure the line was set to (points).
    public var measure: Double
    /// Where the last cluster's ink-relevant advance ends (≤ measure for flush lines).
    public var usedWidth: Double
    /// True for a paragraph's last line (set flush left, not justified).
    public var isParagraphEnd: Bool
    /// Size of the body font, the em used in dumps.
    public var em: Double
    /// A vertical line: `x` of each cluster runs down the page.
    public var vertical = false

    public init(runs: [GlyphRun], glyphs: [ShapedGlyph] = [], measure: Double, usedWidth: Double, isParagraphEnd: Bool, em: Double) {
        self.runs = runs; self.glyphs = glyphs; self.measure = measure; self.usedWidth = usedWidth; self.isParagraphEnd = isParagraphEnd; self.em = em
    }

    public var clusters: [LineCluster] { runs.flatMap(\.clusters) }
    /// The glyphs of one of this line's clusters.
    public func glyphs(of c: LineCluster) -> ArraySlice<ShapedGlyph> { glyphs[c.glyphRange] }
    public var text: String { clusters.map(\.text).joined() }

    /// A stable text form for exact tests: `x/width` in em with 3 decimals per cluster,
    /// then the cluster's adjustment notes, then ` ¶` on a paragraph's last line.
    ///     |本 0.000/1.000|报 1.000/1.000|， 2.000/0.500½|
    /// Notes (amounts in em, 3 decimals; several may follow one another):
    ///   `½`  the mark's empty right half is taken off (adjacent marks, line end, banjiao)
    ///   `½l` the empty left half is taken off (opening brackets; the glyph moves left)
    ///   `-0.250` / `-l0.250`  part of the right / left half taken off in justification
    ///   `+¼` Han–Latin space of ¼ em after the cluster, `+0.333` when justified
    ///   `~0.031` justification space added after the cluster
    ///   `w0.500` / `wl0.500` a mark widened on its empty right / left side (grid push-out)
    ///   `hy` a hyphen is drawn after the cluster (Latin hyphenation point)
    ///   `½^` the mark hangs in the margin beyond the measure (its empty half dropped);
    ///   `^` a centred mark hangs with its whole em (zh-Hant, vertical lines)
    ///   `⟳`  (vertical) rotated 90° clockwise · `⇆` horizontal in vertical (tate-chū-yoko)
    public var dump: String {
        func f(_ v: Double) -> String {
            return thousandths(Int((v / em * 1000).rounded()))
        }
        var s = ""
        for c in clusters {
            s += "|\(c.text) \(f(c.x))/\(f(c.width))\(c.adjustment)"
            switch c.orientation {
            case .upright: break
            case .rotated: s += "⟳"
            case .horizontalInVertical: s += "⇆"
            }
        }
        return s + "|" + (isParagraphEnd ? " ¶" : "")
    }
}

public enum ComposeError: Error, CustomStringConvertible, Equatable {
    case missingGlyph(Character, families: [String])
    case font(String)
    public var description: String {
        switch self {
        case let .missingGlyph(c, fams):
            let hex = c.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined(separator: " ")
            return "character '\(c)' (\(hex)) has no glyph in any configured font (\(fams.joined(separator: ", ")))"
        case let .font(why): return why
        }
    }
}

/// A paragraph to compose: styled runs plus the paragraph-level style (alignment,
/// indent, kinsoku level, punctuation style) taken from `style`.
public struct ParagraphInput: Sendable {
    public struct Run: Sendable {
        public var text: String
        public var style: TextStyle
        public init(_ text: String, _ style: TextStyle) { self.text = text; self.style = style }
    }
    public var runs: [Run]
    public var style: TextStyle
    public init(runs: [Run], style: TextStyle) { self.runs = runs; self.style = style }
    public init(_ text: String, style: TextStyle) { self.runs = [Run(text, style)]; self.style = style }
    public var text: String { runs.map(\.text).joined() }
}
