/// A story as the editor wrote it: front matter fields plus body blocks.
/// Plain values only; loading and validation live in `ArticleLoader`.
public struct Article: Hashable, Sendable {
    public var id: String
    /// Where it came from, for error messages and reports.
    public var sourcePath: String
    public var kicker: String?
    /// One or two lines of the main headline.
    public var headline: [String]
    public var subhead: String?
    /// Run-in dateline set before the first paragraph, e.g. 本报讯（记者张亚升）.
    public var byline: String?
    /// 1 = lead story; larger numbers are less important (used by auto-placement).
    public var priority: Int
    public var photos: [Photo]
    public var body: [Block]
    /// Convert ASCII punctuation in Chinese context to full-width (on by default).
    public var normalizePunctuation: Bool
    /// Set in a framed box (a sidebar), wherever it is placed.
    public var boxed: Bool
    /// A sentence of the body repeated large in the module (引语): a float the body
    /// wraps around. Not counted in `characterCount`, since it repeats body text.
    public var pullQuote: String?

    public init(id: String, sourcePath: String, kicker: String? = nil, headline: [String], subhead: String? = nil,
                byline: String? = nil, priority: Int = 3, photos: [Photo] = [], body: [Block] = [],
                normalizePunctuation: Bool = true, boxed: Bool = false, pullQuote: String? = nil) {
        self.boxed = boxed; self.pullQuote = pullQuote
        self.id = id; self.sourcePath = sourcePath; self.kicker = kicker; self.headline = headline
        self.subhead = subhead; self.byline = byline; self.priority = priority; self.photos = photos
        self.body = body; self.normalizePunctuation = normalizePunctuation
    }

    /// Every character the article asks to print (headline to last paragraph), for
    /// the "nothing lost" accounting.
    public var characterCount: Int {
        var n = (kicker?.count ?? 0) + headline.reduce(0) { $0 + $1.count } + (subhead?.count ?? 0) + (byline?.count ?? 0)
        for p in photos { n += p.caption.count + (p.credit?.count ?? 0) }
        for b in body { n += b.text.count }
        return n
    }
}

public struct Photo: Hashable, Sendable {
    /// Absolute path, resolved and checked to lie inside the issue folder.
    public var path: String
    public var caption: String
    public var credit: String?
    public init(path: String, caption: String, credit: String? = nil) {
        self.path = path; self.caption = caption; self.credit = credit
    }
}

public enum Emphasis: String, Hashable, Sendable, Codable {
    case regular, bold
}

/// A stretch of text with one emphasis.
public struct InlineRun: Hashable, Sendable {
    public var text: String
    public var emphasis: Emphasis
    public init(_ text: String, _ emphasis: Emphasis = .regular) { self.text = text; self.emphasis = emphasis }
}

public enum Block: Hashable, Sendable {
    /// Body paragraph; `line` is its 1-based line in the source file.
    case paragraph([InlineRun], line: Int)
    /// In-body subhead (`## ` in the source).
    case subhead(String, line: Int)

    public var text: String {
        switch self {
        case let .paragraph(runs, _): return runs.map(\.text).joined()
        case let .subhead(t, _): return t
        }
    }
}
