import Composer
import Interop
import Model

extension ArticleSetter {
    /// Kicker, headline and subhead across the headline columns, then whole grid
    /// lines down to the body. A continuation repeats the headline only, smaller.
    func setHeadline(_ m: inout Module) throws {
        let slot = m.slot, article = m.article
        m.headColumns = min(slot.headlineColumns ?? slot.columns, slot.columns)
        let width = grid.span(m.headColumns) - 2 * m.inset
        let x = grid.columnX(slot.column) + m.inset
        let blockTop = grid.lineTop(slot.line)
        var cursor = blockTop + (slot.line > 0 ? grid.pitch * 0.5 : 0)
        func stack(_ text: String?, _ style: TextStyle, role: LineRole) throws {
            guard let text, !text.isEmpty else { return }
            var s = style; s.indent = 0
            let (lines, fitted, dx) = try displayLines(text, style: s, width: width, article: article)
            for l in lines {
                m.place(l, x: x + dx, top: cursor, style: fitted, role: role)
                cursor += fitted.leading
            }
        }
        if m.continued {
            try stack(article.headline.joined(separator: "\u{3000}"), styles.secondaryHeadline, role: .headline)
        } else {
            let headlineStyle = slot.headlineStyle == .lead ? styles.headline : styles.secondaryHeadline
            try stack(article.kicker, styles.kicker, role: .kicker)
            for h in article.headline { try stack(h, headlineStyle, role: .headline) }
            try stack(article.subhead, styles.subhead, role: .subhead)
        }
        m.headLines = grid.linesFor(height: cursor - blockTop + grid.pitch * 0.6)
        m.occupancy.take(columns: 0..<m.headColumns, lines: 0..<m.headLines)
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
}
