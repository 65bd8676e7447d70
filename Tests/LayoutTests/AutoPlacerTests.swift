import Foundation
import XCTest
@testable import Composer
@testable import Interop
@testable import Layout
@testable import Model

/// Shared fixtures: the demo issue's articles and template with the real fonts.
enum AutoFixture {
    static let root: String = {
        // Tests/LayoutTests/AutoPlacerTests.swift → package root.
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let library = FontLibrary()

    static func fonts() throws -> FontConfig { try FontConfig.load(path: root + "/Fonts/fonts.yaml") }

    static func composer() throws -> Composer {
        Composer(fonts: library, fallbackFamilies: try fonts().fallback)
    }

    static func demoTemplate() throws -> PageTemplate {
        try TemplateLoader.load(path: root + "/Layouts/broadsheet-6col.yaml", fonts: fonts())
    }

    /// The demo issue's folder. The photo stories name pictures that may not be in
    /// the checkout; then the stories are loaded from a copy of the folder with
    /// stand-in 4:3 pictures, since placement needs only each picture's aspect.
    static func demoIssueDirectory() throws -> String {
        let source = root + "/Articles/2024-01-12"
        let fm = FileManager.default
        let files = demoIDs.map { $0 + ".txt" }
        var missing: [String] = []
        for f in files {
            let text = try String(contentsOfFile: source + "/" + f, encoding: .utf8)
            for line in text.split(separator: "\n") {
                let t = line.trimmingCharacters(in: .whitespaces)
                guard t.hasPrefix("- file:") || t.hasPrefix("file:") else { continue }
                let name = t.components(separatedBy: "file:")[1].trimmingCharacters(in: .whitespaces)
                if !fm.fileExists(atPath: source + "/" + name) { missing.append(name) }
            }
        }
        if missing.isEmpty { return source }
        let copy = NSTemporaryDirectory() + "autoplacer-demo-\(ProcessInfo.processInfo.processIdentifier)"
        try? fm.removeItem(atPath: copy)
        try fm.createDirectory(atPath: copy, withIntermediateDirectories: true)
        for f in try fm.contentsOfDirectory(atPath: source) where !f.hasPrefix(".") {
            try fm.copyItem(atPath: source + "/" + f, toPath: copy + "/" + f)
        }
        for name in missing {
            let path = copy + "/" + name
            try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try pngData(width: 40, height: 30).write(to: URL(fileURLWithPath: path))
        }
        return copy
    }

    /// The seed page's stories (page 3 of issue.yaml); the folder also holds other pages' stories.
    static let demoIDs = ["01-economy", "02-binhu", "03-smart-party", "04-discipline", "05-returnees",
                          "06-hubinlu", "07-lanwan", "08-xiliu", "09-gulls"]

    static func demoArticles() throws -> [Article] {
        let dir = try demoIssueDirectory()
        return try demoIDs.map { try ArticleLoader.load(path: dir + "/" + $0 + ".txt", issueDirectory: dir) }
    }

    /// A small valid grey PNG (stored deflate blocks), so any reader accepts it.
    static func pngData(width: Int, height: Int) -> Data {
        func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func crc32(_ bytes: [UInt8]) -> UInt32 {
            var c: UInt32 = 0xFFFF_FFFF
            for b in bytes {
                c ^= UInt32(b)
                for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            }
            return ~c
        }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return be32(UInt32(data.count)) + body + be32(crc32(body))
        }
        var raw: [UInt8] = []
        for _ in 0..<height { raw.append(0); raw += Array(repeating: 0x99, count: width) }
        var a: UInt32 = 1, b: UInt32 = 0
        for x in raw { a = (a + UInt32(x)) % 65521; b = (b + a) % 65521 }
        let n = UInt16(raw.count)
        let zlib: [UInt8] = [0x78, 0x01, 0x01, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8(~n >> 8)] + raw + be32(b << 16 | a)
        let ihdr = be32(UInt32(width)) + be32(UInt32(height)) + [8, 0, 0, 0, 0]
        let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr) + chunk("IDAT", zlib) + chunk("IEND", [])
        return Data(bytes)
    }

    /// Lays out one page whose template carries the placement's slots.
    static func layOut(_ placement: AutoPlacement, template: PageTemplate, articles: [Article], composer: Composer) throws -> LaidOutPage {
        var t = template
        t.slots = placement.slots
        let page = IssuePage(number: 1, templateName: t.name, template: t, section: "测试", placements: placement.placements)
        let issue = Issue(sourcePath: "issue.yaml", newspaper: "测试报", date: "2024-01-12", number: 1, pages: [page],
                          articles: Dictionary(uniqueKeysWithValues: articles.map { ($0.id, $0) }))
        return try PageLayoutEngine(composer: composer).layout(page: page, of: issue)
    }
}

final class AutoPlacerTests: XCTestCase {
    // MARK: Demo page

    /// The demo page is placed once and shared: measuring sets every story dozens of times.
    nonisolated(unsafe) static var demoCache: (AutoPlacement, [Article], PageTemplate, Composer)?

    func demo() throws -> (AutoPlacement, [Article], PageTemplate, Composer) {
        if let d = Self.demoCache { return d }
        let composer = try AutoFixture.composer()
        let template = try AutoFixture.demoTemplate()
        let articles = try AutoFixture.demoArticles()
        let placement = try AutoPlacer(measurer: ArticleMeasurer(composer: composer, template: template)).place(articles)
        print(placement.report)
        Self.demoCache = (placement, articles, template, composer)
        return Self.demoCache!
    }

    func testDemoArticlesAreAllPlacedInsideTheGridWithoutOverlap() throws {
        let (p, articles, t, _) = try demo()
        XCTAssertEqual(articles.count, 9)
        XCTAssertEqual(Set(p.placements.values), Set(articles.map(\.id)))
        XCTAssertEqual(p.slots.count, 9)
        XCTAssertEqual(Set(p.slots.map(\.name)), Set(p.placements.keys))
        for (i, s) in p.slots.enumerated() {
            XCTAssertGreaterThanOrEqual(s.column, 0)
            XCTAssertGreaterThanOrEqual(s.line, 0)
            XCTAssertLessThanOrEqual(s.column + s.columns, t.columns, s.name)
            XCTAssertLessThanOrEqual(s.line + s.lines, t.gridLines, s.name)
            if let photo = s.photo {
                XCTAssertLessThanOrEqual(photo.column + photo.columns, s.columns)
                XCTAssertLessThanOrEqual(photo.lines, s.lines)
            }
            for other in p.slots[..<i] {
                XCTAssertFalse(TemplateLoader.overlaps(s, other), "\(s.name) overlaps \(other.name)")
            }
            for b in t.banners {
                XCTAssertFalse(TemplateLoader.overlaps(s, Slot(name: "b", column: b.column, columns: b.columns, line: b.line, lines: b.lines)),
                               "\(s.name) covers the banner")
            }
        }
    }

    /// The slots written into the demo template's YAML load through the template
    /// loader, which checks them (inside the grid, no overlap, photo inside the slot).
    func testDemoSlotsPassTheTemplateLoader() throws {
        let (p, _, t, _) = try demo()
        let yaml = try String(contentsOfFile: AutoFixture.root + "/Layouts/broadsheet-6col.yaml", encoding: .utf8)
        let head = try XCTUnwrap(yaml.range(of: "\nslots:")).lowerBound
        var text = String(yaml[..<head]) + "\nslots:\n"
        for s in p.slots {
            var fields = "name: \(s.name), column: \(s.column), columns: \(s.columns), line: \(s.line), lines: \(s.lines), headline: \(s.headlineStyle.rawValue)"
            if let hc = s.headlineColumns { fields += ", headline-columns: \(hc)" }
            if let ph = s.photo {
                fields += ", photo: {position: \(ph.position.rawValue), column: \(ph.column), columns: \(ph.columns), lines: \(ph.lines)}"
            }
            text += "  - {\(fields)}\n"
        }
        let loaded = try TemplateLoader.parse(text, path: "auto.yaml", fonts: AutoFixture.fonts())
        XCTAssertEqual(loaded.slots, p.slots)
        XCTAssertEqual(loaded.banners, t.banners)
    }

    func testDemoLeadIsAtTheTopAndWidest() throws {
        let (p, articles, _, _) = try demo()
        let leadID = try XCTUnwrap(articles.first { $0.priority == 1 }).id
        let lead = try XCTUnwrap(p.slots.first { p.placements[$0.name] == leadID })
        XCTAssertEqual(lead.line, 0)
        XCTAssertEqual(lead.headlineStyle, .lead)
        for s in p.slots where s != lead {
            XCTAssertLessThan(s.columns, lead.columns, "\(s.name) is as wide as the lead")
            XCTAssertEqual(s.headlineStyle, .secondary)
        }
    }

    func testDemoHigherPriorityStoriesSitHigher() throws {
        let (p, articles, _, _) = try demo()
        let priority = Dictionary(uniqueKeysWithValues: articles.map { ($0.id, $0.priority) })
        // Every priority-2 story starts above every priority-3 story it shares columns with.
        for a in p.slots {
            for b in p.slots where priority[p.placements[a.name]!]! < priority[p.placements[b.name]!]! {
                let sharesColumns = a.column < b.column + b.columns && b.column < a.column + a.columns
                if sharesColumns { XCTAssertLessThan(a.line, b.line, "\(a.name) is below less important \(b.name)") }
            }
        }
    }

    func testDemoLaysOutWithoutOversetAndEverythingStaysInItsSlot() throws {
        let (p, articles, t, composer) = try demo()
        let page = try AutoFixture.layOut(p, template: t, articles: articles, composer: composer)
        XCTAssertEqual(page.copyfit.count, 9)
        for e in page.copyfit { XCTAssertNotEqual(e.status, .overset, "\(e.articleID) overset by \(e.oversetLines) lines") }
        // Captions and headlines are not covered by overset accounting: check the boxes.
        let frames = Dictionary(uniqueKeysWithValues: page.copyfit.map { ($0.articleID, $0.frame) })
        for l in page.lines {
            guard let id = l.articleID, let f = frames[id] else { continue }
            XCTAssertGreaterThanOrEqual(l.origin.y, f.y, "\(id) \(l.role) '\(l.line.text)'")
            XCTAssertLessThanOrEqual(l.origin.y, f.maxY, "\(id) \(l.role) '\(l.line.text)' below its slot")
        }
        for case let .image(i) in page.elements {
            let f = try XCTUnwrap(frames[i.articleID])
            XCTAssertLessThanOrEqual(i.frame.maxY, f.maxY + 1e-6)
        }
        // The reported underset is the layout's.
        let underset = page.copyfit.reduce(0) { $0 + $1.undersetLines }
        let free = t.columns * t.gridLines - t.banners.reduce(0) { $0 + $1.columns * $1.lines }
        let covered = p.slots.reduce(0) { $0 + $1.columns * $1.lines }
        XCTAssertEqual(p.unusedCells, underset + free - covered)
    }

    /// Threshold: a body module ends with its last column short by up to a line
    /// (columns balance level, the remainder is left) and can lose one more cell a
    /// column to the widow rules, so two cells per module column is what good
    /// copyfitting leaves; the demo's modules span about 20 columns, so about 40
    /// cells, 7 % of the page's free cells. Anything above means the search left
    /// page area or whole lines of modules empty.
    func testDemoLeavesFewCellsEmpty() throws {
        let (p, _, t, _) = try demo()
        let moduleColumns = p.slots.reduce(0) { $0 + $1.columns }
        XCTAssertLessThanOrEqual(p.unusedCells, 2 * moduleColumns, p.report)
        let free = t.columns * t.gridLines - t.banners.reduce(0) { $0 + $1.columns * $1.lines }
        XCTAssertEqual(p.score, 100 * Double(free - p.unusedCells) / Double(free), accuracy: 1e-9)
    }

    /// Varying headline widths (L-shaped modules) fills the seed page closer than
    /// headlines that always span their module, and an L-shaped module sets as measured.
    func testHeadlineWidthVariantsFillThePageCloser() throws {
        let (p, articles, t, composer) = try demo()
        var plain = AutoPlacer(measurer: ArticleMeasurer(composer: composer, template: t))
        plain.variesHeadlineWidth = false
        let q = try plain.place(articles)
        XCTAssertTrue(q.slots.allSatisfy { $0.headlineColumns == nil })
        XCTAssertLessThan(p.unusedCells, q.unusedCells, "with variants:\n\(p.report)\nwithout:\n\(q.report)")
        let l = try XCTUnwrap(p.slots.first { $0.headlineColumns != nil }, p.report)
        XCTAssertLessThan(l.headlineColumns!, l.columns)
        // Laid out: its headline spans only its headline columns, the body runs beside it
        // from the module's top, and nothing is overset.
        let page = try AutoFixture.layOut(p, template: t, articles: articles, composer: composer)
        XCTAssertFalse(page.copyfit.contains { $0.status == .overset })
        let grid = PageGrid(t)
        let id = p.placements[l.name]!
        let head = page.lines.filter { $0.articleID == id && $0.role == .headline }
        XCTAssertFalse(head.isEmpty)
        let headRight = grid.columnX(l.column + l.headlineColumns!) - t.gutter
        XCTAssertTrue(head.allSatisfy { $0.origin.x + $0.line.usedWidth <= headRight + 0.5 }, "\(head.map(\.origin.x))")
        let beside = page.lines.filter { $0.articleID == id && $0.role == .body && $0.origin.x >= headRight }
        let top = try XCTUnwrap(beside.map(\.origin.y).min())
        XCTAssertLessThan(top, try XCTUnwrap(head.map(\.origin.y).max()) + 1, "the body beside the headline starts at the module top")
    }

    func testPlacementIsDeterministic() throws {
        let (p, articles, t, composer) = try demo()
        let again = try AutoPlacer(measurer: ArticleMeasurer(composer: composer, template: t)).place(articles)
        XCTAssertEqual(again.slots, p.slots)
        XCTAssertEqual(again.placements, p.placements)
        XCTAssertEqual(again.unusedCells, p.unusedCells)
        // Input order does not matter either (ties are broken by id).
        let reversed = try AutoPlacer(measurer: ArticleMeasurer(composer: composer, template: t)).place(articles.reversed())
        XCTAssertEqual(reversed.slots, p.slots)
    }

    // MARK: Synthetic pages

    func style(_ family: String = "Noto Serif CJK SC", size: Double = 10, leading: Double = 15, weight: Int = 400,
               align: TextAlign = .justify, indent: Double = 2) -> TextStyle {
        TextStyle(family: family, weight: weight, size: size, leading: leading, align: align, indent: indent)
    }

    /// Columns of 16 em at 10 pt with a 15 pt grid, `lines` grid lines deep.
    func template(columns: Int, lines: Int, banners: [Banner] = []) -> PageTemplate {
        let head = style("Noto Sans CJK SC", size: 20, leading: 30, weight: 700, align: .center, indent: 0)
        let small = style(size: 7, leading: 10, align: .center, indent: 0)
        let sheet = StyleSheet(body: style(), bold: style("Noto Sans CJK SC", weight: 700), byline: style("Noto Sans CJK SC", weight: 700),
                               inBodySubhead: head, kicker: head, headline: head, secondaryHeadline: head, subhead: head,
                               caption: style(size: 9, leading: 15, indent: 0), credit: small,
                               // Small enough for the date line to fit the narrow test page's header.
                               header: style(size: 4, leading: 6, indent: 0),
                               footer: small, banner: head, jump: small)
        let width = Double(columns) * 160 + Double(columns - 1) * 10
        return PageTemplate(name: "t", sourcePath: "t.yaml", trimWidth: width + 40, trimHeight: Double(lines) * 15 + 120 + 1,
                            margins: Margins(top: 80, bottom: 40, left: 20, right: 20), columns: columns, gutter: 10,
                            styles: sheet, header: HeaderSpec(height: 40, rule: 1), footer: FooterSpec(colophon: ["地址"], rule: 0.5),
                            slots: [], banners: banners)
    }

    func article(_ id: String, priority: Int, characters: Int, headline: String = "标题") -> Article {
        let sentence = "示范区经济稳中有进动能持续增强，产业发展势头良好。"
        var text = String(repeating: sentence, count: characters / sentence.count + 1)
        text = String(text.prefix(characters))
        let half = text.count / 2
        let paragraphs = [String(text.prefix(half)), String(text.dropFirst(half))]
        return Article(id: id, sourcePath: "\(id).txt", headline: [headline], priority: priority,
                       body: paragraphs.enumerated().map { .paragraph([InlineRun($1)], line: $0 + 5) })
    }

    func testTinyPageHasExactSlots() throws {
        let composer = try AutoFixture.composer()
        let lead = article("lead", priority: 1, characters: 150)
        let b = article("b", priority: 2, characters: 260)
        let c = article("c", priority: 3, characters: 200)
        // Measure on a deep page, then make the page exactly deep enough for the lead
        // across both columns over b and c side by side: the only arrangement that fits.
        let probe = ArticleMeasurer(composer: composer, template: template(columns: 2, lines: 80))
        let a2 = try XCTUnwrap(probe.minimumLines(lead, columns: 2, maxLines: 80, headlineStyle: .lead))
        let b1 = try XCTUnwrap(probe.minimumLines(b, columns: 1, maxLines: 80))
        let c1 = try XCTUnwrap(probe.minimumLines(c, columns: 1, maxLines: 80))
        let lines = a2 + max(b1, c1)
        let t = template(columns: 2, lines: lines)
        XCTAssertEqual(t.gridLines, lines)
        let p = try AutoPlacer(measurer: ArticleMeasurer(composer: composer, template: t)).place([c, lead, b])
        XCTAssertEqual(p.slots, [
            Slot(name: "lead", column: 0, columns: 2, line: 0, lines: a2, headlineStyle: .lead),
            Slot(name: "b", column: 0, columns: 1, line: a2, lines: lines - a2),
            Slot(name: "c", column: 1, columns: 1, line: a2, lines: lines - a2),
        ], p.report)
        XCTAssertEqual(p.placements, ["lead": "lead", "b": "b", "c": "c"])
        let page = try AutoFixture.layOut(p, template: t, articles: [lead, b, c], composer: composer)
        XCTAssertFalse(page.copyfit.contains { $0.status == .overset })
        XCTAssertEqual(p.unusedCells, page.copyfit.reduce(0) { $0 + $1.undersetLines })
    }

    func testBannerIsAnObstacleAndPhotoStoryStretches() throws {
        let composer = try AutoFixture.composer()
        let dir = NSTemporaryDirectory() + "autoplacer-photo-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let photoPath = dir + "/p.png"
        try AutoFixture.pngData(width: 40, height: 30).write(to: URL(fileURLWithPath: photoPath))
        let t = template(columns: 3, lines: 60, banners: [Banner(text: "横幅", column: 2, columns: 1, line: 0, lines: 4)])
        let lead = article("lead", priority: 1, characters: 700)
        let photo = Article(id: "photo", sourcePath: "photo.txt", headline: ["图片新闻"], priority: 3,
                            photos: [Photo(path: photoPath, caption: "近日，示范区公明路小学红嘴鸥保护社团开展活动。", credit: "本报记者 摄")])
        let other = article("other", priority: 2, characters: 500)
        let p = try AutoPlacer(measurer: ArticleMeasurer(composer: composer, template: t)).place([lead, photo, other])
        let banner = Slot(name: "banner", column: 2, columns: 1, line: 0, lines: 4)
        for s in p.slots { XCTAssertFalse(TemplateLoader.overlaps(s, banner), p.report) }
        let photoSlot = try XCTUnwrap(p.slots.first { $0.name == "photo" })
        let placement = try XCTUnwrap(photoSlot.photo)
        XCTAssertEqual(placement.columns, photoSlot.columns)
        // 4:3 across the module, cropped by at most the allowed range.
        let grid = PageGrid(t)
        let natural = grid.span(photoSlot.columns) * 0.75 / grid.pitch
        XCTAssertGreaterThanOrEqual(Double(placement.lines), natural * 0.8 - 1)
        XCTAssertLessThanOrEqual(Double(placement.lines), natural * 1.25 + 1)
        let page = try AutoFixture.layOut(p, template: t, articles: [lead, photo, other], composer: composer)
        XCTAssertFalse(page.copyfit.contains { $0.status == .overset }, p.report)
    }

    /// A story that jumps takes the page's depth (its module is not sized to the part
    /// measured), and a box runs across the foot of a full-width lead at its own depth.
    func testJumpingLeadFillsThePageOverAFullWidthBox() throws {
        let composer = try AutoFixture.composer()
        let t = template(columns: 3, lines: 50)
        let lead = article("lead", priority: 1, characters: 400)
        var box = article("box", priority: 2, characters: 120)
        box.boxed = true
        let measurer = ArticleMeasurer(composer: composer, template: t)
        let boxLines = try XCTUnwrap(measurer.minimumLines(box, columns: 3, maxLines: 50))

        // Not jumping: the lead's module keeps to its text and the page is left part empty.
        let leadLines = try XCTUnwrap(measurer.minimumLines(lead, columns: 3, maxLines: 50, headlineStyle: .lead))
        let still = try AutoPlacer(measurer: measurer).place([lead, box])
        XCTAssertEqual(still.slots.first { $0.name == "lead" }?.lines, leadLines, still.report)
        XCTAssertGreaterThan(still.unusedCells, 3 * (50 - leadLines - boxLines) - 3, still.report)

        // Jumping: the lead spans the page down to the box, which is exactly as deep as its text.
        let p = try AutoPlacer(measurer: measurer, elastic: ["lead"]).place([lead, box])
        let leadSlot = try XCTUnwrap(p.slots.first { $0.name == "lead" })
        let boxSlot = try XCTUnwrap(p.slots.first { $0.name == "box" })
        XCTAssertEqual(boxSlot.columns, 3, p.report)
        XCTAssertEqual(boxSlot.lines, boxLines, p.report)
        XCTAssertEqual(leadSlot.line, 0)
        XCTAssertEqual(leadSlot.columns, 3)
        XCTAssertEqual(leadSlot.lines + boxSlot.lines, 50, p.report)
        // Only the box's last line may be short (less than a line per column).
        XCTAssertLessThan(p.unusedCells, 3, p.report)
    }

    func testTooMuchTextThrowsWithTheShortfall() throws {
        let composer = try AutoFixture.composer()
        let t = template(columns: 2, lines: 30)
        let articles = [article("a", priority: 1, characters: 500), article("b", priority: 2, characters: 500),
                        article("c", priority: 3, characters: 500)]
        // Expected: the most compact module of each article, against the page's cells.
        let m = ArticleMeasurer(composer: composer, template: t)
        var need = 0
        for (i, a) in articles.enumerated() {
            var best = Int.max
            for k in 1...2 {
                if let n = try m.minimumLines(a, columns: k, maxLines: 30, headlineStyle: i == 0 ? .lead : .secondary) {
                    best = min(best, k * n)
                }
            }
            need += best
        }
        XCTAssertGreaterThan(need, 60, "the case must be too big for the page")
        XCTAssertThrowsError(try AutoPlacer(measurer: m).place(articles)) { error in
            guard let e = error as? AutoPlacerError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.missingLines, need - 60)
            XCTAssertTrue(e.description.contains("\(need - 60) lines missing"), e.description)
        }
    }

    /// Room enough, but no arrangement: the banner takes the top of the right column,
    /// so the lead (which must be wider than the other story) cannot start on line 0.
    func testBannerLeavingTheLeadNoTopLineThrows() throws {
        let composer = try AutoFixture.composer()
        let t = template(columns: 2, lines: 60, banners: [Banner(text: "横幅", column: 1, columns: 1, line: 0, lines: 3)])
        let articles = [article("a", priority: 1, characters: 100), article("b", priority: 2, characters: 100)]
        XCTAssertThrowsError(try AutoPlacer(measurer: ArticleMeasurer(composer: composer, template: t)).place(articles)) { error in
            guard let e = error as? AutoPlacerError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.missingLines, 0)
            XCTAssertTrue(e.description.contains("no deeper page would help"), e.description)
        }
    }

    /// The same page when it continues a story from an earlier page: no arrangement
    /// keeps the lead widest, so the placer leaves the widths free rather than fail —
    /// the lead still starts on the top line, the continuation below or beside it.
    func testContinuationPageFallsBackToFreeWidthsInsteadOfFailing() throws {
        let composer = try AutoFixture.composer()
        let t = template(columns: 2, lines: 60, banners: [Banner(text: "横幅", column: 1, columns: 1, line: 0, lines: 3)])
        let articles = [article("a", priority: 1, characters: 100), article("b", priority: 2, characters: 100),
                        article("c", priority: 4, characters: 300)]
        let m = ArticleMeasurer(composer: composer, template: t)
        XCTAssertThrowsError(try AutoPlacer(measurer: m).place(articles))
        let p = try AutoPlacer(measurer: m, continuing: ["c"]).place(articles)
        XCTAssertTrue(p.report.contains("widths free"), p.report)
        XCTAssertEqual(Set(p.placements.values), ["a", "b", "c"])
        let lead = try XCTUnwrap(p.slots.first { p.placements[$0.name] == "a" })
        XCTAssertEqual(lead.line, 0)
        XCTAssertEqual(lead.column, 0)
        XCTAssertEqual(lead.columns, 1)
        try AutoPlacer.check(p.slots, template: t)
    }

    func testArticleLongerThanThePageThrowsWithItsOverset() throws {
        let composer = try AutoFixture.composer()
        let t = template(columns: 2, lines: 12)
        let long = article("long", priority: 1, characters: 900)
        let m = ArticleMeasurer(composer: composer, template: t)
        let overset = try (1...2).map { try m.fit(long, columns: $0, lines: 12, headlineStyle: .lead).oversetLines }.min()!
        XCTAssertGreaterThan(overset, 0)
        XCTAssertThrowsError(try AutoPlacer(measurer: m).place([long])) { error in
            guard let e = error as? AutoPlacerError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.missingLines, overset)
            XCTAssertTrue(e.description.contains("'long'"), e.description)
        }
    }
}

/// Timing of the demo page, run by scripts/bench-auto.sh in a release build (not
/// part of the normal test run: it only measures when AUTOPLACER_BENCH is set).
final class AutoPlacerBenchmark: XCTestCase {
    func testBenchmarkDemoPage() throws {
        guard let runs = ProcessInfo.processInfo.environment["AUTOPLACER_BENCH"].flatMap(Int.init) else {
            throw XCTSkip("set AUTOPLACER_BENCH=<runs> to time automatic placement")
        }
        let composer = try AutoFixture.composer()
        let template = try AutoFixture.demoTemplate()
        let articles = try AutoFixture.demoArticles()
        var times: [Double] = []
        var last: AutoPlacement?
        for _ in 0..<max(1, runs) {
            // A fresh placer each run: nothing measured is reused between runs.
            let placer = AutoPlacer(measurer: ArticleMeasurer(composer: composer, template: template))
            let start = Date()
            last = try placer.place(articles)
            times.append(Date().timeIntervalSince(start) * 1000)
        }
        let sorted = times.sorted()
        print(last!.report)
        print(String(format: "autoplace demo page: %d runs, median %.1f ms, min %.1f ms, max %.1f ms; unused cells %d, score %.2f",
                     times.count, sorted[sorted.count / 2], sorted.first!, sorted.last!, last!.unusedCells, last!.score))
    }
}
