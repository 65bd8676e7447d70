import Composer
import Interop
import Model

/// Lays out the pages of an issue: furniture, rules between articles, and each
/// placed article in its slot. Plain values in (model), plain values out (boxes).
public struct PageLayoutEngine {
    public let composer: Composer
    public init(composer: Composer) { self.composer = composer }

    public func layout(_ issue: Issue) throws -> [LaidOutPage] {
        try issue.pages.map { try layout(page: $0, of: issue) }
    }

    public func layout(page: IssuePage, of issue: Issue) throws -> LaidOutPage {
        let template = page.template
        let grid = PageGrid(template)
        var elements: [PageElement] = []
        let furniture = PageFurniture(composer: composer, grid: grid)
        elements += try furniture.elements(.init(newspaper: issue.newspaper, date: issue.date, issueNumber: issue.number, page: page))
        elements += rulesBetweenSlots(template, grid: grid, used: Set(page.placements.keys))

        var copyfit: [CopyfitEntry] = []
        let setter = ArticleSetter(composer: composer, grid: grid)
        // Slots in template order, so output (and the PDF) is deterministic.
        for slot in template.slots {
            guard let id = page.placements[slot.name] else { continue }
            guard let article = issue.articles[id] else {
                throw LayoutError.template(path: issue.sourcePath, message: "page \(page.number): slot '\(slot.name)' names unknown article '\(id)'")
            }
            let r = try setter.set(article, in: slot, page: page.number)
            elements += r.elements
            copyfit.append(r.copyfit)
        }
        return LaidOutPage(number: page.number, size: Size(width: template.trimWidth, height: template.trimHeight),
                           elements: elements, copyfit: copyfit)
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
