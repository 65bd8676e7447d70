import Composer
import Interop
import Model

extension ArticleSetter {
    /// The photo block: the picture on whole grid lines at the slot's placement, the
    /// caption and credit under it. In a photo story (no body) the caption is the
    /// text, indented like a paragraph. A block running out of the module makes its
    /// caption overset.
    func setPhoto(_ photo: Photo, _ m: inout Module) throws {
        let slot = m.slot, article = m.article
        let placement = slot.photo ?? PhotoPlacement(position: .top, column: 0, columns: slot.columns, lines: max(4, slot.lines / 3))
        let width = grid.span(placement.columns)
        let x = grid.columnX(slot.column + placement.column)
        var captionStyle = styles.caption
        captionStyle.indent = article.body.isEmpty ? 2 : 0
        let captionLines = try compose(ParagraphInput(photo.caption, style: captionStyle), width: width, article: article, line: nil)
        var creditStyle = styles.credit; creditStyle.align = .right; creditStyle.indent = 0
        let creditLines = try photo.credit.map { $0.isEmpty ? [] : try compose(ParagraphInput($0, style: creditStyle), width: width, article: article, line: nil) } ?? []
        let captionHeight = Double(captionLines.count) * captionStyle.leading + Double(creditLines.count) * creditStyle.leading
        let blockLines = placement.lines + grid.linesFor(height: captionHeight + grid.pitch * 0.6)
        let firstFree = placement.column < m.headColumns ? m.headLines : 0
        let start: Int
        switch placement.position {
        case .top: start = firstFree
        case .middle: start = max(firstFree, (slot.lines - blockLines) / 2)
        case .bottom: start = max(firstFree, slot.lines - blockLines)
        }
        m.occupancy.take(columns: placement.column..<(placement.column + placement.columns), lines: start..<(start + blockLines))
        if start + blockLines > slot.lines {
            m.photoOverset += captionLines.map(\.text).joined() + creditLines.map(\.text).joined()
            m.photoOversetLines += start + blockLines - slot.lines
        }
        let frame = Rect(x: x, y: grid.lineTop(slot.line + start) + grid.pitch * 0.25,
                         width: width, height: Double(placement.lines) * grid.pitch - grid.pitch * 0.25)
        let image = try images.image(photo.path, for: article)
        m.elements.append(.image(PlacedImage(image: image, frame: frame, articleID: article.id)))
        var y = frame.maxY + grid.pitch * 0.3
        for l in captionLines { m.place(l, x: x, top: y, style: captionStyle, role: .caption); y += captionStyle.leading }
        for l in creditLines { m.place(l, x: x, top: y, style: creditStyle, role: .credit); y += creditStyle.leading }
    }
}
