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
        // At the fewest tiers (4 of 21 em, 19 lines each = 76 lines) 1,500 characters
        // and the 2 em indent take 72 lines: 4 lines empty. Five tiers of 16 em
        // (95 lines) take 94: one line empty. Six of 13 em hold only 1,482 em.
        let (page, tiers) = try setVertical(1500)
        let entry = try XCTUnwrap(page.copyfit.first)
        XCTAssertEqual(entry.status, .fits)
        XCTAssertEqual(entry.undersetLines, 1)
        XCTAssertEqual(tiers.keys.sorted(), [1, 2, 3, 4, 5])
        XCTAssertEqual(tiers.values.map(\.count).reduce(0, +), 94)
        // Each line is 16 em down its column: the tiers start 16 em + one 15 pt leading apart.
        let tops = tiers.keys.sorted().map { tiers[$0]![0].origin.y }
        for (a, b) in zip(tops, tops.dropFirst()) { XCTAssertEqual(b - a, 160 + 15, accuracy: 1e-6) }
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
}
