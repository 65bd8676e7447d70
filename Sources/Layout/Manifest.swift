import Foundation
import Interop

/// The layout manifest: every page, article frame, box and line with its position.
/// A text form of the layout that structural diffs and exact tests read.
public struct LayoutManifest: Codable, Sendable {
    /// A cluster's place on the page. In a horizontal line `x` is its left edge and
    /// `w` its advance; in a vertical line (竖排) `x` is the column's centre, `y` the
    /// cluster's top and `w` its advance down the line.
    public struct Cluster: Codable, Sendable {
        public var t: String
        public var x: Double
        /// Vertical lines only (absent from horizontal ones).
        public var y: Double?
        public var w: Double
    }
    public struct Line: Codable, Sendable {
        public var article: String?
        public var role: String
        public var column: Int?
        public var line: Int?
        public var x: Double, y: Double, width: Double
        public var text: String
        /// Per-glyph positions; left out of compact manifests (golden files).
        public var clusters: [Cluster]?
    }
    public struct ArticleFrame: Codable, Sendable {
        public var id: String, slot: String
        public var x: Double, y: Double, width: Double, height: Double
        public var status: String
        public var oversetCharacters: Int, oversetLines: Int, undersetLines: Int
    }
    public struct Box: Codable, Sendable {
        public var kind: String
        public var article: String?
        public var x: Double, y: Double, width: Double, height: Double
    }
    public struct Page: Codable, Sendable {
        public var number: Int
        public var width: Double, height: Double
        public var articles: [ArticleFrame]
        public var lines: [Line]
        public var boxes: [Box]
    }
    public var issue: String
    public var date: String
    public var pages: [Page]
    /// Cross-page references (`{page:ID}`) and the pages they resolved to; absent when there are none.
    public var references: [CrossReference]?

    /// - Parameter glyphs: include every cluster's position (full detail) or only lines.
    public init(issue: String, date: String, pages: [LaidOutPage], glyphs: Bool = true, references: [CrossReference] = []) {
        self.issue = issue
        self.references = references.isEmpty ? nil : references
        self.date = date
        func r(_ v: Double) -> Double { (v * 100).rounded() / 100 }
        self.pages = pages.map { p in
            var lines: [Line] = []
            var boxes: [Box] = []
            for e in p.elements {
                switch e {
                case let .text(l):
                    lines.append(Line(article: l.articleID, role: l.role.rawValue, column: l.column, line: l.lineInColumn,
                                      x: r(l.origin.x), y: r(l.origin.y), width: r(l.line.measure), text: l.line.text,
                                      clusters: glyphs ? l.line.clusters.map { c in
                                          l.line.vertical ? Cluster(t: c.text, x: r(l.origin.x), y: r(l.origin.y + c.x), w: r(c.width))
                                                          : Cluster(t: c.text, x: r(l.origin.x + c.x), w: r(c.width))
                                      } : nil))
                case let .image(i):
                    boxes.append(Box(kind: "photo", article: i.articleID, x: r(i.frame.x), y: r(i.frame.y), width: r(i.frame.width), height: r(i.frame.height)))
                case let .artwork(_, rect):
                    boxes.append(Box(kind: p.nameplates.contains(rect) ? "nameplate" : "ad", article: nil, x: r(rect.x), y: r(rect.y), width: r(rect.width), height: r(rect.height)))
                case let .fill(rect, _):
                    boxes.append(Box(kind: "fill", article: nil, x: r(rect.x), y: r(rect.y), width: r(rect.width), height: r(rect.height)))
                case let .frame(rect, _, _):
                    boxes.append(Box(kind: "frame", article: nil, x: r(rect.x), y: r(rect.y), width: r(rect.width), height: r(rect.height)))
                case let .rule(a, b, _, _):
                    boxes.append(Box(kind: "rule", article: nil, x: r(a.x), y: r(a.y), width: r(b.x - a.x), height: r(b.y - a.y)))
                }
            }
            let arts = p.copyfit.map { c in
                ArticleFrame(id: c.articleID, slot: c.slot, x: r(c.frame.x), y: r(c.frame.y), width: r(c.frame.width), height: r(c.frame.height),
                             status: c.status.rawValue, oversetCharacters: c.oversetCharacters, oversetLines: c.oversetLines, undersetLines: c.undersetLines)
            }
            return Page(number: p.number, width: r(p.size.width), height: r(p.size.height), articles: arts, lines: lines, boxes: boxes)
        }
    }

    public func json() throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try enc.encode(self)
    }
}

/// The copyfit report: a table for editors, JSON for tools.
public struct CopyfitReport: Codable, Sendable {
    public var entries: [CopyfitEntry]
    public init(pages: [LaidOutPage]) { entries = pages.flatMap(\.copyfit) }

    public var hasOverset: Bool { entries.contains { $0.status == .overset } }

    /// One row per article: page, slot, article, status in words.
    public var table: String {
        var rows = [["page", "slot", "article", "copyfit"]]
        for e in entries {
            let status: String
            switch e.status {
            case .fits: status = "fits"
            case .overset: status = "OVERSET by \(e.oversetCharacters) characters (\(e.oversetLines) lines)"
            case .underset: status = "underset by \(e.undersetLines) lines"
            }
            rows.append(["\(e.page)", e.slot, e.articleID, status])
        }
        let widths = (0..<4).map { i in rows.map { $0[i].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { i, s in i == 3 ? s : s.padding(toLength: widths[i], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    public func json() throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try enc.encode(self)
    }
}
