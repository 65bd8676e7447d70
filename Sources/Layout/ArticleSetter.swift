import Composer
import Interop
import Model

/// Sets one article into one slot of the grid: headline block across its columns,
/// photo with caption and credit, then the body flowing down the columns on the
/// page's baseline grid around whatever the headline and photo occupy.
struct ArticleSetter {
    let composer: Composer
    let grid: PageGrid
    var styles: StyleSheet { grid.template.styles }

    struct Result {
        var elements: [PageElement]
        var copyfit: CopyfitEntry
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
    }

    func set(_ article: Article, in slot: Slot, page: Int) throws -> Result {
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
            let cols = max(b.column, slot.column)..<min(b.column + b.columns, slot.column + slot.columns)
            let lines = max(b.line, slot.line)..<min(b.line + b.lines, slot.line + slot.lines)
            if !cols.isEmpty && !lines.isEmpty {
                occupancy.take(columns: (cols.lowerBound - slot.column)..<(cols.upperBound - slot.column),
                               lines: (lines.lowerBound - slot.line)..<(lines.upperBound - slot.line))
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
            let lines = try compose(ParagraphInput(text, style: s), width: headWidth, article: article, line: nil)
            for l in lines {
                let baseline = cursor + (s.leading - s.size) / 2 + s.size * 0.88
                elements.append(.text(PlacedLine(line: l, origin: Point(x: headX, y: baseline), role: role,
                                                 articleID: article.id, column: nil, lineInColumn: nil, gridLine: nil)))
                cursor += s.leading
            }
        }
        let headlineStyle = slot.headlineStyle == .lead ? styles.headline : styles.secondaryHeadline
        try stack(article.kicker, styles.kicker, role: .kicker)
        for h in article.headline { try stack(h, headlineStyle, role: .headline) }
        try stack(article.subhead, styles.subhead, role: .subhead)
        let headLines = grid.linesFor(height: cursor - blockTop + grid.pitch * 0.6)
        occupancy.take(columns: 0..<headColumns, lines: 0..<headLines)

        // Photo block: picture on whole grid lines, caption and credit below it.
        for (index, photo) in article.photos.prefix(1).enumerated() {
            _ = index
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

        // Body: compose at the column measure, then pour into the free grid cells.
        let measure = grid.columnWidth - 2 * inset
        let bodyLines = try composeBody(article, measure: measure)
        let freeCells = (0..<slot.columns).map { occupancy.free(column: $0) }
        let flow = ColumnFlow(lines: bodyLines.map(\.0)).pour(into: freeCells)
        var next = 0
        for (c, cells) in flow.enumerated() {
            var inColumn = 0
            for (rel, index) in cells {
                let (line, role) = bodyLines[index]
                next = index + 1
                inColumn += 1
                let gridLine = slot.line + rel
                elements.append(.text(PlacedLine(line: line, origin: Point(x: grid.columnX(slot.column + c) + inset, y: grid.baseline(gridLine)),
                                                 role: role, articleID: article.id, column: slot.column + c + 1,
                                                 lineInColumn: inColumn, gridLine: gridLine)))
            }
        }
        let capacity = freeCells.reduce(0) { $0 + $1.count }
        let overset = bodyLines[next...].map(\.0)
        let oversetText = overset.map(\.text).joined()
        let underset = max(0, capacity - bodyLines.count)
        let status: CopyfitEntry.Status = !overset.isEmpty ? .overset : (underset >= slot.columns ? .underset : .fits)
        let entry = CopyfitEntry(articleID: article.id, slot: slot.name, page: page, status: status,
                                 oversetCharacters: oversetText.filter { !$0.isWhitespace }.count,
                                 oversetLines: overset.count, undersetLines: overset.isEmpty ? underset : 0,
                                 oversetText: oversetText, frame: slotRect)
        return Result(elements: elements, copyfit: entry)
    }

    private func composeBody(_ article: Article, measure: Double) throws -> [(ComposedLine, LineRole)] {
        var out: [(ComposedLine, LineRole)] = []
        var first = true
        for block in article.body {
            switch block {
            case let .paragraph(runs, line):
                var input: [ParagraphInput.Run] = []
                if first, let byline = article.byline, !byline.isEmpty {
                    input.append(.init(byline, styles.byline))
                }
                for r in runs {
                    let text = r.text  // NORMALIZE-HOOK
                    input.append(.init(text, r.emphasis == .bold ? styles.bold : styles.body))
                }
                first = false
                let lines = try compose(ParagraphInput(runs: input, style: styles.body), width: measure, article: article, line: line)
                out += lines.map { ($0, .body) }
            case let .subhead(text, line):
                var s = styles.inBodySubhead; s.indent = 0; s.align = .center
                let lines = try compose(ParagraphInput(text, style: s), width: measure, article: article, line: line)
                out += lines.map { ($0, .inBodySubhead) }
            }
        }
        return out
    }

    private func compose(_ input: ParagraphInput, width: Double, article: Article, line: Int?) throws -> [ComposedLine] {
        do { return try composer.lines(input, width: width) } catch let e as ComposeError {
            throw LayoutError.article(path: article.sourcePath, line: line, message: e.description)
        }
    }
}
