import Composer
import Foundation
import Interop
import Model

/// Lays out the pages of an issue: furniture, rules between articles, and each
/// placed article in its slot. Plain values in (model), plain values out (boxes).
public struct PageLayoutEngine {
    public let composer: Composer
    public init(composer: Composer) { self.composer = composer }

    public func layout(_ issue: Issue) throws -> [LaidOutPage] {
        try layout(issue, cache: nil)
    }

    /// - Parameter cache: pages laid out before (watch mode): a page whose inputs are all
    ///   unchanged — its template, articles, the files they name, the jumps into it and
    ///   the issue's masthead data — is taken from the cache instead of set again.
    public func layout(_ issue: Issue, cache: PageLayoutCache?) throws -> [LaidOutPage] {
        var jumps = JumpBook(issue)
        return try issue.pages.map { page in
            guard let cache else { return try layout(page: page, of: issue, jumps: &jumps) }
            let key = PageLayoutCache.Key(page: page, issue: issue, jumps: jumps, fallback: composer.fallbackFamilies)
            if let hit = cache.entry(for: key) {
                for r in hit.records { jumps.record(r.id, page: page.number, stoppedAt: r.stoppedAt, continues: r.continues) }
                return hit.page
            }
            var recorded: [PageLayoutCache.Record] = []
            let laidOut = try layout(page: page, of: issue, jumps: &jumps, recorded: &recorded)
            cache.store(.init(page: laidOut, records: recorded), for: key)
            return laidOut
        }
    }

    /// Lays out the pages in order and hands each to `each` as soon as it is done, so
    /// a writer can draw page 1 while page 2 is being set.
    public func layout(_ issue: Issue, each: (LaidOutPage) throws -> Void) throws {
        var jumps = JumpBook(issue)
        for page in issue.pages { try each(layout(page: page, of: issue, jumps: &jumps)) }
    }

    /// One page on its own (a story continued from an earlier page starts from its beginning).
    public func layout(page: IssuePage, of issue: Issue) throws -> LaidOutPage {
        var jumps = JumpBook(issue)
        return try layout(page: page, of: issue, jumps: &jumps)
    }

    func layout(page: IssuePage, of issue: Issue, jumps: inout JumpBook) throws -> LaidOutPage {
        var recorded: [PageLayoutCache.Record] = []
        return try layout(page: page, of: issue, jumps: &jumps, recorded: &recorded)
    }

    func layout(page: IssuePage, of issue: Issue, jumps: inout JumpBook,
                recorded: inout [PageLayoutCache.Record]) throws -> LaidOutPage {
        let template = page.template
        let grid = PageGrid(template)
        var elements: [PageElement] = []
        let furniture = PageFurniture(composer: composer, grid: grid)
        elements += try furniture.elements(.init(newspaper: issue.newspaper, date: issue.date, issueNumber: issue.number, page: page,
                                                 pageCount: issue.pages.count, weather: issue.weather, ears: issue.ears))
        // The furniture's only artwork is the masthead's nameplate (ads come with the slots).
        let nameplates = elements.compactMap { e -> Rect? in if case let .artwork(_, frame) = e { return frame } else { return nil } }
        // Column rules run between open modules only: boxes and ads carry their own frame.
        let boxed = Set(page.placements.filter { issue.articles[$0.value]?.boxed == true }.keys)
        let open = Set(page.placements.keys).subtracting(boxed)
        elements += rulesBetweenSlots(template, grid: grid, used: open)

        var copyfit: [CopyfitEntry] = []
        let setter = ArticleSetter(composer: composer, grid: grid)
        // Slots in template order, so output (and the PDF) is deterministic.
        for slot in template.slots {
            if let ad = page.ads[slot.name] {
                elements += try adElements(ad, slot: slot, grid: grid, issue: issue)
                continue
            }
            guard let id = page.placements[slot.name] else { continue }
            guard let article = issue.articles[id] else {
                throw LayoutError.template(path: issue.sourcePath, message: "page \(page.number): slot '\(slot.name)' names unknown article '\(id)'")
            }
            let jump = jumps.jump(for: id, on: page.number)
            let r = try setter.set(article, in: slot, page: page.number, jump: jump)
            jumps.record(id, page: page.number, stoppedAt: r.stoppedAt, continues: r.copyfit.continuesOnPage != nil)
            recorded.append(.init(id: id, stoppedAt: r.stoppedAt, continues: r.copyfit.continuesOnPage != nil))
            elements += r.elements
            copyfit.append(r.copyfit)
        }
        return LaidOutPage(number: page.number, size: Size(width: template.trimWidth, height: template.trimHeight),
                           elements: elements, copyfit: copyfit, nameplates: nameplates)
    }

    /// An advertisement fills its slot (less a quarter line top and bottom), framed by a hairline.
    func adElements(_ path: String, slot: Slot, grid: PageGrid, issue: Issue) throws -> [PageElement] {
        let r = grid.rect(column: slot.column, columns: slot.columns, line: slot.line, lines: slot.lines)
            .insetBy(dx: 0, dy: grid.pitch * 0.25)
        if path.lowercased().hasSuffix(".pdf") {
            do { _ = try PDFDocument(path: path).pageSize(0) } catch {
                throw LayoutError.template(path: issue.sourcePath, message: "ad for slot '\(slot.name)': \(error)")
            }
            return [.artwork(path: path, frame: r), .frame(r, width: 0.4, .black)]
        }
        do {
            return [.image(PlacedImage(image: try ImageFile(path: path), frame: r, articleID: "ad:\(slot.name)")), .frame(r, width: 0.4, .black)]
        } catch {
            throw LayoutError.template(path: issue.sourcePath, message: "ad for slot '\(slot.name)': \(error)")
        }
    }

    /// Hairline column rules in the gutter between neighbouring slots, and a rule
    /// across the half grid line that separates a slot from the one below it.
    func rulesBetweenSlots(_ t: PageTemplate, grid: PageGrid, used: Set<String>) -> [PageElement] {
        var out: [PageElement] = []
        let slots = t.slots.filter { used.contains($0.name) && !$0.framed }
        for s in slots {
            let r = grid.rect(column: s.column, columns: s.columns, line: s.line, lines: s.lines)
            if s.column + s.columns < t.columns {
                let x = r.maxX + t.gutter / 2
                let neighbours = slots.filter { $0.column == s.column + s.columns && $0.line < s.line + s.lines && s.line < $0.line + $0.lines }
                if !neighbours.isEmpty {
                    out.append(.rule(from: Point(x: x, y: r.y + grid.pitch * 0.5), to: Point(x: x, y: r.maxY - grid.pitch * 0.25), width: 0.5, .black))
                }
            }
            if s.line + s.lines < grid.lineCount {
                let below = slots.contains { $0.line == s.line + s.lines && $0.column < s.column + s.columns && s.column < $0.column + $0.columns }
                if below {
                    let y = r.maxY + grid.pitch * 0.25
                    out.append(.rule(from: Point(x: r.x, y: y), to: Point(x: r.maxX, y: y), width: 0.5, .black))
                }
            }
        }
        return out
    }
}

/// Where each story that runs over several pages stands: the page it jumps to next
/// and where its text resumes.
struct JumpBook: Sendable {
    /// Article id → the page numbers it is placed on, in issue order.
    private var pagesOf: [String: [Int]] = [:]
    private var resume: [String: (cursor: BodyCursor, from: Int)] = [:]
    /// Stories that finished on an earlier page: their later modules stay empty.
    private var finished: Set<String> = []

    init(_ issue: Issue) {
        for page in issue.pages {
            for id in page.placements.values.sorted() { pagesOf[id, default: []].append(page.number) }
        }
    }

    func jump(for id: String, on page: Int) -> ArticleSetter.Jump {
        let pages = pagesOf[id] ?? []
        let later = pages.drop(while: { $0 != page }).dropFirst().first
        if let r = resume[id] { return .init(resumeAt: r.cursor, fromPage: r.from, toPage: later) }
        if finished.contains(id) { return .init(resumeAt: BodyCursor(block: Int.max), fromPage: nil, toPage: nil) }
        return .init(resumeAt: nil, fromPage: nil, toPage: later)
    }

    mutating func record(_ id: String, page: Int, stoppedAt: BodyCursor?, continues: Bool) {
        if continues, let c = stoppedAt { resume[id] = (c, page) } else { resume[id] = nil; finished.insert(id) }
    }
}

/// Laid-out pages kept between runs over the same issue (watch mode).
public final class PageLayoutCache: @unchecked Sendable {
    struct Record: Hashable, Sendable {
        var id: String
        var stoppedAt: BodyCursor?
        var continues: Bool
    }
    struct Entry: Sendable {
        var page: LaidOutPage
        var records: [Record]
    }
    /// Everything a page's layout reads.
    struct Key: Hashable {
        var page: IssuePage
        var articles: [Article]
        /// Each placed article's jump into this page (resume point, from and to pages).
        var jumps: [String]
        /// The masthead and header data (page count included), and the fallback fonts.
        var issueData: [String]
        /// Modification time and size of every file the page draws (photos, ads, artwork).
        var files: [String]

        init(page: IssuePage, issue: Issue, jumps: JumpBook, fallback: [String]) {
            self.page = page
            let ids = page.placements.values.sorted()
            articles = ids.compactMap { issue.articles[$0] }
            self.jumps = ids.map { id in
                let j = jumps.jump(for: id, on: page.number)
                return "\(id) \(j.resumeAt.map { "\($0.block):\($0.offset)" } ?? "-") \(j.fromPage ?? 0) \(j.toPage ?? 0)"
            }
            issueData = [issue.sourcePath, issue.newspaper, issue.date, "\(issue.number)", "\(issue.pages.count)",
                         issue.weather ?? "", issue.ears.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }.joined()]
                + fallback
            var paths = articles.flatMap { $0.photos.map(\.path) } + page.ads.values.sorted()
            if case let .artwork(path)? = page.template.masthead?.nameplate { paths.append(path) }
            files = paths.map { p in
                var st = stat()
                guard stat(p, &st) == 0 else { return p + " missing" }
                return "\(p) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec) \(st.st_size)"
            }
        }
    }
    private var entries: [Key: Entry] = [:]
    private let lock = NSLock()
    public private(set) var hits = 0
    public init() {}

    func entry(for key: Key) -> Entry? {
        lock.lock(); defer { lock.unlock() }
        guard let e = entries[key] else { return nil }
        hits += 1
        return e
    }
    func store(_ e: Entry, for key: Key) {
        lock.lock(); defer { lock.unlock() }
        // Only the latest pass matters: drop entries no longer asked for as pages change.
        if entries.count > 64 { entries.removeAll() }
        entries[key] = e
    }
}
