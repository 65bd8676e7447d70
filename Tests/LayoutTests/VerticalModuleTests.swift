import Foundation
import XCTest
@testable import Composer
@testable import Interop
@testable import Layout
@testable import Model

/// A module set vertically chooses its number of tiers (分段) to fill its box.
final class VerticalModuleTests: XCTestCase, SyntheticPageBuilding {
    static let library = FontLibrary()

    /// Two columns (330 pt) × 60 lines of 15 pt: 885 pt of body height, 88.5 em of 10 pt.
    func setVertical(_ characters: Int) throws -> (LaidOutPage, [Int: [PlacedLine]]) {
        var slot = Slot(name: "v", column: 0, columns: 2, line: 0, lines: 60)
        slot.vertical = true
        let t = template(slots: [slot], columns: 2, lines: 60)
        let a = article("v", paragraphs: [String(repeating: "中", count: characters)])
        let page = IssuePage(number: 1, templateName: "t", template: t, section: "测试", placements: ["v": "v"])
        let issue = Issue(sourcePath: "issue.yaml", newspaper: "测试报", date: "2024-01-12", number: 1, pages: [page], articles: ["v": a])
        let laid = try PageLayoutEngine(composer: Composer(fonts: Self.library)).layout(page: page, of: issue)
        let body = laid.lines.filter { $0.role == .body }
        return (laid, Dictionary(grouping: body) { $0.column ?? 0 })
    }

    func testTiersAreChosenToFillTheModule() throws {
        // 10 pt characters on the 15 pt grid stand in 10 pt cells, three to two rows.
        // At the fewest tiers (4 of 14 rows = 21 characters, 19 lines each = 76 lines)
        // 1,500 characters and the 2 em indent take 72 lines: 4 lines empty. Five tiers
        // of 11 rows (16 characters, 95 lines) take 94: one line empty.
        let (page, tiers) = try setVertical(1500)
        let entry = try XCTUnwrap(page.copyfit.first)
        XCTAssertEqual(entry.status, .fits)
        XCTAssertEqual(entry.undersetLines, 1)
        XCTAssertEqual(tiers.keys.sorted(), [1, 2, 3, 4, 5])
        XCTAssertEqual(tiers.values.map(\.count).reduce(0, +), 94)
        // Each tier is 11 grid rows with one row between tiers: the tiers start on rows 0, 12, 24…
        let tops = tiers.keys.sorted().map { tiers[$0]![0].origin.y }
        XCTAssertEqual(tops, (0..<5).map { 80 + Double($0 * 12) * 15 })
        XCTAssertEqual(tiers.keys.sorted().map { tiers[$0]![0].gridLine }, [0, 12, 24, 36, 48])
        XCTAssertEqual(tiers[1]!.map(\.line.text).joined().count, 19 * 16 - 2)
    }

    func testOversetKeepsTheFewestTiers() throws {
        // More than any tier count holds: the longest lines, and the rest is overset.
        let (page, tiers) = try setVertical(2000)
        let entry = try XCTUnwrap(page.copyfit.first)
        XCTAssertEqual(entry.status, .overset)
        XCTAssertEqual(tiers.keys.sorted(), [1, 2, 3, 4])
        let placed = tiers.keys.sorted().flatMap { tiers[$0]! }.map(\.line.text).joined()
        XCTAssertEqual(placed.count + entry.oversetText.count, 2000)
    }

    // MARK: On the page's grid

    func testCellRule() {
        // One grid row per character when the face allows it (11 pt on 13.5 pt).
        XCTAssertEqual(VerticalCells(em: 11, pitch: 13.5), VerticalCells(cell: 13.5, em: 11, characters: 1, rows: 1))
        // The page's own body size on its grid: three characters to two rows.
        XCTAssertEqual(VerticalCells(em: 9, pitch: 13.5).cell, 9, accuracy: 1e-9)
        XCTAssertEqual(VerticalCells(em: 9, pitch: 13.5).characters, 3)
        XCTAssertEqual(VerticalCells(em: 10, pitch: 15).rows, 2)
        // 12 pt on 13.5: 1⅛ em cells, still one row each.
        XCTAssertEqual(VerticalCells(em: 12, pitch: 13.5).cell, 13.5, accuracy: 1e-9)
        // A face no cell of the grid fits within ¼ em of space: its own em.
        let big = VerticalCells(em: 100, pitch: 13.5)
        XCTAssertEqual(big.cell, 100); XCTAssertEqual(big.characters, 0)
        XCTAssertEqual(VerticalCells(em: 11, pitch: 13.5).cellsFitting(gridRows: 18, pitch: 13.5), 18)
        XCTAssertEqual(VerticalCells(em: 10, pitch: 15).cellsFitting(gridRows: 11, pitch: 15), 16)
    }

    /// A framed vertical module in 11 pt zh-Hant on a 9 pt / 13.5 pt page grid.
    func setOnGrid(_ paragraphs: [String], lines: Int = 40) throws -> (LaidOutPage, [PlacedLine], Rect) {
        var slot = Slot(name: "v", column: 0, columns: 2, line: 0, lines: lines, framed: true)
        slot.vertical = true
        var t = template(slots: [slot], columns: 2, lines: lines)
        t.styles.body = style(size: 9, leading: 13.5)
        t.styles.verticalBody = style("Noto Serif CJK TC", size: 11, leading: 15.5)
        let a = article("v", paragraphs: paragraphs)
        let page = IssuePage(number: 1, templateName: "t", template: t, section: "测试", placements: ["v": "v"])
        let issue = Issue(sourcePath: "issue.yaml", newspaper: "测试报", date: "2024-01-12", number: 1, pages: [page], articles: ["v": a])
        let laid = try PageLayoutEngine(composer: Composer(fonts: Self.library)).layout(page: page, of: issue)
        let grid = PageGrid(t)
        let rect = grid.rect(column: 0, columns: 2, line: 0, lines: lines).insetBy(dx: t.gutter / 2, dy: 0)
        return (laid, laid.lines.filter { $0.role == .body }, rect)
    }

    func testCharactersStandOnTheGridRows() throws {
        let (page, body, rect) = try setOnGrid([String(repeating: "傳統製作手藝", count: 106)])
        XCTAssertEqual(page.copyfit.first?.status, .fits)
        // 40 rows, one empty row inside the frame at the top and the foot: 38 rows, two
        // tiers of 18 rows (≤ 26 characters a line) with the two rows left between them.
        XCTAssertEqual(Set(body.compactMap(\.gridLine)), [1, 21])
        var checked = 0
        for l in body {
            XCTAssertEqual(l.line.measure, 18 * 13.5, accuracy: 1e-9)
            for c in l.line.clusters where c.orientation == .upright {
                // The em box of each character is centred in its grid row: top 1.25 pt below the row's top.
                let top = l.origin.y + c.x - 80
                let row = ((top - 1.25) / 13.5).rounded()
                XCTAssertEqual(top, row * 13.5 + 1.25, accuracy: 1e-6, "\(c.text) in \(l.line.text)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 300)
        // The first line: 2 em indent, so its first character stands in the third row of the tier (row 3).
        let first = body[0]
        XCTAssertEqual(first.origin.y + first.line.clusters[0].x, 80 + 3 * 13.5 + 1.25, accuracy: 1e-6)
        // Across: the lines of a tier are evenly spaced, at least one leading (15.5 pt)
        // apart, and the last line's ink ends at the module's left edge.
        let tier1 = body.filter { $0.gridLine == 1 }.map(\.origin.x)
        let steps = zip(tier1, tier1.dropFirst()).map { $0.0 - $0.1 }
        XCTAssertGreaterThanOrEqual(steps.min()!, 15.5)
        XCTAssertEqual(steps.max()! - steps.min()!, 0, accuracy: 1e-9)
        XCTAssertEqual(tier1.last! - 5.5, rect.x, accuracy: 1e-6)
        // The hairline between the tiers runs down the middle of the two gap rows.
        let rules = page.elements.compactMap { e -> Double? in if case let .rule(a, _, _, _) = e, a.x == rect.x { return a.y } else { return nil } }
        XCTAssertEqual(rules, [80 + 20 * 13.5])
    }

    func testRotatedWordsKeepTheirLettersAndHanKeepsItsRow() throws {
        let text = "外商GDP增長，2023年完成" + String(repeating: "傳統製作手藝", count: 10)
        let (_, body, _) = try setOnGrid([text])
        let line = body[0].line
        let clusters = line.clusters
        let g = try XCTUnwrap(clusters.firstIndex { $0.text == "G" }), p = clusters.firstIndex { $0.text == "P" }!
        XCTAssertEqual(clusters[g].orientation, .rotated)
        // Within the word the letters keep their own advances (no space opened between them).
        XCTAssertEqual(clusters[p].x - clusters[g].x, clusters[g].width + clusters[g + 1].width, accuracy: 1e-9)
        // The year is horizontal in one cell, the Han characters after it stay in their rows.
        let year = try XCTUnwrap(clusters.first { $0.text == "2023" })
        XCTAssertEqual(year.orientation, .horizontalInVertical)
        for c in clusters where c.orientation != .rotated && c.width == 11 {
            let top = body[0].origin.y + c.x - 80
            XCTAssertEqual(top, ((top - 1.25) / 13.5).rounded() * 13.5 + 1.25, accuracy: 1e-6, c.text)
        }
    }
}

/// Hanging punctuation in a vertical module (`hanging-punctuation` in its body style):
/// a mark hangs below a line's end only where an em is free there, inside the tier's
/// rows and above the hairline between tiers (or the module's foot).
final class VerticalModuleHangingTests: XCTestCase, SyntheticPageBuilding {
    /// 14 Han characters (the first line's 2 em indent), then 。, then runs of 16 Han
    /// and 。: every 。 falls at a line's start unless it hangs. With 33 lines of Han
    /// after them, 94 lines when the marks hang: five tiers (95 lines) fill the module.
    static let text = String(repeating: "中", count: 14) + "。" + String(repeating: String(repeating: "中", count: 16) + "。", count: 60)
        + String(repeating: "中", count: 33 * 16)

    /// 10 pt characters on a 15 pt grid (cells of 10 pt, three to two rows), two columns
    /// of 60 rows, unframed: five tiers of 11 rows, 16 characters a line (160 pt of the
    /// tier's 165), one row between tiers. Room below a line: 5 pt in the tier and 7.5 pt
    /// to the hairline, 12.5 pt: the mark's 10 pt em box fits.
    func set(framed: Bool = false, hanging: HangingPunctuation = .end) throws -> (LaidOutPage, [PlacedLine]) {
        var slot = Slot(name: "v", column: 0, columns: 2, line: 0, lines: 60, framed: framed)
        slot.vertical = true
        var t = template(slots: [slot], columns: 2, lines: 60)
        t.styles.body.hangingPunctuation = hanging
        let a = article("v", paragraphs: [Self.text])
        let page = IssuePage(number: 1, templateName: "t", template: t, section: "测试", placements: ["v": "v"])
        let issue = Issue(sourcePath: "issue.yaml", newspaper: "测试报", date: "2024-01-12", number: 1, pages: [page], articles: ["v": a])
        let laid = try PageLayoutEngine(composer: Composer(fonts: VerticalModuleTests.library)).layout(page: page, of: issue)
        return (laid, laid.lines.filter { $0.role == .body })
    }

    func testMarksHangBelowTheLinesOfATier() throws {
        let (page, body) = try set()
        XCTAssertEqual(Set(body.compactMap(\.gridLine)), [0, 12, 24, 36, 48])
        let hung = body.filter { $0.line.clusters.last?.adjustment == "½^" }
        XCTAssertEqual(hung.count, 61, body.map(\.line.text).joined(separator: "\n"))
        // (The hairlines between tiers; not the page's header and footer rules.)
        let rules = page.elements.compactMap { e -> Double? in if case let .rule(a, _, _, _) = e, a.y > 80, a.y < 980 { return a.y } else { return nil } }
        XCTAssertEqual(rules, [252.5, 432.5, 612.5, 792.5])
        for l in hung {
            let mark = l.line.clusters.last!
            XCTAssertEqual(mark.text, "。")
            // The line's 16 cells end 160 pt down the tier; the mark's em box starts there
            // (ink in its upper half) and ends 10 pt lower, above the hairline 7.5 pt
            // under the tier's 165 pt of rows.
            let tierTop = 80 + Double(l.gridLine!) * 15
            XCTAssertEqual(l.origin.y, tierTop, accuracy: 1e-9)
            XCTAssertEqual(l.line.measure, 160, accuracy: 1e-9)
            XCTAssertEqual(l.origin.y + mark.x, tierTop + 160, accuracy: 1e-9)
            XCTAssertEqual(mark.width, 5, accuracy: 1e-9)
            if let rule = rules.first(where: { $0 > tierTop }) {
                XCTAssertEqual(rule, tierTop + 172.5, accuracy: 1e-9)
                XCTAssertLessThanOrEqual(tierTop + 160 + 10, rule)
            }
            // Every character inside the line stands in its own cell, on the tier's grid.
            for c in l.line.clusters.dropLast() { XCTAssertEqual((c.x / 10).rounded(), c.x / 10, accuracy: 1e-9, l.line.dump) }
        }
        XCTAssertEqual(body.map(\.line.text).joined(), Self.text)
    }

    /// No room, no hanging: a framed module's margin belongs to its frame, and with
    /// 11 pt in 13.5 pt rows (the demo's vertical story) a tier's lines fill its rows
    /// and the hairline is half a row below: 6.75 pt, under the mark's em.
    func testNoHangingWithoutRoomBelow() throws {
        let (framedPage, framed) = try set(framed: true)
        XCTAssertFalse(framed.contains { $0.line.dump.contains("^") })
        XCTAssertEqual(framed.map(\.line.text).joined() + (framedPage.copyfit.first?.oversetText ?? ""), Self.text)
        for l in framed { XCTAssertLessThanOrEqual(l.line.clusters.map { $0.x + $0.width }.max()!, l.line.measure + 1e-9, l.line.dump) }
        // The demo's geometry, unframed: 40 rows of 13.5 pt, 11 pt in cells of one row.
        var t = template(slots: [], columns: 2, lines: 40)
        t.styles.body = style(size: 9, leading: 13.5)
        let setter = ArticleSetter(composer: Composer(fonts: VerticalModuleTests.library), grid: PageGrid(t))
        var slot = Slot(name: "v", column: 0, columns: 2, line: 0, lines: 40)
        slot.vertical = true
        let cells = VerticalCells(em: 11, pitch: 13.5)
        // Two tiers of 19 rows and 19 characters, two rows between them (13.5 pt to the
        // hairline), but the last tier ends at the module's foot, where the next begins: 0.
        let two = setter.tierPlan(2, slot: slot, cells: cells)
        XCTAssertEqual([two.rows, two.characters, two.gapRows], [19, 19, 2])
        XCTAssertEqual(setter.verticalHangRoom(two, slot: slot, cells: cells), 0)
        // 39 rows in three tiers of 12: one row between tiers, one left under the last;
        // the hairlines half a row below the lines: 6.75 pt, under the mark's 11 pt em.
        var short = slot
        short.lines = 39
        let three = setter.tierPlan(3, slot: short, cells: cells)
        XCTAssertEqual([three.rows, three.characters, three.gapRows], [12, 12, 1])
        XCTAssertEqual(setter.verticalHangRoom(three, slot: short, cells: cells), 6.75, accuracy: 1e-9)
        // One tier: its lines reach the foot.
        XCTAssertEqual(setter.verticalHangRoom(setter.tierPlan(1, slot: slot, cells: cells), slot: slot, cells: cells), 0)
        var framedSlot = slot
        framedSlot.framed = true
        XCTAssertEqual(setter.verticalHangRoom(setter.tierPlan(3, slot: framedSlot, cells: cells), slot: framedSlot, cells: cells), 0)
        // The 10 pt module of the test above has 12.5 pt.
        var ten = template(slots: [], columns: 2, lines: 60)
        ten.styles.body = style()
        let tenSetter = ArticleSetter(composer: Composer(fonts: VerticalModuleTests.library), grid: PageGrid(ten))
        var tall = slot
        tall.lines = 60
        let tenCells = VerticalCells(em: 10, pitch: 15)
        XCTAssertEqual(tenSetter.verticalHangRoom(tenSetter.tierPlan(5, slot: tall, cells: tenCells), slot: tall, cells: tenCells), 12.5, accuracy: 1e-9)
    }
}

/// The layout manifest of a vertical line says where its glyphs are on the page.
final class VerticalManifestTests: XCTestCase, SyntheticPageBuilding {
    func testVerticalClustersRunDownTheColumn() throws {
        var slot = Slot(name: "v", column: 0, columns: 2, line: 0, lines: 60)
        slot.vertical = true
        let t = template(slots: [slot], columns: 2, lines: 60)
        let a = article("v", paragraphs: [String(repeating: "中", count: 300)])
        let page = IssuePage(number: 1, templateName: "t", template: t, section: "测试", placements: ["v": "v"])
        let issue = Issue(sourcePath: "issue.yaml", newspaper: "测试报", date: "2024-01-12", number: 1, pages: [page], articles: ["v": a])
        let laid = try PageLayoutEngine(composer: Composer(fonts: VerticalModuleTests.library)).layout(page: page, of: issue)
        let manifest = LayoutManifest(issue: "测试报", date: "2024-01-12", pages: [laid])
        let body = manifest.pages[0].lines.filter { $0.role == "body" }
        let line = try XCTUnwrap(body.dropFirst().first)   // (the first carries the indent)
        let clusters = try XCTUnwrap(line.clusters)
        XCTAssertGreaterThan(clusters.count, 5)
        // Every cluster stands on the line's column centre, one cell below the one before.
        for c in clusters { XCTAssertEqual(c.x, line.x, accuracy: 0.01) }
        XCTAssertEqual(try XCTUnwrap(clusters[0].y), line.y, accuracy: 0.01)
        for (p, q) in zip(clusters, clusters.dropFirst()) { XCTAssertEqual(try XCTUnwrap(q.y) - p.y!, p.w, accuracy: 0.02) }
        // A horizontal line has no y per cluster.
        let horizontal = manifest.pages[0].lines.first { $0.role != "body" }
        XCTAssertNil(horizontal?.clusters?.first?.y)
    }
}
