import Composer
import Interop
import Model

/// Vertical setting (竖排): lines run top to bottom, one after another right to left.
///
/// - `vertical-headline: true` on a slot sets the kicker, headline and subhead as
///   vertical lines down the slot's last (rightmost) column, centred in it and down
///   its height — the 竖题 of mainland pages; the body flows in the other columns.
/// - `vertical: true` sets the whole module vertically: the headline lines at the
///   right, then the body lines leftwards, each a column of whole ems as long as the
///   module is high, one body leading apart (the page's baseline pitch turned on its
///   side). The body style is the template's `vertical-body` (else the body style),
///   set vertically; bold, byline and headlines take its family.
///
/// A vertical line's origin is the centre of its column at its top.
extension ArticleSetter {
    /// The module's styles, set vertically.
    struct VerticalStyles {
        var body, bold, byline, subheadInBody, kicker, headline, subhead: TextStyle
    }

    func verticalStyles() -> VerticalStyles {
        var body = styles.verticalBody ?? styles.body
        body.vertical = true
        let custom = styles.verticalBody != nil
        func v(_ s: TextStyle, weight: Int? = nil) -> TextStyle {
            var x = s
            x.vertical = true
            if custom { x.family = body.family; if let w = weight { x.weight = w } }
            return x
        }
        var bold = body; bold.weight = 700
        if !custom { bold = v(styles.bold) }
        var sub = v(styles.inBodySubhead, weight: 700); sub.indent = 0; sub.align = .center
        return VerticalStyles(body: body, bold: bold, byline: custom ? bold : v(styles.byline), subheadInBody: sub,
                              kicker: v(styles.kicker, weight: 500), headline: v(styles.secondaryHeadline, weight: 900),
                              subhead: v(styles.subhead))
    }

    /// Kicker, headline and subhead as vertical lines, right to left from `right`, each
    /// `length` long (centred on it); returns the lines and the width they take.
    /// `centred`: down the middle of the length (竖题 beside horizontal text); else from
    /// the top (the head of a vertical module), kicker and subhead 2 em lower.
    func verticalHeadlineLines(_ article: Article, _ vs: VerticalStyles, length: Double, centred: Bool = true) throws -> [(ComposedLine, TextStyle, LineRole)] {
        var out: [(ComposedLine, TextStyle, LineRole)] = []
        func add(_ text: String?, _ style: TextStyle, _ role: LineRole) throws {
            guard let text, !text.isEmpty else { return }
            var s = style; s.indent = 0; s.align = centred ? .center : .left
            if !centred && role != .headline { s.indent = 2 * vs.body.size / s.size }
            let (lines, fitted, dx) = try displayLines(text, style: s, width: length, article: article)
            for var l in lines {
                if dx != 0 && centred { for r in l.runs.indices { for c in l.runs[r].clusters.indices { l.runs[r].clusters[c].x += dx } } }
                out.append((l, fitted, role))
            }
        }
        try add(article.kicker, vs.kicker, .kicker)
        for h in article.headline { try add(h, vs.headline, .headline) }
        try add(article.subhead, vs.subhead, .subhead)
        return out
    }

    /// 竖题: the headline block down the slot's last column; the body keeps the rest.
    func setVerticalHeadline(_ m: inout Module) throws {
        let slot = m.slot
        let vs = verticalStyles()
        let column = slot.columns - 1
        let top = grid.lineTop(slot.line) + grid.pitch / 2
        let length = Double(slot.lines - 1) * grid.pitch
        let lines = try verticalHeadlineLines(m.article, vs, length: length)
        let total = lines.reduce(0) { $0 + $1.1.leading }
        var right = grid.columnX(slot.column + column) + grid.columnWidth / 2 + total / 2
        for (l, style, role) in lines {
            m.elements.append(.text(PlacedLine(line: l, origin: Point(x: right - style.leading / 2, y: top), role: role,
                                               articleID: m.article.id, column: nil, lineInColumn: nil, gridLine: nil)))
            right -= style.leading
        }
        m.occupancy.take(columns: column..<(column + 1), lines: 0..<slot.lines)
        m.headColumns = 0
        m.headLines = 0
    }

    /// Longest vertical body line (characters) before the module is split into tiers (分段).
    static let maxTierLength = 26
    /// Shortest tier the setter may choose to fill a module (a line shorter than this
    /// reads as a list, not running text).
    static let minTierLength = 12

    /// The rows of a vertical module: where each tier starts, how many grid rows it
    /// has, how many characters its lines hold.
    struct TierPlan {
        var tiers: Int
        /// First grid row (page) of each tier.
        var tops: [Int]
        var rows: Int
        var characters: Int
        /// Grid rows between two tiers (the hairline runs down their middle).
        var gapRows: Int
    }

    /// Tiers on the grid: the module's rows (less one row at the top and the foot inside
    /// a frame) are cut into `tiers` runs of whole rows, one row (or more, sharing out
    /// the rows left over) between two tiers; each tier's lines hold the cells that fit
    /// in its rows.
    func tierPlan(_ tiers: Int, slot: Slot, cells: VerticalCells) -> TierPlan {
        let margin = slot.framed ? 1 : 0
        let rows = slot.lines - 2 * margin
        let perTier = max(1, (rows - (tiers - 1)) / tiers)
        let left = max(0, rows - perTier * tiers - (tiers - 1))
        let gap = 1 + (tiers > 1 ? left / (tiers - 1) : 0)
        let tops = (0..<tiers).map { slot.line + margin + $0 * (perTier + gap) }
        return TierPlan(tiers: tiers, tops: tops, rows: perTier, characters: cells.cellsFitting(gridRows: perTier, pitch: grid.pitch),
                        gapRows: gap)
    }

    /// A whole module set vertically, right to left, on the page's grid. A tall module
    /// is split into tiers of at most `maxTierLength` characters: the text runs right
    /// to left through the top tier, then through the next; the headline spans them all.
    ///
    /// On the grid (as a Founder FIT page keeps a vertical block): each tier starts on a
    /// grid row; the characters down a line stand in cells of the page grid
    /// (`VerticalCells`: one row per character when the face allows, so every character
    /// is level with a line of the horizontal text beside the module); the module's
    /// sides are its columns' edges, and the lines are spread across the width so that
    /// the first body line's ink starts at the headline's side and the last line's ends
    /// at the module's left edge (no ragged left side): as many lines as the body
    /// leading allows, the pitch between them opened to fill the width.
    ///
    /// The number of tiers is the module's shape: of the tier counts whose lines hold at
    /// least `minTierLength` characters, the setter takes the one that leaves the least
    /// empty area without overset (as a make-up editor re-tiers a vertical story to fill
    /// its box), the fewest tiers on a tie; when every count oversets, the fewest.
    func setVerticalModule(_ m: inout Module) throws -> Result {
        let slot = m.slot, article = m.article
        let vs = verticalStyles()
        let rect = slotRect(slot).insetBy(dx: m.inset, dy: 0)
        let bodyEm = vs.body.size, leading = vs.body.leading
        let cells = VerticalCells(em: bodyEm, pitch: grid.pitch)
        let vertical = ArticleSetter(composer: composer, grid: PageGrid(verticalTemplate(vs)))
        var fewest = 1
        while tierPlan(fewest, slot: slot, cells: cells).characters > Self.maxTierLength { fewest += 1 }

        struct Shape { var plan: TierPlan; var head: [(ComposedLine, TextStyle, LineRole)]
                       var body: [BodyLine]; var perTier: Int; var right: Double; var linePitch: Double
                       var capacity: Int { perTier * plan.tiers }
                       var overset: Bool { body.count > capacity }
                       var emptyArea: Int { max(0, capacity - body.count) * plan.characters } }
        func shape(_ tiers: Int) throws -> Shape {
            let plan = tierPlan(tiers, slot: slot, cells: cells)
            let lastRow = plan.tops[tiers - 1] + plan.rows
            let headLength = Double(lastRow - plan.tops[0]) * grid.pitch
            let head = try verticalHeadlineLines(article, vs, length: headLength, centred: false)
            let right = rect.maxX - head.reduce(0) { $0 + $1.1.leading } - (head.isEmpty ? 0 : leading / 2)
            // Lines at least one body leading apart, spread so the last one's ink ends
            // at the module's left edge.
            let span = right - rect.x - bodyEm
            let count = max(1, Int((span / leading + 1e-6).rounded(.down)) + 1)
            let pitch = count > 1 ? span / Double(count - 1) : leading
            let body = try vertical.composeBody(article, measure: Double(plan.characters) * bodyEm, from: BodyCursor(),
                                                hangRoom: verticalHangRoom(plan, slot: slot, cells: cells))
                .map { BodyLine(line: cells.apply(to: $0.line), role: $0.role, end: $0.end) }
            return Shape(plan: plan, head: head, body: body, perTier: span >= 0 ? count : 0, right: right, linePitch: pitch)
        }
        var chosen = try shape(fewest)
        // A few more tiers at most: each is one more setting of the body.
        for t in (fewest + 1)...(fewest + 3) {
            guard tierPlan(t, slot: slot, cells: cells).characters >= Self.minTierLength else { break }
            let candidate = try shape(t)
            if !candidate.overset && (chosen.overset || candidate.emptyArea < chosen.emptyArea) { chosen = candidate }
        }
        let plan = chosen.plan, body = chosen.body, perTier = chosen.perTier
        let top = grid.lineTop(plan.tops[0])

        var headRight = rect.maxX
        for (l, style, role) in chosen.head {
            m.elements.append(.text(PlacedLine(line: l, origin: Point(x: headRight - style.leading / 2, y: top), role: role,
                                               articleID: article.id, column: nil, lineInColumn: nil, gridLine: nil)))
            headRight -= style.leading
        }
        let capacity = chosen.capacity
        let placed = min(capacity, body.count)
        for k in 0..<placed {
            let tier = k / perTier, inTier = k % perTier
            let x = chosen.right - bodyEm / 2 - Double(inTier) * chosen.linePitch
            m.elements.append(.text(PlacedLine(line: body[k].line, origin: Point(x: x, y: grid.lineTop(plan.tops[tier])), role: body[k].role,
                                               articleID: article.id, column: tier + 1, lineInColumn: inTier + 1, gridLine: plan.tops[tier])))
        }
        for t in 1..<max(1, plan.tiers) {
            // A hairline between tiers, across the body (not the headline), midway down the gap rows.
            let y = grid.lineTop(plan.tops[t]) - Double(plan.gapRows) * grid.pitch / 2
            m.elements.append(.rule(from: Point(x: rect.x, y: y), to: Point(x: chosen.right, y: y), width: 0.3, .black))
        }
        let overset = body[placed...].map(\.line)
        let oversetText = overset.map(\.text).joined()
        let underset = capacity - placed
        let status: CopyfitEntry.Status = !overset.isEmpty ? .overset : (underset >= plan.tiers ? .underset : .fits)
        let entry = CopyfitEntry(articleID: article.id, slot: slot.name, page: m.page, status: status,
                                 oversetCharacters: oversetText.filter { !$0.isWhitespace }.count,
                                 oversetLines: overset.count, undersetLines: overset.isEmpty ? underset : 0,
                                 oversetText: oversetText, frame: slotRect(slot))
        return Result(elements: m.elements, copyfit: entry, stoppedAt: nil)
    }

    /// Room below the end of a tier's lines for a hung mark (`hanging-punctuation`,
    /// which needs an em of it in a vertical line): the cells the tier's rows hold
    /// beyond its lines, then, between two tiers, down to the hairline midway in the
    /// gap; the last tier's lines end at the module's foot, where the module below
    /// begins, so only rows the plan leaves under it count. The body is broken once
    /// for every tier, so the least room of any tier is the module's. A framed module
    /// has none (as a framed box across: its margin belongs to the frame).
    func verticalHangRoom(_ plan: TierPlan, slot: Slot, cells: VerticalCells) -> Double {
        guard !slot.framed, let lastTop = plan.tops.last else { return 0 }
        let inTier = Double(plan.rows) * grid.pitch - Double(plan.characters) * cells.cell
        let underLast = Double(slot.line + slot.lines - lastTop - plan.rows) * grid.pitch
        let toRule = plan.tiers > 1 ? Double(plan.gapRows) * grid.pitch / 2 : Double.infinity
        return max(0, inTier + min(toRule, underLast))
    }

    /// The template with its body styles set vertically (for `composeBody`).
    private func verticalTemplate(_ vs: VerticalStyles) -> PageTemplate {
        var t = grid.template
        t.styles.body = vs.body
        t.styles.bold = vs.bold
        t.styles.byline = vs.byline
        t.styles.inBodySubhead = vs.subheadInBody
        return t
    }
}
