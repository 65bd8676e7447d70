import Composer
import Foundation
import Model

/// Turns pages that ask for automatic placement (an `articles:` list, or every page
/// under `render --auto`) into ordinary pages with concrete slots, before layout.
///
/// Ad slots of the template stay where they are and are handed to the placer as
/// obstacles; a story that continues on a later page is elastic: it is sized on as
/// much of its text as the page can take, and the rest jumps.
public struct AutoPages {
    public let composer: Composer
    public init(composer: Composer) { self.composer = composer }

    public struct Outcome: Sendable {
        public var issue: Issue
        /// Page number → the placer's report (score, unused cells, time).
        public var reports: [Int: AutoPlacement]
    }

    /// - Parameter force: place every page automatically (its slotted articles become the list).
    /// - Parameter cache: placements of earlier runs (watch mode): a page whose template,
    ///   articles and jumps are unchanged is not measured and searched again.
    public func resolve(_ issue: Issue, force: Bool = false, cache: PlacementCache? = nil) throws -> Outcome {
        var out = issue
        var reports: [Int: AutoPlacement] = [:]
        for (index, page) in issue.pages.enumerated() {
            let ids = !page.autoArticles.isEmpty ? page.autoArticles
                : (force ? page.template.slots.compactMap { page.placements[$0.name] } : [])
            guard !ids.isEmpty else { continue }
            // A page that continues a story from an earlier page keeps its template
            // slots under --auto: the continuation's length is known only at layout.
            let earlier = issue.pages[..<index].flatMap { Array($0.placements.values) + $0.autoArticles }
            if page.autoArticles.isEmpty && ids.contains(where: earlier.contains) { continue }
            let laterPages = issue.pages[(index + 1)...]
            let jumping = Set(ids.filter { id in
                laterPages.contains { $0.placements.values.contains(id) || $0.autoArticles.contains(id) }
            })
            // Stories continued from an earlier page are measured on what is left of
            // them: the earlier pages are laid out to find where each one stops.
            let continuing = page.autoArticles.isEmpty ? [] : ids.filter(earlier.contains)
            var articles = issue.articles
            if !continuing.isEmpty {
                for (id, remainder) in try remainders(of: continuing, before: index, in: out) { articles[id] = remainder }
            }
            // Ads keep their template slots; the placer sees them as fixed obstacles.
            var placerTemplate = page.template
            let adSlots = page.template.slots.filter { page.ads[$0.name] != nil }
            placerTemplate.banners += adSlots.map {
                Banner(text: "", column: $0.column, columns: $0.columns, line: $0.line, lines: $0.lines)
            }
            placerTemplate.slots = []
            let key = PlacementCache.Key(page: page, articles: ids.compactMap { articles[$0] }, jumping: jumping)
            if let cached = cache?.placement(for: key) {
                out.pages[index] = AutoPages.apply(cached, to: page, adSlots: adSlots)
                reports[page.number] = cached
                continue
            }
            var placer = AutoPlacer(measurer: ArticleMeasurer(composer: composer, template: placerTemplate), elastic: jumping,
                                    continuing: Set(continuing))
            // Stories the template sets vertically (or framed) keep that setting when placed.
            for slot in page.template.slots {
                guard let id = page.placements[slot.name], ModuleMode(slot) != ModuleMode() else { continue }
                placer.modes[id] = ModuleMode(slot)
            }
            // … and so are the stories the page's `set:` names.
            for (id, setting) in page.moduleSettings { placer.modes[id] = ModuleMode(setting) }
            func place(share: Double) throws -> AutoPlacement {
                try placer.place(ids.compactMap { id in
                    guard var a = articles[id] else { return nil }
                    if jumping.contains(id) { a.body = AutoPages.firstPart(of: a.body, share: share) }
                    return a
                })
            }
            let placement: AutoPlacement
            if jumping.isEmpty {
                placement = try place(share: 1)
            } else {
                // A jumping story is elastic: it gets as much of the page as the other
                // stories leave, the rest continues on the later page. Search the
                // largest share of its text that still places.
                var best = try place(share: 0.05)
                var lo = 0.05, hi = 1.0
                for _ in 0..<6 {
                    let mid = (lo + hi) / 2
                    if let p = try? place(share: mid) { best = p; lo = mid } else { hi = mid }
                }
                placement = best
            }
            cache?.store(placement, for: key)
            out.pages[index] = AutoPages.apply(placement, to: page, adSlots: adSlots)
            reports[page.number] = placement
        }
        return Outcome(issue: out, reports: reports)
    }

    /// What remains of each continued story after the earlier pages: the earlier pages
    /// (already resolved) are laid out with this page marked as where the stories go
    /// on, and each story is cut where its text stopped. The remainder keeps the
    /// headline (a continuation repeats it) and starts with the jump-from line;
    /// kicker, subhead, photos and pull quote stay with the first part.
    func remainders(of ids: [String], before index: Int, in issue: Issue) throws -> [String: Article] {
        var trial = issue
        trial.pages = Array(issue.pages[...index])
        for id in ids { trial.pages[index].placements["continued:\(id)"] = id }
        var jumps = JumpBook(trial)
        let engine = PageLayoutEngine(composer: composer)
        for p in trial.pages[..<index] { _ = try engine.layout(page: p, of: trial, jumps: &jumps) }
        let page = issue.pages[index]
        var out: [String: Article] = [:]
        for id in ids {
            guard var a = issue.articles[id] else { continue }
            let jump = jumps.jump(for: id, on: page.number)
            guard let cursor = jump.resumeAt else { continue }
            var body: [Block] = []
            for (i, block) in a.body.enumerated() where i >= cursor.block {
                guard i == cursor.block, cursor.offset > 0 else { body.append(block); continue }
                guard case let .paragraph(runs, line) = block else { continue }
                // Offsets count the run-in byline as part of the first paragraph.
                let first = a.body.firstIndex { if case .paragraph = $0 { return true } else { return false } }
                var all = runs
                if i == first, let byline = a.byline, !byline.isEmpty { all.insert(InlineRun(byline, .bold), at: 0) }
                var left = cursor.offset
                var kept: [InlineRun] = []
                for r in all {
                    if left >= r.text.count { left -= r.text.count; continue }
                    kept.append(InlineRun(String(r.text.dropFirst(left)), r.emphasis)); left = 0
                }
                if !kept.isEmpty { body.append(.paragraph(kept, line: line)) }
            }
            let from = page.template.jumpFrom.replacingOccurrences(of: "{page}", with: "\(jump.fromPage ?? 0)")
            a.body = [.paragraph([InlineRun(from)], line: 0)] + body
            a.kicker = nil; a.subhead = nil; a.byline = nil; a.photos = []; a.pullQuote = nil
            // A continuation repeats its headline on one line, never as the page's lead.
            a.headline = [a.headline.joined(separator: "　")]
            a.priority = max(a.priority, 3) + 1
            out[id] = a
        }
        return out
    }

    /// The page with the placer's slots (and the template's ad slots) in place of its list.
    static func apply(_ placement: AutoPlacement, to page: IssuePage, adSlots: [Slot]) -> IssuePage {
        var template = page.template
        template.slots = placement.slots + adSlots
        var p = page
        p.template = template
        p.placements = placement.placements
        p.autoArticles = []
        return p
    }

    /// The leading blocks holding about `share` of the body's characters (at least one).
    static func firstPart(of body: [Block], share: Double) -> [Block] {
        let total = body.reduce(0) { $0 + $1.text.count }
        var kept: [Block] = []
        var count = 0
        for b in body {
            if !kept.isEmpty && Double(count) >= Double(total) * share { break }
            kept.append(b)
            count += b.text.count
        }
        return kept
    }
}

/// Placements kept between runs over the same issue (watch mode): a page is placed
/// again only when its template, its ads, its articles or which of them jump changed.
public final class PlacementCache: @unchecked Sendable {
    struct Key: Hashable {
        var page: IssuePage
        var articles: [Article]
        var jumping: Set<String>
    }
    private var entries: [Key: AutoPlacement] = [:]
    private let lock = NSLock()
    public private(set) var hits = 0
    public init() {}

    func placement(for key: Key) -> AutoPlacement? {
        lock.lock(); defer { lock.unlock() }
        guard let p = entries[key] else { return nil }
        hits += 1
        return p
    }
    func store(_ p: AutoPlacement, for key: Key) {
        lock.lock(); defer { lock.unlock() }
        entries[key] = p
    }
}
