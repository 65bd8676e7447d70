import Foundation
import XCTest
@testable import Composer
@testable import Interop
@testable import Layout
@testable import Model

/// Pull quotes (引语): a float of whole grid lines the body wraps around, on a small
/// template built in code (3 columns of 16 em, 30 lines of 15 pt) so positions are exact.
final class PullQuoteTests: XCTestCase {
    static let library = FontLibrary()
    /// 18 characters at 14 pt: one line over two columns (330 pt); two even lines in one (160 pt).
    let quote = "以项目建设之进支撑经济发展之稳定增长"

    func style(_ family: String = "Noto Serif CJK SC", size: Double = 10, leading: Double = 15, weight: Int = 400,
               align: TextAlign = .justify, indent: Double = 2) -> TextStyle {
        TextStyle(family: family, weight: weight, size: size, leading: leading, align: align, indent: indent)
    }

    func template(slots: [Slot], lines: Int = 30) -> PageTemplate {
        let head = style("Noto Sans CJK SC", size: 20, leading: 30, weight: 700, align: .center, indent: 0)
        let small = style(size: 7, leading: 10, align: .center, indent: 0)
        // No pull-quote style: the default (kicker's family, 700, 14 pt on 30 pt, centred, red).
        let sheet = StyleSheet(body: style(), bold: style("Noto Sans CJK SC", weight: 700), byline: style("Noto Sans CJK SC", weight: 700),
                               inBodySubhead: head, kicker: head, headline: head, secondaryHeadline: head, subhead: head,
                               caption: style(size: 9, leading: 13.5, indent: 0), credit: small, header: style(indent: 0),
                               footer: small, banner: head, jump: small)
        return PageTemplate(name: "t", sourcePath: "t.yaml", trimWidth: 3 * 160 + 2 * 10 + 40, trimHeight: Double(lines) * 15 + 120,
                            margins: Margins(top: 80, bottom: 40, left: 20, right: 20), columns: 3, gutter: 10,
                            styles: sheet, header: HeaderSpec(height: 40, rule: 1), footer: FooterSpec(colophon: ["地址"], rule: 0.5),
                            slots: slots)
    }

    /// Paragraphs of different lengths, so lines end mid-measure and paragraphs start on fresh lines.
    func body(_ paragraphs: Int) -> [String] {
        (0..<paragraphs).map { String(repeating: "示范区经济稳中有进动能持续增强", count: 3 + $0 % 4) + "。" }
    }

    func article(_ paragraphs: [String], quote: String?) -> Article {
        Article(id: "a", sourcePath: "a.txt", headline: ["标题"],
                body: paragraphs.enumerated().map { .paragraph([InlineRun($1)], line: $0 + 5) }, pullQuote: quote)
    }

    func layOut(_ t: PageTemplate, _ a: Article) throws -> LaidOutPage {
        let page = IssuePage(number: 1, templateName: "t", template: t, section: "测试", placements: [t.slots[0].name: a.id])
        let issue = Issue(sourcePath: "issue.yaml", newspaper: "测试报", date: "2024-01-12", number: 1, pages: [page],
                          articles: [a.id: a])
        return try PageLayoutEngine(composer: Composer(fonts: Self.library)).layout(page: page, of: issue)
    }

    func rules(_ page: LaidOutPage) -> [(from: Point, to: Point, width: Double, color: Color)] {
        page.elements.compactMap { if case let .rule(a, b, w, c) = $0 { return (a, b, w, c) } else { return nil } }
    }

    /// Sets `a` into `slot` and checks the float: its lines and rules inside the rectangle
    /// of `columns` (page columns) × `lines` (page grid lines), no body line in those cells,
    /// body on the grid on both sides, every body character placed once.
    @discardableResult
    func checkFloat(slot: Slot, article a: Article, columns: Range<Int>, lines: Range<Int>,
                    file: StaticString = #filePath, line: UInt = #line) throws -> LaidOutPage {
        let t = template(slots: [slot])
        let grid = PageGrid(t)
        let page = try layOut(t, a)
        let float = grid.rect(column: columns.lowerBound, columns: columns.count, line: lines.lowerBound, lines: lines.count)

        let quoteLines = page.lines.filter { $0.role == .pullQuote }
        XCTAssertEqual(quoteLines.map(\.line.text).joined(), a.pullQuote, file: file, line: line)
        for q in quoteLines {
            XCTAssertEqual(q.articleID, "a", file: file, line: line)
            XCTAssertNil(q.gridLine, file: file, line: line)
            let top = q.origin.y - q.line.em * 0.88, bottom = q.origin.y + q.line.em * 0.12
            XCTAssertGreaterThan(top, float.y, file: file, line: line)
            XCTAssertLessThan(bottom, float.maxY, file: file, line: line)
            XCTAssertGreaterThanOrEqual(q.origin.x + q.line.clusters.first!.x, float.x - 1e-9, file: file, line: line)
            XCTAssertLessThanOrEqual(q.origin.x + q.line.usedWidth, float.maxX + 1e-9, file: file, line: line)
        }
        // A red 0.8 pt rule above and below the text, across the float, half a line clear of its edges.
        let r = rules(page).filter { $0.width == 0.8 }
        XCTAssertEqual(r.count, 2, file: file, line: line)
        if r.count == 2 {
            XCTAssertEqual(r[0].color, Color(hex: "#c8102e"), file: file, line: line)
            XCTAssertEqual(r[0].from.x, float.x, accuracy: 1e-9, file: file, line: line)
            XCTAssertEqual(r[0].to.x, float.maxX, accuracy: 1e-9, file: file, line: line)
            XCTAssertGreaterThanOrEqual(r[0].from.y, float.y + grid.pitch / 2 - 1e-9, file: file, line: line)
            XCTAssertLessThanOrEqual(r[1].from.y, float.maxY - grid.pitch / 2 + 1e-9, file: file, line: line)
            // Centred in the float.
            XCTAssertEqual(r[0].from.y - float.y, float.maxY - r[1].from.y, accuracy: 1e-9, file: file, line: line)
            for q in quoteLines {
                XCTAssertTrue(r[0].from.y < q.origin.y && q.origin.y < r[1].from.y, file: file, line: line)
            }
        }

        let body = page.lines.filter { $0.role == .body }
        for l in body {
            let g = try XCTUnwrap(l.gridLine, file: file, line: line)
            XCTAssertEqual(l.origin.y, grid.baseline(g), accuracy: 1e-9, file: file, line: line)
            let inFloat = columns.contains(l.column! - 1) && lines.contains(g)
            XCTAssertFalse(inFloat, "body line in the pull quote's cell: column \(l.column!), grid line \(g)", file: file, line: line)
        }
        // The quote repeats body text: the body is all there, once, and the copyfit ignores the quote.
        XCTAssertEqual(body.map(\.line.text).joined(), a.body.map(\.text).joined(), file: file, line: line)
        XCTAssertNotEqual(page.copyfit.first?.status, .overset, file: file, line: line)
        XCTAssertEqual(page.copyfit.first?.oversetText, "", file: file, line: line)
        return page
    }

    func testMiddleFloatWithBodyAboveAndBelowOnTheGrid() throws {
        // 30 lines, headline block 3 lines, quote block 3 lines (one 30 pt line + 15 pt): middle = (30 − 3) / 2.
        let slot = Slot(name: "s", column: 0, columns: 3, line: 0, lines: 30,
                        pullQuote: FloatPlacement(position: .middle, column: 0, columns: 2))
        let page = try checkFloat(slot: slot, article: article(body(12), quote: quote), columns: 0..<2, lines: 13..<16)
        // The body wraps: lines above and below the float in both of its columns, beside it in the third.
        let body = page.lines.filter { $0.role == .body }
        for c in 1...2 {
            XCTAssertTrue(body.contains { $0.column == c && $0.gridLine! < 13 }, "column \(c) above")
            XCTAssertTrue(body.contains { $0.column == c && $0.gridLine! >= 16 }, "column \(c) below")
        }
        XCTAssertTrue(body.contains { $0.column == 3 && (13..<16).contains($0.gridLine!) })
        // Above and below share one baseline grid: grid lines are consecutive around the float.
        let col1 = body.filter { $0.column == 1 }.map { $0.gridLine! }
        XCTAssertEqual(col1.filter { $0 < 13 }.last, 12)
        XCTAssertEqual(col1.first { $0 >= 13 }, 16)
    }

    func testTopAndBottomLandWhereAsked() throws {
        let a = article(body(12), quote: quote)
        // Top: just under the headline block (3 lines).
        try checkFloat(slot: Slot(name: "s", column: 0, columns: 3, line: 0, lines: 30,
                                  pullQuote: FloatPlacement(position: .top, column: 1, columns: 2)),
                       article: a, columns: 1..<3, lines: 3..<6)
        // Bottom: the module's last three lines.
        try checkFloat(slot: Slot(name: "s", column: 0, columns: 3, line: 0, lines: 30,
                                  pullQuote: FloatPlacement(position: .bottom, column: 1, columns: 2)),
                       article: a, columns: 1..<3, lines: 27..<30)
        // Top beside an L-shaped headline (over columns 1–2): the float starts on the module's first
        // line; in one column the quote takes two lines (60 pt + padding = 5 grid lines).
        try checkFloat(slot: Slot(name: "s", column: 0, columns: 3, line: 0, lines: 30, headlineColumns: 2,
                                  pullQuote: FloatPlacement(position: .top, column: 2, columns: 1)),
                       article: a, columns: 2..<3, lines: 0..<5)
    }

    func testSlotLowerOnThePageKeepsToThePageGrid() throws {
        // A module starting on page line 4: its own lines count from there.
        let slot = Slot(name: "s", column: 0, columns: 3, line: 4, lines: 26,
                        pullQuote: FloatPlacement(position: .bottom, column: 0, columns: 3))
        try checkFloat(slot: slot, article: article(body(8), quote: quote), columns: 0..<3, lines: 27..<30)
    }

    func testDefaultPlacementIsMiddleOfTwoColumnsOrTopOfOne() throws {
        XCTAssertEqual(FloatPlacement.defaultPullQuote(slotColumns: 4), FloatPlacement(position: .middle, column: 0, columns: 2))
        XCTAssertEqual(FloatPlacement.defaultPullQuote(slotColumns: 2), FloatPlacement(position: .middle, column: 0, columns: 2))
        XCTAssertEqual(FloatPlacement.defaultPullQuote(slotColumns: 1), FloatPlacement(position: .top, column: 0, columns: 1))
        try checkFloat(slot: Slot(name: "s", column: 0, columns: 3, line: 0, lines: 30),
                       article: article(body(12), quote: quote), columns: 0..<2, lines: 13..<16)
        // One column: 18 characters do not fit in 160 pt even a quarter smaller → two lines (60 pt) + padding = 5 grid lines.
        let page = try checkFloat(slot: Slot(name: "s", column: 1, columns: 1, line: 0, lines: 30),
                                  article: article(body(3), quote: quote), columns: 1..<2, lines: 3..<8)
        XCTAssertEqual(page.lines.filter { $0.role == .pullQuote }.count, 2)
    }

    func testOversetAccountsForTheBodyOnly() throws {
        let t = template(slots: [Slot(name: "s", column: 0, columns: 1, line: 0, lines: 12)])
        let a = article(body(4), quote: quote)
        let page = try layOut(t, a)
        let entry = try XCTUnwrap(page.copyfit.first)
        XCTAssertEqual(entry.status, .overset)
        let placed = page.lines.filter { $0.role == .body }.map(\.line.text).joined()
        XCTAssertEqual(placed + entry.oversetText, a.body.map(\.text).joined())
        XCTAssertFalse(page.lines.filter { $0.role == .pullQuote }.isEmpty)
    }

    func testNoQuoteWhereItHasNoRoomAndTheManifestRole() throws {
        // 6 lines: headline 3 + quote 5 do not fit in one column: the module goes without.
        let t = template(slots: [Slot(name: "s", column: 0, columns: 1, line: 0, lines: 6)])
        let page = try layOut(t, article(body(1), quote: quote))
        XCTAssertTrue(page.lines.filter { $0.role == .pullQuote }.isEmpty)
        XCTAssertTrue(rules(page).filter { $0.width == 0.8 }.isEmpty)
        // A story without a quote is set as before.
        let plain = try layOut(template(slots: [Slot(name: "s", column: 0, columns: 3, line: 0, lines: 30)]), article(body(12), quote: nil))
        XCTAssertTrue(plain.lines.filter { $0.role == .pullQuote }.isEmpty)
        XCTAssertEqual(LineRole.pullQuote.rawValue, "pullQuote")
        // Manifest: quote lines by role, rules as boxes.
        let m = LayoutManifest(issue: "t", date: "2024-01-12", pages: [try layOut(template(slots: [Slot(name: "s", column: 0, columns: 3, line: 0, lines: 30)]), article(body(12), quote: quote))], glyphs: false)
        XCTAssertEqual(m.pages[0].lines.filter { $0.role == "pullQuote" }.map(\.text).joined(), quote)
        XCTAssertGreaterThanOrEqual(m.pages[0].boxes.filter { $0.kind == "rule" }.count, 2)
    }
}
