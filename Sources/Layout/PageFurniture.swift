import Composer
import Foundation
import Interop
import Model

/// The page's own furniture: header (报眉) with paper name, date and weekday, page
/// number and section; editor and proofreader; the footer colophon; banners.
struct PageFurniture {
    let composer: Composer
    let grid: PageGrid
    var template: PageTemplate { grid.template }

    struct Context {
        var newspaper: String
        var date: String        // ISO
        var issueNumber: Int
        var page: IssuePage
        var pageCount: Int = 1
        var weather: String? = nil
        var ears: [Masthead.Side: [String]] = [:]
    }

    func elements(_ ctx: Context) throws -> [PageElement] {
        var out: [PageElement] = []
        let styles = template.styles
        let left = template.margins.left
        let width = template.typeAreaWidth
        let top = template.margins.top
        let headerTop = top - template.header.height
        let ruleY = top - grid.pitch * 0.6

        if let masthead = template.masthead {
            // A front page: the masthead takes the header band.
            out += try MastheadSetter(composer: composer, grid: grid, masthead: masthead).elements(
                .init(newspaper: ctx.newspaper, date: ctx.date, issueNumber: ctx.issueNumber, pageCount: ctx.pageCount,
                      page: ctx.page.number, weather: ctx.weather, ears: ctx.ears))
        } else {
        // Header: section name large on the left, date/issue/page on the right,
        // editor and proofreader under it, then a heavy and a light rule.
        var section = styles.header
        section.size *= 2.2; section.leading = section.size * 1.2; section.weight = 900; section.align = .left; section.indent = 0
        let sectionLine = try line(ctx.page.section, section, width: width / 2)
        out.append(.text(PlacedLine(line: sectionLine, origin: Point(x: left, y: ruleY - template.header.rule - section.size * 0.35),
                                    role: .header, articleID: nil, column: nil, lineInColumn: nil, gridLine: nil)))
        var info = styles.header; info.align = .right; info.indent = 0
        let fields = MastheadSetter.Data(newspaper: ctx.newspaper, date: ctx.date, issueNumber: ctx.issueNumber,
                                         pageCount: ctx.pageCount, page: ctx.page.number, weather: ctx.weather, ears: [:])
        let staffFields = ["editor": ctx.page.editor ?? "", "proofreader": ctx.page.proofreader ?? "", "section": ctx.page.section]
        let dateText = template.header.info.map { MastheadSetter.fill($0, fields, extra: staffFields) }
            ?? "\(ctx.newspaper)  \(PageFurniture.chineseDate(ctx.date))  总第\(ctx.issueNumber)期  第\(ctx.page.number)版"
        let infoLine = try line(dateText, info, width: width / 2)
        out.append(.text(PlacedLine(line: infoLine, origin: Point(x: left + width / 2, y: headerTop + info.leading),
                                    role: .header, articleID: nil, column: nil, lineInColumn: nil, gridLine: nil)))
        var staff: [String] = []
        if let format = template.header.staff {
            staff.append(MastheadSetter.fill(format, fields, extra: staffFields))
        } else if template.header.info == nil {
            if let e = ctx.page.editor, !e.isEmpty { staff.append("编辑 \(e)") }
            if let p = ctx.page.proofreader, !p.isEmpty { staff.append("校对 \(p)") }
        }
        if !staff.isEmpty {
            let staffLine = try line(staff.joined(separator: "  "), info, width: width / 2)
            out.append(.text(PlacedLine(line: staffLine, origin: Point(x: left + width / 2, y: ruleY - template.header.rule - info.size * 0.5),
                                        role: .header, articleID: nil, column: nil, lineInColumn: nil, gridLine: nil)))
        }
        out.append(.rule(from: Point(x: left, y: ruleY), to: Point(x: left + width, y: ruleY), width: template.header.rule, .black))
        out.append(.rule(from: Point(x: left, y: ruleY + template.header.rule + 1.2), to: Point(x: left + width, y: ruleY + template.header.rule + 1.2), width: 0.4, .black))
        }

        // Footer colophon under a rule below the type area.
        let areaBottom = grid.lineTop(grid.lineCount)
        let footRule = areaBottom + grid.pitch * 0.5
        out.append(.rule(from: Point(x: left, y: footRule), to: Point(x: left + width, y: footRule), width: template.footer.rule, .black))
        var foot = styles.footer; foot.align = .center; foot.indent = 0
        var y = footRule + foot.leading
        for text in template.footer.colophon {
            for l in try composer.lines(ParagraphInput(text, style: foot), width: width) {
                out.append(.text(PlacedLine(line: l, origin: Point(x: left, y: y), role: .footer,
                                            articleID: nil, column: nil, lineInColumn: nil, gridLine: nil)))
                y += foot.leading
            }
        }

        // Banners: a coloured band on whole grid lines with its text centred.
        for b in template.banners {
            let r = grid.rect(column: b.column, columns: b.columns, line: b.line, lines: b.lines).insetBy(dx: 0, dy: grid.pitch * 0.25)
            out.append(.fill(r, Color(hex: b.background) ?? .black))
            var s = styles.banner; s.align = .center; s.indent = 0; s.color = b.foreground
            let l = try line(b.text, s, width: r.width)
            out.append(.text(PlacedLine(line: l, origin: Point(x: r.x, y: r.y + (r.height - s.size) / 2 + s.size * 0.88),
                                        role: .banner, articleID: nil, column: nil, lineInColumn: nil, gridLine: nil)))
        }
        return out
    }

    /// Furniture is one line by design: on a narrow page the type shrinks (to 60 %)
    /// before a text that still does not fit is reported as a template error.
    private func line(_ text: String, _ style: TextStyle, width: Double) throws -> ComposedLine {
        var lines: [ComposedLine] = []
        for scale in [1.0, 0.9, 0.8, 0.7, 0.6] {
            var s = style; s.size *= scale
            lines = try composer.lines(ParagraphInput(text, style: s), width: width)
            if lines.count == 1, let l = lines.first { return l }
        }
        throw LayoutError.template(path: template.sourcePath, message: "page furniture text '\(text)' does not fit on one line (\(lines.count) lines)")
    }

    /// 2024-01-12 → 2024年1月12日 星期五
    static func chineseDate(_ iso: String) -> String {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return iso }
        var comps = DateComponents(); comps.year = parts[0]; comps.month = parts[1]; comps.day = parts[2]
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let names = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"]
        guard let d = cal.date(from: comps) else { return iso }
        let wd = cal.component(.weekday, from: d)
        return "\(parts[0])年\(parts[1])月\(parts[2])日 \(names[wd - 1])"
    }
}
