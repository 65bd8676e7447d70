import Foundation
import XCTest
@testable import Composer
@testable import Interop
@testable import Layout
@testable import Model

/// Layout on a small synthetic template built in code (no files), so positions are exact.
final class LayoutTests: XCTestCase, SyntheticPageBuilding {
    static let library = FontLibrary()

    func layOut(_ t: PageTemplate, _ articles: [Article], placements: [String: String]) throws -> LaidOutPage {
        let page = IssuePage(number: 1, templateName: "t", template: t, section: "测试", placements: placements)
        let issue = Issue(sourcePath: "issue.yaml", newspaper: "测试报", date: "2024-01-12", number: 1, pages: [page],
                          articles: Dictionary(uniqueKeysWithValues: articles.map { ($0.id, $0) }))
        let engine = PageLayoutEngine(composer: Composer(fonts: Self.library))
        return try engine.layout(page: page, of: issue)
    }

    func testBodyLinesSitOnTheSharedBaselineGrid() throws {
        let t = template(slots: [Slot(name: "a", column: 0, columns: 2, line: 0, lines: 20),
                                 Slot(name: "b", column: 2, columns: 1, line: 0, lines: 20)])
        let text = String(repeating: "示范区经济稳中有进动能持续增强", count: 20)
        let page = try layOut(t, [article("a", paragraphs: [text]), article("b", paragraphs: [text], headline: "长一点的标题文字")],
                              placements: ["a": "a", "b": "b"])
        let grid = PageGrid(t)
        let body = page.lines.filter { $0.role == .body }
        XCTAssertGreaterThan(body.count, 30)
        for l in body {
            let g = try XCTUnwrap(l.gridLine)
            XCTAssertEqual(l.origin.y, grid.baseline(g), accuracy: 1e-9)
            // Baselines are whole pitches apart from the first grid line, whatever the article.
            let k = (l.origin.y - grid.baseline(0)) / 15
            XCTAssertEqual(k, k.rounded(), accuracy: 1e-9)
        }
        // Both articles share baselines: every grid line used in column 3 is also one of column 1's.
        let ys1 = Set(body.filter { $0.column == 1 }.map(\.origin.y))
        let ys3 = Set(body.filter { $0.column == 3 }.map(\.origin.y))
        XCTAssertFalse(ys3.isEmpty)
        XCTAssertTrue(ys3.isSubset(of: ys1) || ys1.isSubset(of: ys3))
    }

    func testOversetIsReportedWithEveryMissingCharacter() throws {
        let t = template(slots: [Slot(name: "a", column: 0, columns: 1, line: 0, lines: 6)])
        let text = String(repeating: "一二三四五六七八九十", count: 12)   // 120 chars, 8 lines at 16/line
        let page = try layOut(t, [article("a", paragraphs: [text])], placements: ["a": "a"])
        let entry = try XCTUnwrap(page.copyfit.first)
        XCTAssertEqual(entry.status, .overset)
        let placed = page.lines.filter { $0.role == .body }.map(\.line.text).joined()
        XCTAssertEqual(placed + entry.oversetText, text)
        XCTAssertEqual(entry.oversetCharacters, entry.oversetText.count)
        XCTAssertGreaterThan(entry.oversetLines, 0)
    }

    func testColumnsAreBalancedAtTheEndOfAnArticle() throws {
        let t = template(slots: [Slot(name: "a", column: 0, columns: 3, line: 0, lines: 20)])
        // 16 em measure, indent 2: 14 + 16 × 8 = 142 characters make 9 lines.
        let text = String(repeating: "中", count: 142)
        let page = try layOut(t, [article("a", paragraphs: [text])], placements: ["a": "a"])
        let body = page.lines.filter { $0.role == .body }
        XCTAssertEqual(body.count, 9)
        let perColumn = Dictionary(grouping: body, by: { $0.column! }).mapValues(\.count)
        XCTAssertEqual(perColumn, [1: 3, 2: 3, 3: 3])
        XCTAssertEqual(page.copyfit.first?.status, .underset)
    }

    func testHeadlineBlockTakesWholeGridLinesAboveTheBody() throws {
        let t = template(slots: [Slot(name: "a", column: 0, columns: 2, line: 0, lines: 20)])
        let page = try layOut(t, [article("a", paragraphs: [String(repeating: "中", count: 300)])], placements: ["a": "a"])
        let head = try XCTUnwrap(page.lines.first { $0.role == .headline })
        let firstBody = try XCTUnwrap(page.lines.first { $0.role == .body })
        XCTAssertLessThan(head.origin.y, firstBody.origin.y)
        // 30 pt headline block + padding → 3 grid lines; body starts on grid line 3.
        XCTAssertEqual(firstBody.gridLine, 3)
        // The headline is centred over the two columns (330 pt).
        let hl = head.line
        XCTAssertEqual(hl.clusters.first!.x + hl.usedWidth - hl.clusters.first!.x, hl.usedWidth)
        XCTAssertEqual(head.origin.x + hl.clusters.first!.x, 20 + (330 - 40) / 2, accuracy: 0.01)
    }

    func testJumpContinuesExactlyWhereTheStoryStopped() throws {
        let t = template(slots: [Slot(name: "a", column: 0, columns: 2, line: 0, lines: 8)])
        let paragraphs = (1...6).map { n in String(repeating: "第\(n)段文字排版测试", count: 5) }
        let story = article("s", paragraphs: paragraphs)
        let p1 = IssuePage(number: 1, templateName: "t", template: t, section: "一", placements: ["a": "s"])
        let p2 = IssuePage(number: 2, templateName: "t", template: t, section: "二", placements: ["a": "s"])
        let issue = Issue(sourcePath: "issue.yaml", newspaper: "测试报", date: "2024-01-12", number: 1, pages: [p1, p2],
                          articles: ["s": story])
        let pages = try PageLayoutEngine(composer: Composer(fonts: Self.library)).layout(issue)
        let grid = PageGrid(t)
        // Page 1: the last cell of the last column holds the jump line, right-aligned.
        let jump = try XCTUnwrap(pages[0].lines.first { $0.role == .jump })
        XCTAssertEqual(jump.line.text, "（下转第2版）")
        XCTAssertEqual(jump.column, 2)
        XCTAssertEqual(jump.gridLine, 7)
        XCTAssertEqual(jump.origin.y, grid.baseline(7), accuracy: 1e-9)
        XCTAssertEqual(jump.origin.x + jump.line.usedWidth, grid.columnX(1) + grid.columnWidth, accuracy: 0.01)
        XCTAssertEqual(pages[0].copyfit[0].status, .fits)
        XCTAssertEqual(pages[0].copyfit[0].continuesOnPage, 2)
        // Page 2 starts with 上接 and the text resumes where page 1 stopped: nothing lost or repeated.
        let from = try XCTUnwrap(pages[1].lines.first { $0.role == .jump })
        XCTAssertEqual(from.line.text, "（上接第1版）")
        let body = { (p: LaidOutPage) in p.lines.filter { $0.role == .body }.map(\.line.text).joined() }
        XCTAssertEqual(body(pages[0]) + body(pages[1]), paragraphs.joined())
        XCTAssertFalse(body(pages[1]).isEmpty)
    }

    func testAdFillsItsSlotAndGetsNoColumnRules() throws {
        let adPath = CLIPaths.repo + "/Articles/2024-01-12/ads/subscribe.pdf"
        let t = template(slots: [Slot(name: "a", column: 0, columns: 2, line: 0, lines: 20),
                                 Slot(name: "ad", column: 2, columns: 1, line: 0, lines: 20)])
        var page = IssuePage(number: 1, templateName: "t", template: t, section: "测试", placements: ["a": "a"])
        page.ads = ["ad": adPath]
        let issue = Issue(sourcePath: "issue.yaml", newspaper: "测试报", date: "2024-01-12", number: 1, pages: [page],
                          articles: ["a": article("a", paragraphs: [String(repeating: "中", count: 200)])])
        let laid = try PageLayoutEngine(composer: Composer(fonts: Self.library)).layout(page: page, of: issue)
        let grid = PageGrid(t)
        let art = laid.elements.compactMap { e -> Rect? in if case let .artwork(_, r) = e { return r } else { return nil } }
        XCTAssertEqual(art, [grid.rect(column: 2, columns: 1, line: 0, lines: 20).insetBy(dx: 0, dy: grid.pitch * 0.25)])
        let rules = laid.elements.filter { if case .rule = $0 { return true } else { return false } }
        // Only the furniture rules (two under the header, one over the colophon): none beside the ad.
        XCTAssertEqual(rules.count, 3)
    }

    func testChineseDateHasWeekday() {
        XCTAssertEqual(PageFurniture.chineseDate("2024-01-12"), "2024年1月12日 星期五")
        XCTAssertEqual(PageFurniture.chineseDate("2023-12-31"), "2023年12月31日 星期日")
    }
}

enum CLIPaths {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}

final class ColumnFlowTests: XCTestCase {
    /// Lines of paragraphs with the given line counts.
    func lines(_ paragraphs: [Int]) -> [ComposedLine] {
        paragraphs.flatMap { n in (0..<n).map { ComposedLine(runs: [], measure: 100, usedWidth: 100, isParagraphEnd: $0 == n - 1, em: 10) } }
    }

    func testFirstLineOfAParagraphIsNotLeftAloneAtAColumnBottom() {
        // Two columns of 4 cells; paragraphs of 3 and 4 lines: the 4-line paragraph
        // would start on the last cell of column 1.
        let flow = ColumnFlow(lines: lines([3, 4])).pour(into: [[0, 1, 2, 3], [0, 1, 2, 3]])
        XCTAssertEqual(flow[0].map(\.1), [0, 1, 2])
        XCTAssertEqual(flow[1].map(\.1), [3, 4, 5, 6])
    }

    func testLastLineOfAParagraphDoesNotStartAColumnAlone() {
        // A 5-line paragraph in columns of 4 would leave its last line alone on top of column 2.
        let flow = ColumnFlow(lines: lines([5, 2])).pour(into: [[0, 1, 2, 3], [0, 1, 2, 3]])
        XCTAssertEqual(flow[0].map(\.1), [0, 1, 2])
        XCTAssertEqual(flow[1].map(\.1), [3, 4, 5, 6])
    }

    func testRulesGiveWayRatherThanOverset() {
        // Exactly 8 lines for 8 cells: everything must be placed.
        let flow = ColumnFlow(lines: lines([3, 5])).pour(into: [[0, 1, 2, 3], [0, 1, 2, 3]])
        XCTAssertEqual(flow.flatMap { $0 }.count, 8)
    }

    func testBalancedColumnsEndLevel() {
        let flow = ColumnFlow(lines: lines([6])).pour(into: [[0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5]])
        XCTAssertEqual(flow.map(\.count), [2, 2, 2])
    }
}
