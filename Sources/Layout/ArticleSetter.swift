import Composer
import Interop
import Model

/// Sets one article into one slot of the grid: headline block across its columns,
/// photo with caption and credit, pull quote, then the body flowing down the columns
/// on the page's baseline grid around whatever the headline, photo and quote occupy.
struct ArticleSetter {
    let composer: Composer
    let grid: PageGrid
    var styles: StyleSheet { grid.template.styles }

    struct Result {
        var elements: [PageElement]
        var copyfit: CopyfitEntry
        /// Where the body stopped when it did not all fit (the jump's resume point).
        var stoppedAt: BodyCursor?
    }

    /// How this module takes part in a jump (续转): it may resume a story begun on an
    /// earlier page, and it may continue on a later one.
    struct Jump {
        var resumeAt: BodyCursor? = nil
        var fromPage: Int? = nil
        var toPage: Int? = nil
    }

    /// Grid cells (column offset, line offset within the slot) already taken.
    private struct Occupancy {
        var taken: [[Bool]]
        init(columns: Int, lines: Int) { taken = Array(repeating: Array(repeating: false, count: lines), count: columns) }
        mutating func take(columns: Range<Int>, lines: Range<Int>) {
            for c in columns where c < taken.count {
                for l in lines where l >= 0 && l < taken[c].count { taken[c][l] = true }
            }
        }
        func free(column: Int) -> [Int] { taken[column].indices.filter { !taken[column][$0] } }
        func isFree(columns: Range<Int>, lines: Range<Int>) -> Bool {
            columns.allSatisfy { c in lines.allSatisfy { !taken[c][$0] } }
        }
    }

    func set(_ article: Article, in givenSlot: Slot, page: Int, jump: Jump = Jump()) throws -> Result {
        var slot = givenSlot
        if article.boxed { slot.framed = true }
        let continued = jump.resumeAt != nil
        var elements: [PageElement] = []
        var occupancy = Occupancy(columns: slot.columns, lines: slot.lines)
        let slotRect = grid.rect(column: slot.column, columns: slot.columns, line: slot.line, lines: slot.lines)
        if slot.framed {
            elements.append(.frame(slotRect.insetBy(dx: -grid.template.gutter / 4, dy: 0), width: 0.6, .black))
        }
        // Inside a frame the text keeps clear of the rule by a quarter of the gutter.
        let inset = slot.framed ? grid.template.gutter / 2 : 0

        // Banners standing inside the slot are obstacles the text flows around.
        for b in grid.template.banners {
            let c0 = max(b.column, slot.column), c1 = min(b.column + b.columns, slot.column + slot.columns)
            let l0 = max(b.line, slot.line), l1 = min(b.line + b.lines, slot.line + slot.lines)
            if c0 < c1 && l0 < l1 {
                occupancy.take(columns: (c0 - slot.column)..<(c1 - slot.column), lines: (l0 - slot.line)..<(l1 - slot.line))
            }
        }

        // Headline block.
        let headColumns = min(slot.headlineColumns ?? slot.columns, slot.columns)
        let headWidth = grid.span(headColumns) - 2 * inset
        let headX = grid.columnX(slot.column) + inset
        var cursor = grid.lineTop(slot.line) + (slot.line > 0 ? grid.pitch * 0.5 : 0)
        let blockTop = grid.lineTop(slot.line)
        func stack(_ text: String?, _ style: TextStyle, role: LineRole) throws {
            guard let text, !text.isEmpty else { return }
            var s = style; s.indent = 0
            let (lines, fitted, x) = try displayLines(text, style: s, width: headWidth, article: article)
            s = fitted
            for l in lines {
                let baseline = cursor + (s.leading - s.size) / 2 + s.size * 0.88
                elements.append(.text(PlacedLine(line: l, origin: Point(x: headX + x, y: baseline), role: role,
                                                 articleID: article.id, column: nil, lineInColumn: nil, gridLine: nil)))
                cursor += s.leading
            }
        }
        let headlineStyle = slot.headlineStyle == .lead ? styles.headline : styles.secondaryHeadline
        if continued {
            // A continuation repeats the headline, smaller; kicker and subhead stay on the first page.
            try stack(article.headline.joined(), styles.secondaryHeadline, role: .headline)
        } else {
            try stack(article.kicker, styles.kicker, role: .kicker)
            for h in article.headline { try stack(h, headlineStyle, role: .headline) }
            try stack(article.subhead, styles.subhead, role: .subhead)
        }
        let headLines = grid.linesFor(height: cursor - blockTop + grid.pitch * 0.6)
        occupancy.take(columns: 0..<headColumns, lines: 0..<headLines)

        // Photo block: picture on whole grid lines, caption and credit below it.
        var photoOverset = ""
        var photoOversetLines = 0
        for photo in (continued ? [] : article.photos.prefix(1)) {
            let placement = slot.photo ?? PhotoPlacement(position: .top, column: 0, columns: slot.columns, lines: max(4, slot.lines / 3))
            let width = grid.span(placement.columns)
            let x = grid.columnX(slot.column + placement.column)
            var captionStyle = styles.caption
            let story = article.body.isEmpty  // a photo story: the caption is the text
            captionStyle.indent = story ? 2 : 0
            let captionLines = try compose(ParagraphInput(photo.caption, style: captionStyle), width: width, article: article, line: nil)
            var creditLines: [ComposedLine] = []
            if let credit = photo.credit, !credit.isEmpty {
                var cs = styles.credit; cs.align = .right; cs.indent = 0
                creditLines = try compose(ParagraphInput(credit, style: cs), width: width, article: article, line: nil)
            }
            let captionHeight = Double(captionLines.count) * captionStyle.leading + Double(creditLines.count) * styles.credit.leading
            let captionGridLines = grid.linesFor(height: captionHeight + grid.pitch * 0.6)
            let blockLines = placement.lines + captionGridLines
            let firstFree = (placement.column < headColumns) ? headLines : 0
            let start: Int
            switch placement.position {
            case .top: start = firstFree
            case .middle: start = max(firstFree, (slot.lines - blockLines) / 2)
            case .bottom: start = max(firstFree, slot.lines - blockLines)
            }
            occupancy.take(columns: placement.column..<(placement.column + placement.columns), lines: start..<(start + blockLines))
            if start + blockLines > slot.lines {
                // The photo block runs out of the module: its caption is what does not fit.
                photoOverset += captionLines.map(\.text).joined() + creditLines.map(\.text).joined()
                photoOversetLines += start + blockLines - slot.lines
            }
            let photoRect = Rect(x: x, y: grid.lineTop(slot.line + start) + grid.pitch * 0.25,
                                 width: width, height: Double(placement.lines) * grid.pitch - grid.pitch * 0.25)
            let image: ImageFile
            do { image = try ImageFile(path: photo.path) } catch {
                throw LayoutError.article(path: article.sourcePath, line: nil, message: "\(error)")
            }
            elements.append(.image(PlacedImage(image: image, frame: photoRect, articleID: article.id)))
            var y = photoRect.maxY + grid.pitch * 0.3
            for l in captionLines {
                let baseline = y + (captionStyle.leading - captionStyle.size) / 2 + captionStyle.size * 0.88
                elements.append(.text(PlacedLine(line: l, origin: Point(x: x, y: baseline), role: .caption,
                                                 articleID: article.id, column: nil, lineInColumn: nil, gridLine: nil)))
                y += captionStyle.leading
            }
            for l in creditLines {
                let s = styles.credit
                let baseline = y + (s.leading - s.size) / 2 + s.size * 0.88
                elements.append(.text(PlacedLine(line: l, origin: Point(x: x, y: baseline), role: .credit,
                                                 articleID: article.id, column: nil, lineInColumn: nil, gridLine: nil)))
                y += s.leading
            }
        }

        // Pull quote: a float on whole grid lines, taken from the cells before the body is poured.
        if !continued, let quote = article.pullQuote, !quote.isEmpty {
            try setPullQuote(quote, article: article, slot: slot, inset: inset, headColumns: headColumns,
                             headLines: headLines, occupancy: &occupancy, elements: &elements)
        }

        // Body: compose at the column measure, then pour into the free grid cells.
        let measure = grid.columnWidth - 2 * inset
        var bodyLines = try composeBody(article, measure: measure, from: jump.resumeAt ?? BodyCursor())
        if let from = jump.fromPage {
            var s = styles.jump; s.align = .left; s.indent = 0
            let text = grid.template.jumpFrom.replacingOccurrences(of: "{page}", with: "\(from)")
            let l = try compose(ParagraphInput(text, style: s), width: measure, article: article, line: nil)
            bodyLines.insert(contentsOf: l.map { BodyLine(line: $0, role: .jump, end: nil) }, at: 0)
        }
        let freeCells = (0..<slot.columns).map { occupancy.free(column: $0) }
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

    /// The pull quote between two red rules, centred in a block of whole grid lines with
    /// at least half a line of padding above and below, at the slot's placement (or the
    /// default). It repeats body text, so it takes no part in the copyfit accounting; a
    /// module too short to hold it beside what is already there simply goes without.
    /// The block keeps to its position when it can, else the nearest free lines (a photo
    /// or banner may stand there); the top starts below the headline block.
    private func setPullQuote(_ quote: String, article: Article, slot: Slot, inset: Double, headColumns: Int,
                              headLines: Int, occupancy: inout Occupancy, elements: inout [PageElement]) throws {
        let placement = slot.pullQuote ?? FloatPlacement.defaultPullQuote(slotColumns: slot.columns)
        let columns = min(placement.columns, slot.columns - placement.column)
        guard columns > 0 else { return }
        let width = grid.span(columns) - 2 * inset
        let x = grid.columnX(slot.column + placement.column) + inset
        let text = article.normalizePunctuation ? PunctuationNormalizer.normalize(quote) : quote
        let (lines, style, dx) = try displayLines(text, style: styles.pullQuote, width: width, article: article)
        let textHeight = Double(lines.count) * style.leading
        let blockLines = grid.linesFor(height: textHeight + grid.pitch)
        let firstFree = placement.column < headColumns ? headLines : 0
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
        guard let start = candidates.first(where: { occupancy.isFree(columns: span, lines: $0..<($0 + blockLines)) }) else { return }
        occupancy.take(columns: span, lines: start..<(start + blockLines))

        let red = Color(hex: "#c8102e") ?? .black
        let ruleWidth = 0.8
        let top = grid.lineTop(slot.line + start) + (Double(blockLines) * grid.pitch - textHeight) / 2
        elements.append(.rule(from: Point(x: x, y: top), to: Point(x: x + width, y: top), width: ruleWidth, red))
        var y = top
        for l in lines {
            let baseline = y + (style.leading - style.size) / 2 + style.size * 0.88
            elements.append(.text(PlacedLine(line: l, origin: Point(x: x + dx, y: baseline), role: .pullQuote,
                                             articleID: article.id, column: nil, lineInColumn: nil, gridLine: nil)))
            y += style.leading
        }
        elements.append(.rule(from: Point(x: x, y: y), to: Point(x: x + width, y: y), width: ruleWidth, red))
    }

    /// Display lines (headline, kicker, subhead) as a makeup editor sets them: one line
    /// if the type can shrink by at most a quarter to fit, else lines of even length
    /// (never a word or two left alone on the last line). Returns the lines, the style
    /// used and the x offset of the narrower measure within `width`.
    func displayLines(_ text: String, style: TextStyle, width: Double, article: Article) throws -> ([ComposedLine], TextStyle, Double) {
        let natural = try compose(ParagraphInput(text, style: style), width: width, article: article, line: nil)
        guard natural.count > 1 else { return (natural, style, 0) }
        for scale in [0.95, 0.9, 0.85, 0.8, 0.75] {
            var s = style; s.size = style.size * scale; s.leading = style.leading * scale
            let l = try compose(ParagraphInput(text, style: s), width: width, article: article, line: nil)
            if l.count == 1 { return (l, s, 0) }
        }
        // Even lines: the narrowest measure that keeps the same number of lines.
        let count = natural.count
        let full = natural.reduce(0) { $0 + $1.usedWidth }
        var measure = min(width, full / Double(count) + style.size)
        while measure < width {
            let l = try compose(ParagraphInput(text, style: style), width: measure, article: article, line: nil)
            if l.count == count { return (l, style, (width - measure) / 2) }
            measure += style.size / 2
        }
        return (natural, style, 0)
    }

    /// A body line and, for text lines, the cursor just after it (for jumps).
    struct BodyLine {
        var line: ComposedLine
        var role: LineRole
        var end: BodyCursor?
    }

    /// Composes the body from `start`: a paragraph cut by a jump resumes mid-way,
    /// without its first-line indent (and without the byline, which was set before).
    private func composeBody(_ article: Article, measure: Double, from start: BodyCursor) throws -> [BodyLine] {
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
                let lines = try compose(ParagraphInput(runs: input, style: style), width: measure, article: article, line: line)
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

    private func compose(_ input: ParagraphInput, width: Double, article: Article, line: Int?) throws -> [ComposedLine] {
        do { return try composer.lines(input, width: width) } catch let e as ComposeError {
            throw LayoutError.article(path: article.sourcePath, line: line, message: e.description)
        }
    }
}
