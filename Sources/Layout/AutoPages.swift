import Composer
import Model

/// Turns pages that ask for automatic placement (an `articles:` list, or every page
/// under `render --auto`) into ordinary pages with concrete slots, before layout.
///
/// Ad slots of the template stay where they are and are handed to the placer as
/// obstacles; a story that continues on a later page is sized on its first part
/// only, so that it jumps instead of claiming the whole page.
public struct AutoPages {
    public let composer: Composer
    public init(composer: Composer) { self.composer = composer }

    /// Share of a jumping story's characters sized into its first module.
    static let jumpShare = 0.45

    public struct Outcome: Sendable {
        public var issue: Issue
        /// Page number → the placer's report (score, unused cells, time).
        public var reports: [Int: AutoPlacement]
    }

    /// - Parameter force: place every page automatically (its slotted articles become the list).
    public func resolve(_ issue: Issue, force: Bool = false) throws -> Outcome {
        var out = issue
        var reports: [Int: AutoPlacement] = [:]
        for (index, page) in issue.pages.enumerated() {
            let ids = !page.autoArticles.isEmpty ? page.autoArticles
                : (force ? page.template.slots.compactMap { page.placements[$0.name] } : [])
            guard !ids.isEmpty else { continue }
            let laterPages = issue.pages[(index + 1)...]
            let articles: [Article] = ids.compactMap { id in
                guard var a = issue.articles[id] else { return nil }
                let jumps = laterPages.contains { $0.placements.values.contains(id) || $0.autoArticles.contains(id) }
                if jumps { a.body = AutoPages.firstPart(of: a.body, share: AutoPages.jumpShare) }
                return a
            }
            // Ads keep their template slots; the placer sees them as fixed obstacles.
            var placerTemplate = page.template
            let adSlots = page.template.slots.filter { page.ads[$0.name] != nil }
            placerTemplate.banners += adSlots.map {
                Banner(text: "", column: $0.column, columns: $0.columns, line: $0.line, lines: $0.lines)
            }
            placerTemplate.slots = []
            let placement = try AutoPlacer(measurer: ArticleMeasurer(composer: composer, template: placerTemplate)).place(articles)
            var template = page.template
            template.slots = placement.slots + adSlots
            var p = page
            p.template = template
            p.placements = placement.placements
            p.autoArticles = []
            out.pages[index] = p
            reports[page.number] = placement
        }
        return Outcome(issue: out, reports: reports)
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
