import Composer
import Interop
import Model

/// Sets one article into one slot of the grid: headline block across its columns,
/// photo with caption and credit, pull quote, then the body flowing down the columns
/// on the page's baseline grid around whatever the headline, photo and quote occupy.
///
/// The parts live beside this file: ArticleSetter+Headline (display lines),
/// +Photo, +PullQuote, +Body (composition, pouring, jumps and copyfit).
struct ArticleSetter {
    let composer: Composer
    let grid: PageGrid
    let images = ImageStore()
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
    struct Occupancy {
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

    /// One module being set: what the parts share and add to.
    struct Module {
        let article: Article
        let slot: Slot
        let page: Int
        /// Inside a frame the text keeps clear of the rule.
        let inset: Double
        var occupancy: Occupancy
        var elements: [PageElement] = []
        /// Columns and grid lines of the headline block (from the slot's first column).
        var headColumns = 0
        var headLines = 0
        /// Caption text that ran out of the module, and its lines.
        var photoOverset = ""
        var photoOversetLines = 0

        var continued: Bool = false

        /// A display line placed with its line box starting at `top`.
        mutating func place(_ line: ComposedLine, x: Double, top: Double, style: TextStyle, role: LineRole) {
            let baseline = top + (style.leading - style.size) / 2 + style.size * 0.88
            elements.append(.text(PlacedLine(line: line, origin: Point(x: x, y: baseline), role: role,
                                             articleID: article.id, column: nil, lineInColumn: nil, gridLine: nil)))
        }
    }

    func set(_ written: Article, in givenSlot: Slot, page: Int, jump: Jump = Jump()) throws -> Result {
        // Quotes as the module's body style sets them (zh-Hant: corner brackets), before
        // composition: one scalar for one, so jump cursors keep their offsets.
        let moduleBody = givenSlot.vertical ? (styles.verticalBody ?? styles.body) : styles.body
        guard moduleBody.quotes == .corner else { return try setAsWritten(written, in: givenSlot, page: page, jump: jump) }
        let (article, unbalanced) = CornerQuotes.apply(to: written)
        var r = try setAsWritten(article, in: givenSlot, page: page, jump: jump)
        if !unbalanced.isEmpty { r.copyfit.warnings = unbalanced.map(\.description) }
        return r
    }

    private func setAsWritten(_ article: Article, in givenSlot: Slot, page: Int, jump: Jump) throws -> Result {
        var slot = givenSlot
        if article.boxed { slot.framed = true }
        var m = Module(article: article, slot: slot, page: page, inset: slot.framed ? grid.template.gutter / 2 : 0,
                       occupancy: Occupancy(columns: slot.columns, lines: slot.lines))
        m.continued = jump.resumeAt != nil
        if slot.framed {
            m.elements.append(.frame(slotRect(slot).insetBy(dx: -grid.template.gutter / 4, dy: 0), width: 0.6, .black))
        }
        // Banners standing inside the slot are obstacles the text flows around.
        for b in grid.template.banners {
            let c0 = max(b.column, slot.column), c1 = min(b.column + b.columns, slot.column + slot.columns)
            let l0 = max(b.line, slot.line), l1 = min(b.line + b.lines, slot.line + slot.lines)
            if c0 < c1 && l0 < l1 {
                m.occupancy.take(columns: (c0 - slot.column)..<(c1 - slot.column), lines: (l0 - slot.line)..<(l1 - slot.line))
            }
        }
        if slot.vertical && !m.continued { return try setVerticalModule(&m) }
        if slot.verticalHeadline && !m.continued { try setVerticalHeadline(&m) } else { try setHeadline(&m) }
        if !m.continued, let photo = article.photos.first { try setPhoto(photo, &m) }
        if !m.continued, let quote = article.pullQuote, !quote.isEmpty { try setPullQuote(quote, &m) }
        return try setBody(&m, jump: jump)
    }

    func slotRect(_ slot: Slot) -> Rect {
        grid.rect(column: slot.column, columns: slot.columns, line: slot.line, lines: slot.lines)
    }

    func compose(_ input: ParagraphInput, width: Double, article: Article, line: Int?, hangRoom: Double = 0) throws -> [ComposedLine] {
        do { return try composer.lines(input, width: width, hangRoom: hangRoom) } catch let e as ComposeError {
            throw LayoutError.article(path: article.sourcePath, line: line, message: e.description)
        }
    }
}
