import Composer
import Interop
import Model

extension ArticleSetter {
    /// The pull quote between two red rules, centred in a block of whole grid lines with
    /// at least half a line of padding above and below, at the slot's placement (or the
    /// default). It repeats body text, so it takes no part in the copyfit accounting; a
    /// module too short to hold it beside what is already there simply goes without.
    /// The block keeps to its position when it can, else the nearest free lines (a photo
    /// or banner may stand there); the top starts below the headline block.
    func setPullQuote(_ quote: String, _ m: inout Module) throws {
        let slot = m.slot, article = m.article, inset = m.inset
        let placement = slot.pullQuote ?? FloatPlacement.defaultPullQuote(slotColumns: slot.columns)
        let columns = min(placement.columns, slot.columns - placement.column)
        guard columns > 0 else { return }
        let width = grid.span(columns) - 2 * inset
        let x = grid.columnX(slot.column + placement.column) + inset
        let text = article.normalizePunctuation ? PunctuationNormalizer.normalize(quote) : quote
        let (lines, style, dx) = try displayLines(text, style: styles.pullQuote, width: width, article: article)
        let textHeight = Double(lines.count) * style.leading
        let blockLines = grid.linesFor(height: textHeight + grid.pitch)
        let firstFree = placement.column < m.headColumns ? m.headLines : 0
        let last = slot.lines - blockLines
        guard last >= firstFree else { return }
        let wanted: Int
        switch placement.position {
        case .top: wanted = firstFree
        case .middle: wanted = max(firstFree, (slot.lines - blockLines) / 2)
        case .bottom: wanted = last
        }
        let span = placement.column..<(placement.column + columns)
        let candidates = (firstFree...last).sorted { (abs($0 - wanted), $0) < (abs($1 - wanted), $1) }
        guard let start = candidates.first(where: { m.occupancy.isFree(columns: span, lines: $0..<($0 + blockLines)) }) else { return }
        m.occupancy.take(columns: span, lines: start..<(start + blockLines))

        let red = Color(hex: "#c8102e") ?? .black
        let ruleWidth = 0.8
        let top = grid.lineTop(slot.line + start) + (Double(blockLines) * grid.pitch - textHeight) / 2
        m.elements.append(.rule(from: Point(x: x, y: top), to: Point(x: x + width, y: top), width: ruleWidth, red))
        var y = top
        for l in lines {
            let baseline = y + (style.leading - style.size) / 2 + style.size * 0.88
            m.elements.append(.text(PlacedLine(line: l, origin: Point(x: x + dx, y: baseline), role: .pullQuote,
                                             articleID: article.id, column: nil, lineInColumn: nil, gridLine: nil)))
            y += style.leading
        }
        m.elements.append(.rule(from: Point(x: x, y: y), to: Point(x: x + width, y: y), width: ruleWidth, red))
    }
}
