/// A page design: trim, margins, column grid, the baseline grid, styles, page
/// furniture and slots. Lengths are in points (the YAML may give mm; the loader converts).
public struct PageTemplate: Hashable, Sendable {
    public var name: String
    public var sourcePath: String
    public var trimWidth: Double
    public var trimHeight: Double
    public var margins: Margins
    public var columns: Int
    public var gutter: Double
    public var styles: StyleSheet
    public var header: HeaderSpec
    public var footer: FooterSpec
    public var slots: [Slot]
    public var banners: [Banner]
    /// Lines of text telling the reader where a story continues, with {page}.
    public var jumpTo: String
    public var jumpFrom: String
    /// `output:` — profile, bleed, marks, ink limit, ICC profile for this template's pages.
    public var output = OutputSettings()
    /// The front page's masthead (nameplate, ears, data line) set in the header band
    /// instead of the page header; nil on inside pages.
    public var masthead: Masthead? = nil

    public init(name: String, sourcePath: String, trimWidth: Double, trimHeight: Double, margins: Margins,
                columns: Int, gutter: Double, styles: StyleSheet, header: HeaderSpec, footer: FooterSpec,
                slots: [Slot], banners: [Banner] = [], jumpTo: String = "（下转第{page}版）", jumpFrom: String = "（上接第{page}版）") {
        self.name = name; self.sourcePath = sourcePath; self.trimWidth = trimWidth; self.trimHeight = trimHeight
        self.margins = margins; self.columns = columns; self.gutter = gutter; self.styles = styles
        self.header = header; self.footer = footer; self.slots = slots; self.banners = banners
        self.jumpTo = jumpTo; self.jumpFrom = jumpFrom
    }

    /// Body leading: the page's baseline grid pitch.
    public var gridPitch: Double { styles.body.leading }
    public var typeAreaWidth: Double { trimWidth - margins.left - margins.right }
    public var typeAreaHeight: Double { trimHeight - margins.top - margins.bottom }
    public var columnWidth: Double { (typeAreaWidth - Double(columns - 1) * gutter) / Double(columns) }
    /// Whole grid lines in the type area.
    public var gridLines: Int { Int((typeAreaHeight / gridPitch).rounded(.down)) }
}

public struct Margins: Hashable, Sendable {
    public var top: Double, bottom: Double, left: Double, right: Double
    public init(top: Double, bottom: Double, left: Double, right: Double) {
        self.top = top; self.bottom = bottom; self.left = left; self.right = right
    }
}

/// Text styles by role. `body` fixes the baseline grid.
public struct StyleSheet: Hashable, Sendable {
    public var body: TextStyle
    public var bold: TextStyle          // run-in lead phrases (**…**)
    public var byline: TextStyle        // run-in dateline
    public var inBodySubhead: TextStyle
    public var kicker: TextStyle
    public var headline: TextStyle      // lead story headline
    public var secondaryHeadline: TextStyle
    public var subhead: TextStyle
    public var caption: TextStyle
    public var credit: TextStyle
    public var header: TextStyle
    public var footer: TextStyle
    public var banner: TextStyle
    public var jump: TextStyle
    public var pullQuote: TextStyle     // pull quote float (optional in templates: see `defaultPullQuote`)
    /// Body of a module set vertically (optional: the body style, set vertically).
    public var verticalBody: TextStyle? = nil
    public init(body: TextStyle, bold: TextStyle, byline: TextStyle, inBodySubhead: TextStyle, kicker: TextStyle,
                headline: TextStyle, secondaryHeadline: TextStyle, subhead: TextStyle, caption: TextStyle,
                credit: TextStyle, header: TextStyle, footer: TextStyle, banner: TextStyle, jump: TextStyle,
                pullQuote: TextStyle? = nil) {
        self.body = body; self.bold = bold; self.byline = byline; self.inBodySubhead = inBodySubhead
        self.kicker = kicker; self.headline = headline; self.secondaryHeadline = secondaryHeadline
        self.subhead = subhead; self.caption = caption; self.credit = credit; self.header = header
        self.footer = footer; self.banner = banner; self.jump = jump
        self.pullQuote = pullQuote ?? StyleSheet.defaultPullQuote(body: body, kicker: kicker)
    }

    /// The pull quote style of a template that defines none: the kicker's face, bold,
    /// 1.4 × the body size on two grid lines, centred, in the paper's red.
    public static func defaultPullQuote(body: TextStyle, kicker: TextStyle) -> TextStyle {
        TextStyle(family: kicker.family, weight: 700, size: 1.4 * body.size, leading: 2 * body.leading,
                  color: "#c8102e", align: .center, indent: 0)
    }
}

public enum KinsokuLevel: String, Hashable, Sendable, CaseIterable {
    case loose, basic, strict
    /// Traditional Chinese (Taiwan, Hong Kong): pause, stop and closing marks, the
    /// middle dot, and the halves of —— and …… never start a line; opening marks
    /// never end one; the solidus may end a line (the default of a zh-Hant style).
    case traditional

    /// —— and …… may not start a line.
    public var dashesCannotStart: Bool { self == .strict || self == .traditional }
}

/// Which written Chinese a style sets: it chooses the defaults of the settings
/// that differ (quotes, kinsoku, punctuation). Template: `language: zh-Hant`.
public enum ChineseVariant: String, Hashable, Sendable, CaseIterable {
    case simplified = "zh-Hans"
    case traditional = "zh-Hant"
}

/// Quotation marks as the page shows them.
public enum QuoteStyle: String, Hashable, Sendable, CaseIterable {
    /// As the article has them.
    case asWritten = "as-written"
    /// Corner brackets: “…” and ‘…’ (and straight quotes) become 「…」, with 『…』
    /// inside them (Taiwan and Hong Kong; default of a zh-Hant style).
    case corner
}
public enum PunctuationStyle: String, Hashable, Sendable, CaseIterable {
    /// GB full-width marks, adjacent marks compressed (default).
    case fullWidth = "full-width"
    /// Every mark set on a half em (banjiao).
    case halfWidth = "half-width"
    /// Marks centred in the em box (TW/HK).
    case centered
    /// No compression at all.
    case none
}
public enum TextAlign: String, Hashable, Sendable { case justify, left, center, right }

/// Hanging punctuation at line end (标点悬挂, clreq "Hanging Punctuation at Line
/// End"): a pause or stop mark that would otherwise force a push-in or push-out
/// stands past the column's end edge, so the line keeps its whole ems (and every
/// Han character its place on the grid). Template: `hanging-punctuation`.
public enum HangingPunctuation: String, Hashable, Sendable, CaseIterable {
    /// No mark hangs (default; clreq: most Chinese publications do not hang).
    case none
    /// 、，。．hang (clreq: the marks that can generally be hung).
    case end
    /// Every pause or stop mark hangs: also ；：！？ (clreq: in Simplified Chinese they
    /// sit at the start of the em box too, so they can hang as well).
    case endAllStops = "end-all-stops"

    /// Whether the mark (one character) may hang under this setting.
    public func hangs(_ c: Unicode.Scalar) -> Bool {
        switch self {
        case .none: return false
        case .end: return c == "、" || c == "，" || c == "。" || c == "．"
        case .endAllStops: return "、，。．；：！？".unicodeScalars.contains(c)
        }
    }
}

public struct TextStyle: Hashable, Sendable {
    public var family: String
    public var weight: Int
    public var size: Double         // pt
    public var leading: Double      // pt, baseline to baseline
    public var color: String        // #rrggbb
    public var align: TextAlign
    public var indent: Double       // first-line indent in em
    public var kinsoku: KinsokuLevel
    public var punctuation: PunctuationStyle
    /// Line-end marks that may hang past the measure (`HangingPunctuation`).
    public var hangingPunctuation: HangingPunctuation
    public var hanLatinSpacing: Double  // em; 0.25 by default
    public var letterSpacing: Double    // em, headlines
    /// Justified CJK text keeps Han characters on the column's em grid: the space
    /// around Latin/digit runs and the empty halves of marks flex to restore it.
    public var grid: Bool
    /// Vertical writing (竖排): lines run top to bottom, successive lines right to left.
    public var vertical: Bool = false
    /// Digits set half-width (OpenType `hwid`, where the font has it): two make one em,
    /// as many mainland papers set numbers. Template: `digits: half-width`.
    public var halfWidthDigits: Bool = false
    /// A pause or closing mark at a justified line's end always takes ½ em (clreq),
    /// even where that moves Han characters off the em grid. Template:
    /// `line-end-mark: half` (default `grid`: ½ em wherever the grid allows it).
    public var lineEndMarkHalf: Bool = false
    /// clreq's relaxation of the line-start rule under grid alignment (纵横对齐, "Handling
    /// of Grid Alignment in Chinese and Western Mixed Text Composition"): where the first
    /// of two or more consecutive marks hangs (`hangingPunctuation`, on the em grid), the
    /// second and those after it (。」 ，” ？」) may start the next line. Template:
    /// `split-mark-runs: true` (default false: a run of marks never hangs).
    public var splitMarkRuns: Bool = false
    /// Simplified or Traditional Chinese (defaults of the settings below and above).
    public var language: ChineseVariant = .simplified
    /// How quotation marks are set (`CornerQuotes`).
    public var quotes: QuoteStyle = .asWritten
    public init(family: String, weight: Int = 400, size: Double, leading: Double, color: String = "#000000",
                align: TextAlign = .justify, indent: Double = 0, kinsoku: KinsokuLevel = .basic,
                punctuation: PunctuationStyle = .fullWidth, hangingPunctuation: HangingPunctuation = .none,
                hanLatinSpacing: Double = 0.25, letterSpacing: Double = 0, grid: Bool = true) {
        self.family = family; self.weight = weight; self.size = size; self.leading = leading; self.color = color
        self.align = align; self.indent = indent; self.kinsoku = kinsoku; self.punctuation = punctuation
        self.hangingPunctuation = hangingPunctuation; self.hanLatinSpacing = hanLatinSpacing; self.letterSpacing = letterSpacing
        self.grid = grid
    }
}

/// A rectangle of the column grid for one article, with the shape of its parts.
public struct Slot: Hashable, Sendable {
    public var name: String
    public var column: Int          // 0-based first column
    public var columns: Int
    public var line: Int            // 0-based first grid line
    public var lines: Int
    /// Columns the headline block spans (defaults to all of the slot's).
    public var headlineColumns: Int?
    /// Photo placement inside the slot.
    public var photo: PhotoPlacement?
    /// Which headline style: lead story or secondary.
    public var headlineStyle: HeadlineRole
    /// Draw a frame around the slot (boxes, sidebars).
    public var framed: Bool
    /// Pull quote placement inside the slot (nil: the setter's default, see `FloatPlacement`).
    public var pullQuote: FloatPlacement?
    /// The whole module is set vertically, right to left (headline at the right).
    public var vertical = false
    /// The headline is set vertically down the module's last column (竖题).
    public var verticalHeadline = false
    public init(name: String, column: Int, columns: Int, line: Int, lines: Int, headlineColumns: Int? = nil,
                photo: PhotoPlacement? = nil, headlineStyle: HeadlineRole = .secondary, framed: Bool = false,
                pullQuote: FloatPlacement? = nil) {
        self.name = name; self.column = column; self.columns = columns; self.line = line; self.lines = lines
        self.headlineColumns = headlineColumns; self.photo = photo; self.headlineStyle = headlineStyle; self.framed = framed
        self.pullQuote = pullQuote
    }
}

public enum HeadlineRole: String, Hashable, Sendable { case lead, secondary }

public struct PhotoPlacement: Hashable, Sendable {
    public enum Position: String, Hashable, Sendable { case top, middle, bottom }
    public var position: Position
    public var column: Int          // offset within the slot
    public var columns: Int
    public var lines: Int           // height of picture in grid lines (caption extra)
    public init(position: Position = .top, column: Int = 0, columns: Int, lines: Int) {
        self.position = position; self.column = column; self.columns = columns; self.lines = lines
    }
}

/// A float whose height comes from its content (a pull quote): which columns of the
/// slot it spans and whether it stands at the top, middle or bottom of the module.
public struct FloatPlacement: Hashable, Sendable {
    public var position: PhotoPlacement.Position
    public var column: Int          // offset within the slot
    public var columns: Int
    public init(position: PhotoPlacement.Position = .middle, column: Int = 0, columns: Int) {
        self.position = position; self.column = column; self.columns = columns
    }

    /// Where a pull quote goes when the slot does not say: the middle of the module
    /// over its first two columns, or the top of a single column.
    public static func defaultPullQuote(slotColumns k: Int) -> FloatPlacement {
        k >= 2 ? FloatPlacement(position: .middle, column: 0, columns: min(2, k))
               : FloatPlacement(position: .top, column: 0, columns: 1)
    }
}

/// A page-wide decorative line of text (e.g. 新时代 新征程 新伟业).
public struct Banner: Hashable, Sendable {
    public var text: String
    public var column: Int
    public var columns: Int
    public var line: Int
    public var lines: Int
    public var background: String   // #rrggbb
    public var foreground: String
    public init(text: String, column: Int, columns: Int, line: Int, lines: Int, background: String = "#c8102e", foreground: String = "#ffffff") {
        self.text = text; self.column = column; self.columns = columns; self.line = line; self.lines = lines
        self.background = background; self.foreground = foreground
    }
}

public struct HeaderSpec: Hashable, Sendable {
    /// Height of the page header band above the type area, in points.
    public var height: Double
    public var rule: Double         // rule weight under the header, pt
    /// The header's right-hand line with masthead fields (`{newspaper} · {date-en} · Page {page}`);
    /// nil: the Chinese default (报名 date weekday 总第N期 第N版).
    public var info: String? = nil
    /// The staff line under it with `{editor}` and `{proofreader}`; nil: 编辑 … 校对 … (only with the default info).
    public var staff: String? = nil
    public init(height: Double, rule: Double) { self.height = height; self.rule = rule }
}

public struct FooterSpec: Hashable, Sendable {
    /// Colophon lines (address, postcode, licence, phones, printer, price).
    public var colophon: [String]
    public var rule: Double
    public init(colophon: [String], rule: Double) { self.colophon = colophon; self.rule = rule }
}

extension ChineseVariant {
    /// Traditional for a face made for Taiwan or Hong Kong (Noto Serif CJK TC,
    /// Noto Sans CJK HK…), else Simplified.
    public static func inferred(family: String) -> ChineseVariant {
        let words = family.split(separator: " ")
        return words.contains("TC") || words.contains("HK") ? .traditional : .simplified
    }
}
