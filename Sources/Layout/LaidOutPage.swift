import Composer
import Interop
import Model

/// What a line of text is on the page: drives the manifest, diffs and tests.
public enum LineRole: String, Sendable, Codable {
    case body, headline, kicker, subhead, byline, caption, credit, header, footer, banner, jump, inBodySubhead
    /// A pull quote: repeats body text, so it is not part of the body accounting.
    case pullQuote
}

/// A composed line at its page position (left edge, baseline).
public struct PlacedLine: Sendable {
    public var line: ComposedLine
    public var origin: Point
    public var role: LineRole
    public var articleID: String?
    /// 1-based page column of body lines (nil for lines not on one column).
    public var column: Int?
    /// 1-based line number within the article's column.
    public var lineInColumn: Int?
    /// 0-based baseline-grid line on the page, for body lines.
    public var gridLine: Int?
}

public struct PlacedImage: Sendable {
    public var image: ImageFile
    public var frame: Rect
    public var articleID: String
}

/// Positioned boxes of one page, in drawing order.
public enum PageElement: Sendable {
    /// Artwork drawn from an SVG file (by librsvg, into the page's own content)
    /// rather than placed from a page of a PDF file as delivered.
    public static func isSVGArtwork(_ path: String) -> Bool { path.lowercased().hasSuffix(".svg") }

    case text(PlacedLine)
    case image(PlacedImage)
    /// A page of a PDF file placed as vectors (advertisements, nameplates), or an SVG
    /// drawing (an `.svg` file: nameplates) drawn as vectors.
    case artwork(path: String, frame: Rect)
    case fill(Rect, Color)
    case frame(Rect, width: Double, Color)
    case rule(from: Point, to: Point, width: Double, Color)
}

/// How an article fared in its slot: the copyfit line editors act on.
public struct CopyfitEntry: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable { case fits, overset, underset }
    public var articleID: String
    public var slot: String
    public var page: Int
    public var status: Status
    public var oversetCharacters: Int
    public var oversetLines: Int
    public var undersetLines: Int
    /// Text that did not fit (so nothing is lost silently).
    public var oversetText: String
    public var frame: Rect
    /// The story jumps to this page (its remaining text is set there, not overset).
    public var continuesOnPage: Int? = nil
    /// The story resumes here from this page.
    public var continuedFromPage: Int? = nil
    /// What the editor should know about the article's text (quotes left as written…),
    /// each naming the file and line.
    public var warnings: [String]? = nil
}

/// A position in an article's body: block index and characters into that block
/// (the run-in byline counts as part of the article's first paragraph).
public struct BodyCursor: Hashable, Sendable, Codable {
    public var block: Int
    public var offset: Int
    public init(block: Int = 0, offset: Int = 0) { self.block = block; self.offset = offset }
}

public struct LaidOutPage: Sendable {
    public var number: Int
    public var size: Size
    public var elements: [PageElement]
    public var copyfit: [CopyfitEntry]
    /// Where the masthead's nameplate artwork stands (an `.artwork` element that is
    /// the paper's nameplate, not an ad: the manifest's kind "nameplate").
    public var nameplates: [Rect] = []
    public var lines: [PlacedLine] {
        elements.compactMap { if case let .text(l) = $0 { return l } else { return nil } }
    }
}

public enum LayoutError: Error, CustomStringConvertible {
    case article(path: String, line: Int?, message: String)
    case template(path: String, message: String)
    public var description: String {
        switch self {
        case let .article(path, line, message):
            return line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)"
        case let .template(path, message): return "\(path): \(message)"
        }
    }
}
