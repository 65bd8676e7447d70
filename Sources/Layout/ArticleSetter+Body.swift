import Composer
import Interop
import Model

extension ArticleSetter {
    /// Composes the body at the column measure and pours it into the free grid cells,
    /// with the jump lines when the story runs over pages, and writes the copyfit.
    func setBody(_ m: inout Module, jump: Jump) throws -> Result {
        let slot = m.slot, article = m.article, page = m.page, inset = m.inset
        var elements = m.elements
        let slotRect = self.slotRect(slot)
        let photoOverset = m.photoOverset, photoOversetLines = m.photoOversetLines
        let measure = grid.columnWidth - 2 * inset
        // A mark may hang into the gutter (the next column's text, or a module's beside
        // it, starts a gutter away; a column rule stands in its middle), not into a
        // frame's padding: the box's text would sit nearer its frame on the right.
        let hangRoom = slot.framed ? 0 : grid.template.gutter
        var bodyLines = try composeBody(article, measure: measure, from: jump.resumeAt ?? BodyCursor(), hangRoom: hangRoom)
        if let from = jump.fromPage {
            var s = styles.jump; s.align = .left; s.indent = 0
            let text = grid.template.jumpFrom.replacingOccurrences(of: "{page}", with: "\(from)")
            let l = try compose(ParagraphInput(text, style: s), width: measure, article: article, line: nil)
            bodyLines.insert(contentsOf: l.map { BodyLine(line: $0, role: .jump, end: nil) }, at: 0)
        }
        let freeCells = (0..<slot.columns).map { m.occupancy.free(column: $0) }
        var capacity = freeCells.reduce(0) { $0 + $1.count }
        var cells = freeCells
        var jumpLine: ComposedLine? = nil
        if let to = jump.toPage, bodyLines.count > capacity, let last = cells.lastIndex(where: { !$0.isEmpty }) {
            // The story continues: the module's last line says where, and the body gives it its cell.
            var s = styles.jump; s.align = .right; s.indent = 0
            let text = grid.template.jumpTo.replacingOccurrences(of: "{page}", with: "\(to)")
            jumpLine = try compose(ParagraphInput(text, style: s), width: measure, article: article, line: nil).first
            let cell = cells[last].removeLast()
            if let jl = jumpLine {
                elements.append(.text(PlacedLine(line: jl, origin: Point(x: grid.columnX(slot.column + last) + inset, y: grid.baseline(slot.line + cell)),
                                                 role: .jump, articleID: article.id, column: slot.column + last + 1,
                                                 lineInColumn: cells[last].count + 1, gridLine: slot.line + cell)))
            }
            capacity -= 1
        }
        let flow = ColumnFlow(lines: bodyLines.map(\.line)).pour(into: cells)
        var next = 0
        for (c, column) in flow.enumerated() {
            var inColumn = 0
            for (rel, index) in column {
                let bl = bodyLines[index]
                next = index + 1
                inColumn += 1
                let gridLine = slot.line + rel
                elements.append(.text(PlacedLine(line: bl.line, origin: Point(x: grid.columnX(slot.column + c) + inset, y: grid.baseline(gridLine)),
                                                 role: bl.role, articleID: article.id, column: slot.column + c + 1,
                                                 lineInColumn: inColumn, gridLine: gridLine)))
            }
        }
        let overset = bodyLines[next...].map(\.line)
        // The resume point: just after the last placed line of body text.
        let stoppedAt: BodyCursor? = overset.isEmpty ? nil
            : (bodyLines[..<next].last(where: { $0.end != nil })?.end ?? jump.resumeAt ?? BodyCursor())
        let continues = jumpLine != nil && !overset.isEmpty
        let oversetText = photoOverset + (continues ? "" : overset.map(\.text).joined())
        let underset = max(0, capacity - bodyLines.count)
        let isOverset = (!overset.isEmpty && !continues) || !photoOverset.isEmpty
        let status: CopyfitEntry.Status = isOverset ? .overset : (underset >= slot.columns ? .underset : .fits)
        var entry = CopyfitEntry(articleID: article.id, slot: slot.name, page: page, status: status,
                                 oversetCharacters: oversetText.filter { !$0.isWhitespace }.count,
                                 oversetLines: photoOversetLines + (continues ? 0 : overset.count), undersetLines: isOverset ? 0 : underset,
                                 oversetText: oversetText, frame: slotRect)
        entry.continuesOnPage = continues ? jump.toPage : nil
        entry.continuedFromPage = jump.fromPage
        return Result(elements: elements, copyfit: entry, stoppedAt: stoppedAt)
    }

    /// A body line and, for text lines, the cursor just after it (for jumps).
    struct BodyLine {
        var line: ComposedLine
        var role: LineRole
        var end: BodyCursor?
    }

    /// Composes the body from `start`: a paragraph cut by a jump resumes mid-way,
    /// without its first-line indent (and without the byline, which was set before).
    func composeBody(_ article: Article, measure: Double, from start: BodyCursor, hangRoom: Double = 0) throws -> [BodyLine] {
        let bylineBlock = article.body.firstIndex { if case .paragraph = $0 { return true } else { return false } }
        var out: [BodyLine] = []
        for (index, block) in article.body.enumerated() where index >= start.block {
            let skip = index == start.block ? start.offset : 0
            switch block {
            case let .paragraph(runs, line):
                var input: [ParagraphInput.Run] = []
                // The run-in byline opens the first paragraph, even after a leading subhead.
                if index == bylineBlock, let byline = article.byline, !byline.isEmpty {
                    input.append(.init(byline, styles.byline))
                }
                for r in runs {
                    let text = article.normalizePunctuation ? PunctuationNormalizer.normalize(r.text) : r.text
                    input.append(.init(text, r.emphasis == .bold ? styles.bold : styles.body))
                }
                input = ArticleSetter.drop(skip, from: input)
                guard !input.isEmpty else { continue }
                var style = styles.body
                if skip > 0 { style.indent = 0 }
                let lines = try compose(ParagraphInput(runs: input, style: style), width: measure, article: article, line: line,
                                        hangRoom: hangRoom)
                var offset = skip
                for l in lines {
                    offset += l.text.count
                    out.append(BodyLine(line: l, role: .body, end: BodyCursor(block: index, offset: offset)))
                }
            case let .subhead(text, line):
                guard skip == 0 else { continue }
                var s = styles.inBodySubhead; s.indent = 0; s.align = .center
                let lines = try compose(ParagraphInput(text, style: s), width: measure, article: article, line: line)
                out += lines.map { BodyLine(line: $0, role: .inBodySubhead, end: BodyCursor(block: index + 1, offset: 0)) }
            }
        }
        return out
    }

    /// The runs without their first `count` characters.
    static func drop(_ count: Int, from runs: [ParagraphInput.Run]) -> [ParagraphInput.Run] {
        var left = count
        var out: [ParagraphInput.Run] = []
        for r in runs {
            if left >= r.text.count { left -= r.text.count; continue }
            out.append(.init(String(r.text.dropFirst(left)), r.style))
            left = 0
        }
        return out
    }
}
