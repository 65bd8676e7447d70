/// The front page's masthead (报头): the nameplate, the ears (报眼) beside it and
/// the data line under it, set in the template's header band instead of the
/// ordinary page header. Texts may hold fields filled from the issue:
///
/// | field | example |
/// |---|---|
/// | `{newspaper}` | 平顶山日报 |
/// | `{date}` `{weekday}` | 2024年1月12日 星期五 |
/// | `{lunar}` | 癸卯年腊月初二 (Foundation's Chinese calendar) |
/// | `{number}` | 17008 (总第N期) |
/// | `{pages}` | the page count |
/// | `{page}` | this page's number |
/// | `{weather}` | the issue file's `weather:` |
/// | `{date-en}` `{weekday-en}` | Friday, January 12, 2024 · Friday |
public struct Masthead: Hashable, Sendable {
    public enum Nameplate: Hashable, Sendable {
        /// A PDF page or an SVG drawing placed as vectors (absolute path, checked when
        /// the template loads; `.svg` files are SVG).
        case artwork(path: String)
        /// Set from text in a named style of the template.
        case text(String, style: TextStyle)
    }
    public enum Side: String, Hashable, Sendable, CaseIterable { case left, right }
    public enum Alignment: String, Hashable, Sendable, CaseIterable { case left, center }

    /// An ear panel beside the nameplate: a title bar and a few lines of text.
    public struct Ear: Hashable, Sendable {
        public var side: Side
        public var width: Double
        public var title: String?
        public var lines: [String]
        public init(side: Side, width: Double, title: String? = nil, lines: [String]) {
            self.side = side; self.width = width; self.title = title; self.lines = lines
        }
    }

    public var nameplate: Nameplate
    /// Height the nameplate is scaled to (artwork keeps its aspect ratio).
    public var nameplateHeight: Double
    public var alignment: Alignment
    public var ears: [Ear]
    /// The data line's items, spread across the type width between two rules.
    public var dataLine: [String]
    public var dataStyle: TextStyle
    public var earStyle: TextStyle
    public var earTitleStyle: TextStyle
    /// Colour of the heavy rule under the data line and of the ear title bars.
    public var accent: String
    /// Template line of the masthead (for errors about its fields).
    public var line: Int?
    /// Template line of the nameplate's `artwork:` (for errors about the file).
    public var artworkLine: Int? = nil

    public init(nameplate: Nameplate, nameplateHeight: Double, alignment: Alignment = .center, ears: [Ear] = [],
                dataLine: [String], dataStyle: TextStyle, earStyle: TextStyle, earTitleStyle: TextStyle,
                accent: String = "#c8102e", line: Int? = nil) {
        self.nameplate = nameplate; self.nameplateHeight = nameplateHeight; self.alignment = alignment; self.ears = ears
        self.dataLine = dataLine; self.dataStyle = dataStyle; self.earStyle = earStyle; self.earTitleStyle = earTitleStyle
        self.accent = accent; self.line = line
    }

    public static let fields = ["newspaper", "date", "weekday", "lunar", "number", "pages", "page", "weather",
                                "date-en", "weekday-en"]

    /// Every `{field}` named in the masthead's texts.
    public var fieldsUsed: Set<String> {
        var texts = dataLine + ears.flatMap { $0.lines + ($0.title.map { [$0] } ?? []) }
        if case let .text(t, _) = nameplate { texts.append(t) }
        return Set(texts.flatMap(Masthead.fields(in:)))
    }

    /// `{a}x{b}` → [a, b]
    public static func fields(in text: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return out
    }
}
