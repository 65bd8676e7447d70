import Foundation

/// One structural difference, in words, tied to the (new) page it is on.
public struct ManifestDifference: Sendable, Equatable, CustomStringConvertible {
    public var page: Int
    public var message: String
    /// Every page the difference concerns, `page` first. More than one only for the
    /// count of unlisted line changes, which can span an article's pages; the summary's
    /// page count reads this so that no differing page goes uncounted.
    public var pages: [Int]
    public var description: String { message }

    public init(page: Int, message: String, pages: [Int]? = nil) {
        self.page = page
        self.message = message
        self.pages = pages ?? [page]
    }
}

public struct ManifestDiffResult: Sendable {
    public var oldPath: String
    public var newPath: String
    /// Page numbers present in either manifest.
    public var pageCount: Int
    public var differences: [ManifestDifference]
    public var isEqual: Bool { differences.isEmpty }

    public var summaryLines: [String] {
        let pages = Set(differences.flatMap(\.pages)).sorted()
        let n = differences.count
        // Name the pages when only some differ: line messages name article and column,
        // not the page, and the demo issue's first page is page 3, not the PDF's page 1.
        let which = pages.isEmpty || pages.count == pageCount || pages.count > 10 ? "" : " (\(ManifestDiff.pageList(pages)))"
        let last = n == 0 ? pagesDiffer(0, pageCount) : "\(n) difference\(n == 1 ? "" : "s"); " + pagesDiffer(pages.count, pageCount) + which
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
                if let size = resized(a.width, a.height, b.width, b.height, tol) {
                    out.append(.init(page: number, message: "page \(number): size \(size)"))
                }
            default: break
            }
        }
    }

    // MARK: Matching

    /// One item of the old manifest paired with the new one by key.
    private enum Match<T> { case removed(T), kept(T, T), added(T) }

    /// Pairs items by key: old order first (removed or kept), then the items only in
    /// new, in new order. The first item wins when a key repeats. Articles, lines and
    /// boxes are all compared this way, so each reports in a stable reading order.
    private static func match<T>(_ old: [T], _ new: [T], key: (T) -> String) -> [Match<T>] {
        var newByKey: [String: T] = [:]
        newByKey.reserveCapacity(new.count)
        for b in new { let k = key(b); if newByKey[k] == nil { newByKey[k] = b } }
        var oldKeys = Set<String>()
        oldKeys.reserveCapacity(old.count)
        var out: [Match<T>] = []
        for a in old {
            let k = key(a)
            guard oldKeys.insert(k).inserted else { continue }
            out.append(newByKey[k].map { .kept(a, $0) } ?? .removed(a))
        }
        var added = Set<String>()
        for b in new {
            let k = key(b)
            if !oldKeys.contains(k), added.insert(k).inserted { out.append(.added(b)) }
        }
        return out
    }

    /// Article frames of one page by id: lines and boxes are placed relative to them.
    private static func frames(_ p: Manifest.Page) -> [String: Manifest.Article] {
        Dictionary(p.articles.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: Articles

    private struct PlacedArticle { var page: Int; var a: Manifest.Article }

    private static func compareArticles(_ old: Manifest, _ new: Manifest, _ tol: Double, _ out: inout [ManifestDifference]) {
        func placed(_ m: Manifest) -> [PlacedArticle] { m.pages.flatMap { p in p.articles.map { PlacedArticle(page: p.number, a: $0) } } }
        for m in match(placed(old), placed(new), key: \.a.id) {
            switch m {
            case let .removed(a):
                out.append(.init(page: a.page, message: "article \(a.a.id) removed (was on page \(a.page))"))
            case let .added(b):
                out.append(.init(page: b.page, message: "article \(b.a.id) added on page \(b.page)"))
            case let .kept(a, b):
                let id = a.a.id
                let from = "\(pt(a.a.x)),\(pt(a.a.y))", to = "\(pt(b.a.x)),\(pt(b.a.y))"
                if a.page != b.page {
                    out.append(.init(page: b.page, message: "article \(id) moved from page \(a.page) to page \(b.page) (\(from) → \(to) pt)"))
                } else if let dir = direction(b.a.x - a.a.x, b.a.y - a.a.y, tol) {
                    out.append(.init(page: b.page, message: "article \(id) moved \(dir) on page \(b.page) (\(from) → \(to) pt)"))
                }
                if let size = resized(a.a.width, a.a.height, b.a.width, b.a.height, tol) {
                    out.append(.init(page: b.page, message: "article \(id) resized: \(size)"))
                }
                if a.a.slot != b.a.slot {
                    out.append(.init(page: b.page, message: "article \(id): slot \(a.a.slot ?? "none") → \(b.a.slot ?? "none")"))
                }
                let fa = copyfit(a.a), fb = copyfit(b.a)
                if fa != fb {
                    out.append(.init(page: b.page, message: "article \(id): copyfit \(fa) → \(fb)"))
                }
            }
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
            let frames = frames(p)
            for l in p.lines {
                var label: String, owner: String, ordinal: Int
                if let art = l.article {
                    var pages = articlePages[art, default: []]
                    if !pages.contains(p.number) { pages.append(p.number); articlePages[art] = pages }
                    ordinal = pages.firstIndex(of: p.number)!
                    owner = art
                    label = art + (l.role == "body" ? "" : " \(roleName(l.role))") + (ordinal > 0 ? " (page \(p.number))" : "")
                } else {
                    ordinal = p.number
                    owner = "page \(p.number) \(roleName(l.role))"
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
        // Per owner (article, or a page's furniture): changes so far, and the count and
        // pages of those beyond the listing limit. The pages are kept because an
        // article's later changes can be on other pages than its first listed ones,
        // and every page with a change must count in the summary.
        var listed: [String: Int] = [:]
        var unlisted: [(owner: String, count: Int, pages: Set<Int>)] = []
        var unlistedIndex: [String: Int] = [:]
        func add(_ owner: String, _ page: Int, _ message: String) {
            let k = listed[owner, default: 0]
            listed[owner] = k + 1
            if k < maxLineMessagesPerOwner {
                out.append(.init(page: page, message: message))
            } else if let i = unlistedIndex[owner] {
                unlisted[i].count += 1
                unlisted[i].pages.insert(page)
            } else {
                unlistedIndex[owner] = unlisted.count
                unlisted.append((owner, 1, [page]))
            }
        }
        for m in match(keyedLines(old), keyedLines(new), key: \.key) {
            switch m {
            case let .removed(a): add(a.owner, a.page, "\(a.label): line removed (was “\(a.line.text)”)")
            case let .added(b): add(b.owner, b.page, "\(b.label): new line “\(b.line.text)”")
            case let .kept(a, b): for c in lineChanges(a, b, tol) { add(b.owner, b.page, "\(b.label): \(c)") }
            }
        }
        for u in unlisted {
            let pages = u.pages.sorted()
            // Furniture owners already name their page; an article's may be several.
            let on = u.owner.hasPrefix("page ") ? "" : " (" + pageList(pages) + ")"
            out.append(.init(page: pages[0], message: "\(u.owner): \(u.count) more line change\(u.count == 1 ? "" : "s") not listed\(on)",
                             pages: pages))
        }
    }

    private static func lineChanges(_ a: KeyedLine, _ b: KeyedLine, _ tol: Double) -> [String] {
        if a.line.text != b.line.text {
            let ta = breakTail(a.line.text), tb = breakTail(b.line.text)
            return [ta == tb ? "text changed: \(changedSpan(a.line.text, b.line.text)), break still after \(tb)"
                             : "break now after \(tb) (was after \(ta))"]
        }
        var changes: [String] = []
        if let dir = direction((b.line.x - b.frameX) - (a.line.x - a.frameX), (b.line.y - b.frameY) - (a.line.y - a.frameY), tol) {
            changes.append("line moved \(dir)")
        }
        // Glyphs are compared only when both manifests have them: a lines-only manifest
        // (a golden file) against a full one says nothing about glyph positions.
        guard let ca = a.line.clusters, let cb = b.line.clusters else { return changes }
        if ca.count == cb.count {
            var moved: [String] = []
            var most = 0.0
            for (x, y) in zip(ca, cb) {
                // Along the line: down the page in a vertical line, across in a horizontal one.
                let shift = y.y != nil || x.y != nil
                    ? hypot((y.x - b.line.x) - (x.x - a.line.x), ((y.y ?? y.x) - b.line.y) - ((x.y ?? x.x) - a.line.y))
                    : abs((y.x - b.line.x) - (x.x - a.line.x))
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

    /// What changed within a line that kept its break, as “old” → “new”: the characters
    /// between the common start and end (whole words in Latin text), at most 16 each.
    /// The break alone does not say what changed when one character was corrected.
    static func changedSpan(_ a: String, _ b: String) -> String {
        let x = Array(a), y = Array(b)
        var p = 0
        while p < x.count, p < y.count, x[p] == y[p] { p += 1 }
        var s = 0
        while s < x.count - p, s < y.count - p, x[x.count - 1 - s] == y[y.count - 1 - s] { s += 1 }
        func wordChar(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }
        // The common start and end are the same in both lines, so widening is too.
        while p > 0, wordChar(x[p - 1]) { p -= 1 }
        while s > 0, wordChar(x[x.count - s]) { s -= 1 }
        func part(_ c: [Character], _ r: Range<Int>) -> String {
            "“" + (r.count > 16 ? String(c[r].prefix(15)) + "…" : String(c[r])) + "”"
        }
        return part(x, p..<(x.count - s)) + " → " + part(y, p..<(y.count - s))
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

    // MARK: Boxes (photos, ads, fills, frames, rules)

    private struct KeyedBox { var key: String; var label: String; var page: Int; var box: Manifest.Box; var fx: Double; var fy: Double }

    private static func keyedBoxes(_ m: Manifest) -> [KeyedBox] {
        var seen: [String: Int] = [:]
        var r: [KeyedBox] = []
        for p in m.pages {
            let frames = frames(p)
            for b in p.boxes {
                let base = b.article.map { "\(b.kind)|\($0)" } ?? "\(b.kind)|page \(p.number)"
                let k = seen[base, default: 0]
                seen[base] = k + 1
                let label = boxName(b.kind, article: b.article, page: p.number) + (k > 0 ? " #\(k + 1)" : "")
                let f = b.article.flatMap { frames[$0] }
                r.append(KeyedBox(key: base + "#\(k)", label: label, page: p.number, box: b, fx: f?.x ?? 0, fy: f?.y ?? 0))
            }
        }
        return r
    }

    private static func compareBoxes(_ old: Manifest, _ new: Manifest, _ tol: Double, _ out: inout [ManifestDifference]) {
        for m in match(keyedBoxes(old), keyedBoxes(new), key: \.key) {
            switch m {
            case let .removed(a):
                // A page's own box already names its page in its label.
                out.append(.init(page: a.page, message: "\(a.label) removed" + (a.box.article == nil ? "" : " (was on page \(a.page))")))
            case let .added(b):
                out.append(.init(page: b.page, message: "\(b.label) added" + (b.box.article == nil ? "" : " on page \(b.page)")))
            case let .kept(a, b):
                if let dir = direction((b.box.x - b.fx) - (a.box.x - a.fx), (b.box.y - b.fy) - (a.box.y - a.fy), tol) {
                    out.append(.init(page: b.page, message: "\(b.label) moved \(dir) (\(pt(a.box.x)),\(pt(a.box.y)) → \(pt(b.box.x)),\(pt(b.box.y)) pt)"))
                }
                if let size = resized(a.box.width, a.box.height, b.box.width, b.box.height, tol) {
                    out.append(.init(page: b.page, message: "\(b.label) resized: \(size)"))
                }
            }
        }
    }

    // MARK: Wording

    /// A line role as an editor says it: "pull quote", not "pullQuote".
    static func roleName(_ role: String) -> String {
        switch role {
        case "inBodySubhead": return "in-body subhead"
        case "jump": return "jump line"
        default: return words(role)
        }
    }

    /// A box as an editor says it: "photo of 02-culture", "ad in slot front-right"
    /// (the layout engine ties an ad image to the pseudo-article "ad:SLOT"),
    /// "page 3 colour fill" (a banner's background), "page 1 nameplate" (the
    /// masthead's artwork; kinds: photo, ad, nameplate, fill, frame, rule).
    static func boxName(_ kind: String, article: String?, page: Int) -> String {
        let what = kind == "fill" ? "colour fill" : words(kind)
        guard let article else { return "page \(page) \(what)" }
        if article.hasPrefix("ad:") { return "ad in slot \(article.dropFirst(3))" + (kind == "photo" ? "" : " \(what)") }
        return "\(what) of \(article)"
    }

    /// camelCase to lower-case words, for roles and kinds a newer writer may add.
    private static func words(_ s: String) -> String {
        var out = ""
        for c in s {
            if c.isUppercase, !out.isEmpty { out += " " }
            out += c.lowercased()
        }
        return out
    }

    /// "page 4", "pages 4 and 5", "pages 3, 4 and 6".
    static func pageList(_ pages: [Int]) -> String {
        let n = pages.map(String.init)
        guard n.count > 1 else { return "page " + (n.first ?? "") }
        return "pages " + n.dropLast().joined(separator: ", ") + " and " + n.last!
    }

    /// "300.0×700.0 → 300.0×730.0 pt", or nil when both sides are within tolerance.
    private static func resized(_ w0: Double, _ h0: Double, _ w1: Double, _ h1: Double, _ tol: Double) -> String? {
        guard abs(w0 - w1) > tol || abs(h0 - h1) > tol else { return nil }
        return "\(pt(w0))×\(pt(h0)) → \(pt(w1))×\(pt(h1)) pt"
    }

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
