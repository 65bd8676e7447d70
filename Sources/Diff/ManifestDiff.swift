import Foundation

/// One structural difference, in words, tied to the (new) page it is on.
public struct ManifestDifference: Sendable, Equatable, CustomStringConvertible {
    public var page: Int
    public var message: String
    public var description: String { message }
}

public struct ManifestDiffResult: Sendable {
    public var oldPath: String
    public var newPath: String
    /// Page numbers present in either manifest.
    public var pageCount: Int
    public var differences: [ManifestDifference]
    public var isEqual: Bool { differences.isEmpty }

    public var summaryLines: [String] {
        let pages = Set(differences.map(\.page)).count
        let n = differences.count
        let last = n == 0 ? pagesDiffer(0, pageCount) : "\(n) difference\(n == 1 ? "" : "s"); " + pagesDiffer(pages, pageCount)
        return differences.map(\.message) + [last]
    }
}

/// Compares two layout manifests and says what changed the way a make-up editor
/// would: articles that moved or changed size or copyfit, lines that re-broke
/// ("01-economy, column 2, line 14: break now after 示范区 (was after 建设)"), and
/// glyphs that shifted within an otherwise identical line.
///
/// Positions are compared relative to the enclosing frame (a line to its article, a
/// glyph to its line) so that one moved article is one difference, not hundreds.
public enum ManifestDiff {
    /// Line-level differences listed per article (or per page's furniture) before the
    /// rest is only counted: one early re-break cascades through every later line.
    public static let maxLineMessagesPerOwner = 20

    public static func compare(old oldPath: String, new newPath: String, tolerance: Double = 0.5) throws -> ManifestDiffResult {
        guard tolerance.isFinite, tolerance >= 0 else { throw DiffError("--tolerance-pt must be a non-negative number of points") }
        let old = try Manifest.read(oldPath), new = try Manifest.read(newPath)
        let pages = Set(old.pages.map(\.number)).union(new.pages.map(\.number)).count
        return ManifestDiffResult(oldPath: oldPath, newPath: newPath, pageCount: pages,
                                  differences: compare(old, new, tolerance: tolerance,
                                                       oldName: (oldPath as NSString).lastPathComponent,
                                                       newName: (newPath as NSString).lastPathComponent))
    }

    public static func compare(_ old: Manifest, _ new: Manifest, tolerance: Double = 0.5,
                               oldName: String = "old", newName: String = "new") -> [ManifestDifference] {
        var out: [ManifestDifference] = []
        comparePages(old, new, tolerance, oldName, newName, &out)
        compareArticles(old, new, tolerance, &out)
        compareLines(old, new, tolerance, &out)
        compareBoxes(old, new, tolerance, &out)
        return out
    }

    // MARK: Pages

    private static func comparePages(_ old: Manifest, _ new: Manifest, _ tol: Double, _ oldName: String, _ newName: String,
                                     _ out: inout [ManifestDifference]) {
        let o = Dictionary(old.pages.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        let n = Dictionary(new.pages.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        for number in Set(o.keys).union(n.keys).sorted() {
            switch (o[number], n[number]) {
            case (_?, nil): out.append(.init(page: number, message: "page \(number): only in \(oldName)"))
            case (nil, _?): out.append(.init(page: number, message: "page \(number): only in \(newName)"))
            case let (a?, b?):
                if abs(a.width - b.width) > tol || abs(a.height - b.height) > tol {
                    out.append(.init(page: number, message: "page \(number): size \(pt(a.width))×\(pt(a.height)) → \(pt(b.width))×\(pt(b.height)) pt"))
                }
            default: break
            }
        }
    }

    // MARK: Articles

    private struct PlacedArticle { var page: Int; var a: Manifest.Article }

    private static func articles(_ m: Manifest) -> (order: [String], byID: [String: PlacedArticle]) {
        var order: [String] = [], byID: [String: PlacedArticle] = [:]
        for p in m.pages {
            for a in p.articles where byID[a.id] == nil {
                order.append(a.id)
                byID[a.id] = PlacedArticle(page: p.number, a: a)
            }
        }
        return (order, byID)
    }

    private static func compareArticles(_ old: Manifest, _ new: Manifest, _ tol: Double, _ out: inout [ManifestDifference]) {
        let (oldOrder, o) = articles(old), (newOrder, n) = articles(new)
        for id in oldOrder {
            let a = o[id]!
            guard let b = n[id] else {
                out.append(.init(page: a.page, message: "article \(id) removed (was on page \(a.page))"))
                continue
            }
            let from = "\(pt(a.a.x)),\(pt(a.a.y))", to = "\(pt(b.a.x)),\(pt(b.a.y))"
            if a.page != b.page {
                out.append(.init(page: b.page, message: "article \(id) moved from page \(a.page) to page \(b.page) (\(from) → \(to) pt)"))
            } else if let dir = direction(b.a.x - a.a.x, b.a.y - a.a.y, tol) {
                out.append(.init(page: b.page, message: "article \(id) moved \(dir) on page \(b.page) (\(from) → \(to) pt)"))
            }
            if abs(a.a.width - b.a.width) > tol || abs(a.a.height - b.a.height) > tol {
                out.append(.init(page: b.page, message: "article \(id) resized: \(pt(a.a.width))×\(pt(a.a.height)) → \(pt(b.a.width))×\(pt(b.a.height)) pt"))
            }
            if a.a.slot != b.a.slot {
                out.append(.init(page: b.page, message: "article \(id): slot \(a.a.slot ?? "none") → \(b.a.slot ?? "none")"))
            }
            let fa = copyfit(a.a), fb = copyfit(b.a)
            if fa != fb {
                out.append(.init(page: b.page, message: "article \(id): copyfit \(fa) → \(fb)"))
            }
        }
        for id in newOrder where o[id] == nil {
            out.append(.init(page: n[id]!.page, message: "article \(id) added on page \(n[id]!.page)"))
        }
    }

    private static func copyfit(_ a: Manifest.Article) -> String {
        switch a.status {
        case "overset"?: return "overset by \(a.oversetCharacters ?? 0) characters (\(a.oversetLines ?? 0) lines)"
        case "underset"?: return "underset by \(a.undersetLines ?? 0) lines"
        case let s?: return s
        case nil: return "unknown"
        }
    }

    // MARK: Lines

    /// A line with the identity it is matched by and the name it is reported under.
    private struct KeyedLine {
        var key: String
        var owner: String
        var label: String
        var page: Int
        var line: Manifest.Line
        /// Origin of the enclosing article frame on this page (page origin when none).
        var frameX: Double
        var frameY: Double
    }

    /// Lines keyed by article, role, column, line number and which of the article's
    /// pages they are on (its first page, its jump page…), so that an article moved
    /// to another page still matches line for line. Furniture (no article) is keyed
    /// by page number.
    private static func keyedLines(_ m: Manifest) -> [KeyedLine] {
        var out: [KeyedLine] = []
        var articlePages: [String: [Int]] = [:]
        var seen: [String: Int] = [:]
        for p in m.pages {
            let frames = Dictionary(p.articles.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            for l in p.lines {
                var label: String, owner: String, ordinal: Int
                if let art = l.article {
                    var pages = articlePages[art, default: []]
                    if !pages.contains(p.number) { pages.append(p.number); articlePages[art] = pages }
                    ordinal = pages.firstIndex(of: p.number)!
                    owner = art
                    label = art + (l.role == "body" ? "" : " \(l.role)") + (ordinal > 0 ? " (page \(p.number))" : "")
                } else {
                    ordinal = p.number
                    owner = "page \(p.number) \(l.role)"
                    label = owner
                }
                let base = "\(l.article ?? "")|\(l.role)|\(l.column ?? 0)|\(l.line ?? 0)|\(ordinal)"
                let dup = seen[base, default: 0]
                seen[base] = dup + 1
                if let c = l.column { label += ", column \(c)" }
                if let n = l.line { label += ", line \(n)" } else if dup > 0 { label += " #\(dup + 1)" }
                let frame = l.article.flatMap { frames[$0] }
                out.append(KeyedLine(key: base + "#\(dup)", owner: owner, label: label, page: p.number, line: l,
                                     frameX: frame?.x ?? 0, frameY: frame?.y ?? 0))
            }
        }
        return out
    }

    private static func compareLines(_ old: Manifest, _ new: Manifest, _ tol: Double, _ out: inout [ManifestDifference]) {
        let o = keyedLines(old), n = keyedLines(new)
        let newByKey = Dictionary(n.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let oldKeys = Set(o.map(\.key))
        var listed: [String: Int] = [:]
        var unlisted: [(owner: String, page: Int, count: Int)] = []
        func add(_ owner: String, _ page: Int, _ message: String) {
            let k = listed[owner, default: 0]
            listed[owner] = k + 1
            if k < maxLineMessagesPerOwner {
                out.append(.init(page: page, message: message))
            } else if let i = unlisted.firstIndex(where: { $0.owner == owner }) {
                unlisted[i].count += 1
            } else {
                unlisted.append((owner, page, 1))
            }
        }
        for a in o {
            guard let b = newByKey[a.key] else {
                add(a.owner, a.page, "\(a.label): line removed (was “\(a.line.text)”)")
                continue
            }
            for m in lineChanges(a, b, tol) { add(b.owner, b.page, "\(b.label): \(m)") }
        }
        for b in n where !oldKeys.contains(b.key) {
            add(b.owner, b.page, "\(b.label): new line “\(b.line.text)”")
        }
        for u in unlisted {
            out.append(.init(page: u.page, message: "\(u.owner): \(u.count) more line change\(u.count == 1 ? "" : "s") not listed"))
        }
    }

    private static func lineChanges(_ a: KeyedLine, _ b: KeyedLine, _ tol: Double) -> [String] {
        if a.line.text != b.line.text {
            let ta = breakTail(a.line.text), tb = breakTail(b.line.text)
            return [ta == tb ? "text changed, break still after \(tb)" : "break now after \(tb) (was after \(ta))"]
        }
        var changes: [String] = []
        if let dir = direction((b.line.x - b.frameX) - (a.line.x - a.frameX), (b.line.y - b.frameY) - (a.line.y - a.frameY), tol) {
            changes.append("line moved \(dir)")
        }
        let ca = a.line.clusters, cb = b.line.clusters
        if ca.count == cb.count {
            var moved: [String] = []
            var most = 0.0
            for (x, y) in zip(ca, cb) {
                let shift = abs((y.x - b.line.x) - (x.x - a.line.x))
                if shift > tol { moved.append(y.t); most = max(most, shift) }
            }
            if !moved.isEmpty {
                let shown = moved.prefix(8).joined(separator: " ") + (moved.count > 8 ? " …" : "")
                changes.append("\(moved.count) glyph\(moved.count == 1 ? "" : "s") moved by up to \(pt(most)) pt (\(shown))")
            }
        } else {
            changes.append("glyph clusters changed (\(ca.count) → \(cb.count))")
        }
        return changes
    }

    /// The end of a line as a reader would name the break: the last word for Latin
    /// text, the last three characters for Chinese, with trailing punctuation.
    static func breakTail(_ text: String) -> String {
        let chars = Array(text.trimmingCharacters(in: .whitespaces))
        guard !chars.isEmpty else { return "(empty line)" }
        var i = chars.count
        while i > 0, chars[i - 1].isPunctuation || chars[i - 1].isSymbol { i -= 1 }
        guard i > 0 else { return String(chars) }
        var j = i
        if chars[i - 1].isASCII && (chars[i - 1].isLetter || chars[i - 1].isNumber) {
            while j > 0, !chars[j - 1].isWhitespace, i - j < 24 { j -= 1 }
        } else {
            while j > 0, !chars[j - 1].isWhitespace, i - j < 3 { j -= 1 }
        }
        return String(chars[j...])
    }

    // MARK: Boxes (photos, rules, fills)

    private static func compareBoxes(_ old: Manifest, _ new: Manifest, _ tol: Double, _ out: inout [ManifestDifference]) {
        struct KeyedBox { var key: String; var label: String; var page: Int; var box: Manifest.Box; var fx: Double; var fy: Double }
        func keyed(_ m: Manifest) -> [KeyedBox] {
            var seen: [String: Int] = [:]
            var r: [KeyedBox] = []
            for p in m.pages {
                let frames = Dictionary(p.articles.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                for b in p.boxes {
                    let base = b.article.map { "\(b.kind)|\($0)" } ?? "\(b.kind)|page \(p.number)"
                    let k = seen[base, default: 0]
                    seen[base] = k + 1
                    let label = (b.article.map { "\(b.kind) of \($0)" } ?? "page \(p.number) \(b.kind)") + (k > 0 ? " #\(k + 1)" : "")
                    let f = b.article.flatMap { frames[$0] }
                    r.append(KeyedBox(key: base + "#\(k)", label: label, page: p.number, box: b, fx: f?.x ?? 0, fy: f?.y ?? 0))
                }
            }
            return r
        }
        let o = keyed(old), n = keyed(new)
        let nb = Dictionary(n.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let ok = Set(o.map(\.key))
        for a in o {
            guard let b = nb[a.key] else {
                out.append(.init(page: a.page, message: "\(a.label) removed (was on page \(a.page))"))
                continue
            }
            if let dir = direction((b.box.x - b.fx) - (a.box.x - a.fx), (b.box.y - b.fy) - (a.box.y - a.fy), tol) {
                out.append(.init(page: b.page, message: "\(b.label) moved \(dir) (\(pt(a.box.x)),\(pt(a.box.y)) → \(pt(b.box.x)),\(pt(b.box.y)) pt)"))
            }
            if abs(a.box.width - b.box.width) > tol || abs(a.box.height - b.box.height) > tol {
                out.append(.init(page: b.page, message: "\(b.label) resized: \(pt(a.box.width))×\(pt(a.box.height)) → \(pt(b.box.width))×\(pt(b.box.height)) pt"))
            }
        }
        for b in n where !ok.contains(b.key) {
            out.append(.init(page: b.page, message: "\(b.label) added on page \(b.page)"))
        }
    }

    // MARK: Wording

    /// "30.0 pt down and 5.0 pt right", or nil when both are within tolerance.
    static func direction(_ dx: Double, _ dy: Double, _ tol: Double) -> String? {
        var parts: [String] = []
        if abs(dy) > tol { parts.append("\(pt(abs(dy))) pt \(dy > 0 ? "down" : "up")") }
        if abs(dx) > tol { parts.append("\(pt(abs(dx))) pt \(dx > 0 ? "right" : "left")") }
        return parts.isEmpty ? nil : parts.joined(separator: " and ")
    }

    static func pt(_ v: Double) -> String { String(format: "%.1f", v) }
}

extension ManifestDiff {
    /// `summary.txt` in `dir`: what `--report` gives for manifests, so a CI job can
    /// upload the same artefact directory whatever it compares.
    public static func writeReport(_ r: ManifestDiffResult, to dir: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try (r.summaryLines.joined(separator: "\n") + "\n").write(toFile: dir + "/summary.txt", atomically: true, encoding: .utf8)
        } catch {
            throw DiffError("\(dir): cannot write report (\(error.localizedDescription))")
        }
    }
}
