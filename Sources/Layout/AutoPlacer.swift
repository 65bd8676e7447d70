import Composer
import Foundation
import Model

/// The outcome of automatic placement: slots for a page template and which article
/// goes in each, ready to become an `IssuePage` (template.slots = slots).
public struct AutoPlacement: Sendable, Hashable {
    /// Modules in reading order (top to bottom, then left to right).
    public var slots: [Slot]
    /// Slot name → article id.
    public var placements: [String: String]
    /// Share of the page's free grid cells (banners excluded) that hold something,
    /// in percent: 100 means no underset and no unused area.
    public var score: Double
    /// Empty grid cells: underset inside modules plus page area left unused.
    public var unusedCells: Int
    /// A table for people: one row per module, then the totals.
    public var report: String
}

public enum AutoPlacerError: Error, CustomStringConvertible, Equatable {
    /// The articles need more room than the page has. `missingLines` is counted in
    /// column lines (one grid line of one column).
    case doesNotFit(missingLines: Int, message: String)
    case invalidInput(String)

    public var description: String {
        switch self {
        case let .doesNotFit(_, message): return message
        case let .invalidInput(message): return message
        }
    }

    public var missingLines: Int? {
        if case let .doesNotFit(n, _) = self { return n }
        return nil
    }
}

/// Chooses module shapes and positions for a page's articles on a template's grid.
///
/// The template gives the grid (columns × grid lines) and its banners, which stay
/// where they are; its own slots are ignored. The lead (priority 1, or the most
/// important article) gets the lead headline, starts on the top line and is wider
/// than every other module; more important stories sit higher and further left.
public struct AutoPlacer {
    public let measurer: ArticleMeasurer
    var template: PageTemplate { measurer.template }
    /// Stories that continue on a later page: their module may take any depth, since
    /// what it does not hold jumps (they are measured on the part the page should take).
    public var elastic: Set<String> = []
    /// Stories continued from an earlier page (what is left of them): they take their
    /// natural shape, however wide, and are never the reason a page cannot be placed.
    public var continuing: Set<String> = []
    /// Also try each story's headline over fewer columns than its module (L-shaped
    /// modules): more shapes, so pages fill closer; off, every headline spans its module.
    public var variesHeadlineWidth = true
    /// How a story is set when it is not set the ordinary way: vertically (竖排: the
    /// whole module, or its headline down the side), framed. From the template slot
    /// the story had when a page of slots is placed under `--auto`.
    public var modes: [String: ModuleMode] = [:]

    public init(measurer: ArticleMeasurer, elastic: Set<String> = [], continuing: Set<String> = []) {
        self.measurer = measurer; self.elastic = elastic; self.continuing = continuing
    }

    /// How strictly the lead must be the widest module.
    enum WidthRule: String {
        /// Every other module narrower than the lead (a continuation takes any width).
        case leadWidest = "lead widest"
        /// Fallback on a page that continues a story, when no arrangement keeps the
        /// lead widest: any widths, the lead still on the top line.
        case free = "widths free (no arrangement keeps the lead widest)"
    }

    /// Stories whose headline width the placer may vary: body stories set in the
    /// ordinary way (not the lead, not photo stories or stories with a photo, not boxes,
    /// not a story that jumps or continues: their depth is not their own).
    func varyHeadline(_ a: Article) -> Bool {
        modes[a.id] == nil && a.photos.isEmpty && !a.boxed && a.pullQuote == nil && !elastic.contains(a.id) && !continuing.contains(a.id)
    }

    /// Headline widths for an L-shaped module k columns wide: at least half of it and
    /// at least two columns, narrower than the module, wide enough that the secondary
    /// headline keeps each of its lines on one line (shrunk by at most a quarter).
    func headlineColumnChoices(_ a: Article, columns k: Int) -> [Int] {
        guard k >= 3 else { return [] }
        let longest = Double(a.headline.map(\.count).max() ?? 0) * template.styles.secondaryHeadline.size * 0.75
        return (max(2, (k + 1) / 2)..<k).filter { j in
            longest <= Double(j) * template.columnWidth + Double(j - 1) * template.gutter
        }
    }

    func headlineFitsOneColumn(_ a: Article, role: HeadlineRole) -> Bool {
        let style = role == .lead ? template.styles.headline : template.styles.secondaryHeadline
        let longest = a.headline.map(\.count).max() ?? 0
        return Double(longest) * style.size * 0.75 <= template.columnWidth
    }

    /// Places every article, or throws `AutoPlacerError.doesNotFit` saying how many
    /// lines are missing.
    public func place(_ input: [Article]) throws -> AutoPlacement {
        let started = Date()
        // Importance first, then id: the same articles give the same page whatever
        // order they come in (ties in the search go to the earlier article).
        let articles = input.sorted { ($0.priority, $0.id) < ($1.priority, $1.id) }
        guard !articles.isEmpty else { throw AutoPlacerError.invalidInput("no articles to place") }
        guard articles.count <= 16 else {
            throw AutoPlacerError.invalidInput("automatic placement handles at most 16 articles on a page, got \(articles.count)")
        }
        let ids = articles.map(\.id)
        if Set(ids).count != ids.count {
            throw AutoPlacerError.invalidInput("article ids must be unique on a page: \(ids.joined(separator: ", "))")
        }
        let columns = template.columns, lines = template.gridLines
        let catalog = ShapeCatalog(composer: measurer.setter.composer, template: template)

        // The lead: most important (lowest priority number), first by id on a tie.
        let leadIndex = 0

        // Measure every article at every width (the lead with its own headline style).
        var options: [[ShapeOption?]] = []
        for (i, a) in articles.enumerated() {
            let role: HeadlineRole = i == leadIndex ? .lead : .secondary
            var row: [ShapeOption?] = [nil]
            for k in 1...columns {
                // A one-column module only when its headline still fits one line per
                // headline line there (shrunk by at most a quarter, as display lines
                // are): a headline stacked word by word down a column is not a story.
                let mode = modes[a.id] ?? ModuleMode()
                if k == 1 && columns >= 4 && !mode.vertical && !headlineFitsOneColumn(a, role: role) { row.append(nil); continue }
                var option = try catalog.option(a, columns: k, role: role, mode: mode)
                // The headline over fewer columns (an L-shaped module, the body beside
                // it) needs a line more or less: one more shape to fill the page with.
                if option != nil && i != leadIndex && variesHeadlineWidth && varyHeadline(a) {
                    var variants = [option!]
                    for j in headlineColumnChoices(a, columns: k) {
                        if let v = try catalog.option(a, columns: k, role: role, headlineColumns: j) { variants.append(v) }
                    }
                    option = ShapeOption.merging(variants)
                }
                row.append(option)
            }
            options.append(row)
        }
        // A jumping story's module may grow to the page's depth at no cost: the text
        // it does not hold continues on the later page.
        for (i, a) in articles.enumerated() where elastic.contains(a.id) {
            for k in options[i].indices {
                guard var o = options[i][k], o.photo == nil, o.minLines <= lines else { continue }
                o.costs = Array(repeating: o.costs[0], count: lines - o.minLines + 1)
                o.maxLines = lines
                options[i][k] = o
            }
        }
        let measured = Date()

        // Articles that do not set even at full page depth at any width.
        for (i, a) in articles.enumerated() where options[i].allSatisfy({ $0 == nil }) {
            let role: HeadlineRole = i == leadIndex ? .lead : .secondary
            let least = (1...columns).compactMap { catalog.shortfall(a, columns: $0, role: role) }
                .min { ($0.oversetLines, -$0.columns) < ($1.oversetLines, -$1.columns) }
            let missing = least?.oversetLines ?? 1
            throw AutoPlacerError.doesNotFit(
                missingLines: missing,
                message: "article '\(a.id)' does not fit on the page at any width: even \(least?.columns ?? columns) columns × \(lines) lines leave \(missing) lines overset")
        }

        let obstacles = template.banners.map {
            PlacementSearch.Obstacle(column: $0.column, columns: $0.columns, line: $0.line, lines: $0.lines)
        }
        let banner = obstacles.reduce(0) { $0 + $1.columns * $1.lines }
        let freeCells = columns * lines - banner

        // A page that continues a story is always placed when the shapes pack at all:
        // if no arrangement keeps the lead widest, the widths are left free.
        // So is a page with vertical modules (their depth, not their width, is their size).
        let rules: [WidthRule] = continuing.isEmpty && !modes.values.contains(where: \.vertical) ? [.leadWidest] : [.leadWidest, .free]
        var found: (best: Found?, evaluations: Int) = (nil, 0)
        var rule = rules[0]
        for r in rules {
            let f = search(articles, options: options, columns: columns, lines: lines, obstacles: obstacles, rule: r)
            found = (f.best, found.evaluations + f.evaluations)
            rule = r
            if f.best != nil { break }
        }
        let searched = Date()
        guard let best = found.best else {
            throw shortfall(articles, options: options, freeCells: freeCells, obstacles: obstacles, rule: rule)
        }
        let evaluations = found.evaluations

        // Turn leaves into slots, set every article in its slot for real and check it.
        var slots: [Slot] = []
        var placements: [String: String] = [:]
        var rows: [[String]] = [["slot", "article", "prio", "module", "at", "photo", "underset"]]
        var underset = 0
        let leaves = best.leaves.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        for var leaf in leaves {
            let a = articles[leaf.item]
            let role: HeadlineRole = leaf.item == leadIndex ? .lead : .secondary
            guard let option = options[leaf.item][leaf.columns] else { continue }
            // A continuation at the foot of the page keeps its natural depth: the
            // lines it would only fill with white go to the page as empty area (an
            // editor's hole for a filler), not into a stretched module.
            if continuing.contains(a.id) && !elastic.contains(a.id) && option.photo == nil
                && leaf.line + leaf.lines == lines && leaf.lines > option.minLines {
                leaf.lines = option.minLines
            }
            let photo = option.photo.map {
                PhotoPlacement(position: .top, column: 0, columns: leaf.columns, lines: $0.photoLines(moduleLines: leaf.lines))
            }
            let headColumns = option.headlineColumns(lines: leaf.lines)
            var slot = Slot(name: a.id, column: leaf.column, columns: leaf.columns, line: leaf.line, lines: leaf.lines,
                            headlineColumns: headColumns, photo: photo, headlineStyle: role)
            (modes[a.id] ?? ModuleMode()).apply(to: &slot)
            let set = try catalog.setter.set(a, in: slot, page: 0)
            let needed = catalog.requiredLines(set.elements, slotLine: slot.line, role: role)
            if set.copyfit.status == .overset || needed > slot.lines {
                // Measuring is exact, so this means the setter changed under us.
                throw AutoPlacerError.doesNotFit(
                    missingLines: max(set.copyfit.oversetLines, needed - slot.lines),
                    message: "article '\(a.id)' measured to fit \(leaf.columns) × \(option.minLines) lines but oversets in its \(leaf.columns) × \(leaf.lines) module")
            }
            // A jumping story fills its module at layout (the rest jumps): no underset to count.
            let leafUnderset = elastic.contains(a.id) ? 0 : set.copyfit.undersetLines
            underset += leafUnderset
            slots.append(slot)
            placements[slot.name] = a.id
            rows.append([slot.name, a.id, "\(a.priority)", "\(leaf.columns)×\(leaf.lines)" + (headColumns.map { " (head \($0))" } ?? ""),
                         "col \(leaf.column) line \(leaf.line)", photo.map { "\($0.columns)×\($0.lines)" } ?? "-",
                         "\(leafUnderset)"])
        }
        try Self.check(slots, template: template)
        let covered = slots.reduce(0) { $0 + $1.columns * $1.lines }
        let unused = underset + (freeCells - covered)
        let score = freeCells > 0 ? 100 * Double(freeCells - unused) / Double(freeCells) : 0
        let finished = Date()

        func ms(_ a: Date, _ b: Date) -> String { String(format: "%.1f ms", b.timeIntervalSince(a) * 1000) }
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        var report = rows.map { r in
            r.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }.joined(separator: "\n")
        report += "\n\nlead width \(best.width) of \(columns) columns (\(rule.rawValue)); page \(columns) × \(lines) lines, \(freeCells) free cells"
        report += "\nunused cells \(unused) (underset \(underset), empty area \(freeCells - covered)); score \(String(format: "%.2f", score))"
        report += "\nmeasure \(ms(started, measured)) (\(catalog.trials) trial settings), search \(ms(measured, searched)) (\(evaluations) splits), check \(ms(searched, finished))"
        return AutoPlacement(slots: slots, placements: placements, score: score, unusedCells: unused, report: report)
    }

    /// The rules the template loader enforces: inside the grid, no overlaps; and
    /// modules keep off the banners.
    static func check(_ slots: [Slot], template: PageTemplate) throws {
        // Same test as the template loader's (which is internal to Model).
        func overlaps(_ a: Slot, _ b: Slot) -> Bool {
            a.column < b.column + b.columns && b.column < a.column + a.columns &&
                a.line < b.line + b.lines && b.line < a.line + a.lines
        }
        for (i, s) in slots.enumerated() {
            guard s.column >= 0, s.line >= 0, s.columns >= 1, s.lines >= 1,
                  s.column + s.columns <= template.columns, s.line + s.lines <= template.gridLines else {
                throw AutoPlacerError.invalidInput("internal error: slot '\(s.name)' lies outside the grid")
            }
            for other in slots[..<i] where overlaps(s, other) {
                throw AutoPlacerError.invalidInput("internal error: slot '\(s.name)' overlaps '\(other.name)'")
            }
            for b in template.banners {
                let asSlot = Slot(name: "banner", column: b.column, columns: b.columns, line: b.line, lines: b.lines)
                if overlaps(s, asSlot) {
                    throw AutoPlacerError.invalidInput("internal error: slot '\(s.name)' covers banner '\(b.text)'")
                }
            }
        }
    }

    typealias Found = (cost: Int, leaves: [PlacementSearch.Leaf], width: Int)

    /// The lead is the widest module: try each lead width, others strictly narrower
    /// (a continuation at any width), and keep the cheapest page (on a tie the wider
    /// lead, tried first). Under `.free` every article may take any width.
    func search(_ articles: [Article], options: [[ShapeOption?]], columns: Int, lines: Int,
                obstacles: [PlacementSearch.Obstacle], rule: WidthRule = .leadWidest) -> (best: Found?, evaluations: Int) {
        let leadIndex = 0
        var best: Found?
        var evaluations = 0
        // On a page of several columns the lead is strictly the widest, so at least 2.
        let narrowestLead = columns > 1 && rule == .leadWidest ? 2 : 1
        for leadWidth in stride(from: columns, through: narrowestLead, by: -1) where options[leadIndex][leadWidth] != nil {
            var items: [PlacementSearch.Item] = []
            for (i, a) in articles.enumerated() {
                var row = options[i]
                for k in 1...columns {
                    // A box (sidebar) may run as wide as a lead that spans the page: set
                    // across the foot of the lead it shrinks to its content instead of
                    // standing in a narrow column beside it with lines to spare.
                    let fullWidthBox = a.boxed && k == leadWidth && leadWidth == columns
                    let natural = continuing.contains(a.id) || rule == .free
                    let allowed = i == leadIndex ? k == leadWidth : (k < leadWidth || leadWidth == 1 || fullWidthBox || natural)
                    if !allowed { row[k] = nil }
                }
                let shapes = row.compactMap { $0 }
                items.append(PlacementSearch.Item(
                    rank: i == leadIndex ? 0 : a.priority + 1, options: row, isLead: i == leadIndex,
                    minArea: shapes.map { $0.columns * $0.minLines }.min() ?? Int.max / 8,
                    maxUseful: shapes.map { $0.columns * $0.maxLines }.max() ?? 0))
            }
            if items.contains(where: { $0.minArea >= Int.max / 8 }) { continue }
            // The lead needs its columns free from the top line down: skip widths a
            // banner rules out before searching.
            let leadLines = options[leadIndex][leadWidth]!.minLines
            let room = (0...(columns - leadWidth)).contains { x in
                !obstacles.contains { $0.column < x + leadWidth && x < $0.column + $0.columns && $0.line < leadLines }
            }
            if !room { continue }
            let search = PlacementSearch(items: items, columns: columns, lines: lines, obstacles: obstacles)
            guard let found = search.solve() else { continue }
            evaluations += found.evaluations
            if best == nil || found.cost < best!.cost { best = (found.cost, found.leaves, leadWidth) }
        }
        return (best, evaluations)
    }

    /// The error for a page that cannot hold the articles. Two measures of what is
    /// missing: column lines (one grid line of one column) that the most compact
    /// modules need beyond the page's free cells, and the grid lines the page would
    /// have to be deeper for the search to find an arrangement. `missingLines` is the
    /// first when the text is simply too much, else the second times the columns.
    func shortfall(_ articles: [Article], options: [[ShapeOption?]], freeCells: Int,
                   obstacles: [PlacementSearch.Obstacle], rule: WidthRule = .leadWidest) -> AutoPlacerError {
        var need = 0
        var parts: [String] = []
        for (i, a) in articles.enumerated() {
            let best = options[i].compactMap { $0 }.min { ($0.columns * $0.minLines, $0.columns) < ($1.columns * $1.minLines, $1.columns) }!
            need += best.columns * best.minLines
            parts.append("\(a.id) \(best.columns)×\(best.minLines)")
        }
        let columns = template.columns, lines = template.gridLines
        // Smallest extra depth at which an arrangement exists (feasibility only grows
        // with depth, so bisect); shapes stay as measured for the real page.
        func fits(_ extra: Int) -> Bool {
            search(articles, options: options, columns: columns, lines: lines + extra, obstacles: obstacles, rule: rule).best != nil
        }
        var deeper: Int?
        var hi = max(1, (need - freeCells + columns - 1) / columns)
        while hi <= 4 * lines && !fits(hi) { hi *= 2 }
        if hi <= 4 * lines {
            var lo = 0
            while lo + 1 < hi { let mid = (lo + hi) / 2; if fits(mid) { hi = mid } else { lo = mid } }
            deeper = hi
        }
        let depth = deeper.map { "; an arrangement needs the page \($0) grid lines deeper" } ?? ""
        if need > freeCells {
            let missing = need - freeCells
            return .doesNotFit(missingLines: missing, message: "the articles do not fit on the page: their most compact modules (\(parts.joined(separator: ", "))) need \(need) column lines, the page has \(freeCells) free; \(missing) lines missing\(depth)")
        }
        let ruleText = rule == .leadWidest ? "the lead widest at the top" : "the lead at the top"
        let prefix = "no arrangement of the articles fits the page with \(ruleText) and priorities in order: their most compact modules (\(parts.joined(separator: ", "))) need \(need) of \(freeCells) free column lines, but the shapes do not pack"
        guard let deeper else {
            // Depth does not help: the banners leave the lead no room on the top line.
            return .doesNotFit(missingLines: 0, message: prefix + "; no deeper page would help either: the banners leave no room on the top line for a lead wider than the other stories")
        }
        return .doesNotFit(missingLines: deeper * columns, message: prefix + "\(depth); \(deeper * columns) lines missing")
    }
}
