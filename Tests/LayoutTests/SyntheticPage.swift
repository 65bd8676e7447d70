import Foundation
@testable import Composer
@testable import Interop
@testable import Layout
@testable import Model

/// A small synthetic template and articles built in code (no files), so positions
/// in the layout tests are exact: columns of 16 em at 10 pt = 160 pt, gutters 10 pt.
protocol SyntheticPageBuilding {}

extension SyntheticPageBuilding {
    func style(_ family: String = "Noto Serif CJK SC", size: Double = 10, leading: Double = 15, weight: Int = 400,
               align: TextAlign = .justify, indent: Double = 2) -> TextStyle {
        TextStyle(family: family, weight: weight, size: size, leading: leading, align: align, indent: indent)
    }

    func template(slots: [Slot], columns: Int = 3, lines: Int = 20) -> PageTemplate {
        let body = style()
        let head = style("Noto Sans CJK SC", size: 20, leading: 30, weight: 700, align: .center, indent: 0)
        let small = style(size: 7, leading: 10, align: .center, indent: 0)
        let sheet = StyleSheet(body: body, bold: style("Noto Sans CJK SC", weight: 700), byline: style("Noto Sans CJK SC", weight: 700),
                               inBodySubhead: head, kicker: head, headline: head, secondaryHeadline: head, subhead: head,
                               caption: style(size: 9, leading: 13.5, indent: 0), credit: small, header: style(indent: 0),
                               footer: small, banner: head, jump: small)
        let width = Double(columns) * 160 + Double(columns - 1) * 10
        return PageTemplate(name: "t", sourcePath: "t.yaml", trimWidth: width + 40, trimHeight: Double(lines) * 15 + 120,
                            margins: Margins(top: 80, bottom: 40, left: 20, right: 20), columns: columns, gutter: 10,
                            styles: sheet, header: HeaderSpec(height: 40, rule: 1), footer: FooterSpec(colophon: ["地址"], rule: 0.5),
                            slots: slots)
    }

    func article(_ id: String, paragraphs: [String], headline: String = "标题") -> Article {
        Article(id: id, sourcePath: "\(id).txt", headline: [headline],
                body: paragraphs.enumerated().map { .paragraph([InlineRun($1)], line: $0 + 5) })
    }
}
