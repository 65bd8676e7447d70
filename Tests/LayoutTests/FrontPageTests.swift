import Foundation
import XCTest
@testable import Composer
@testable import Interop
@testable import Layout
@testable import Model

/// The small synthetic page of LayoutTests, built in code.
struct FrontFixture: SyntheticPageBuilding {}

/// The masthead on a front page and cross-page references (导读 “详见第N版”).
final class FrontPageTests: XCTestCase {
    static let library = FontLibrary()
    let helper = FrontFixture()
    let nameplatePDF = CLIPaths.repo + "/Layouts/art/pds-nameplate.pdf"

    func frontTemplate(_ nameplate: Masthead.Nameplate) -> PageTemplate {
        var t = helper.template(slots: [Slot(name: "lead", column: 0, columns: 3, line: 0, lines: 20)])
        t.margins.top = 160
        t.header = HeaderSpec(height: 140, rule: 2)
        t.trimHeight += 80
        let data = helper.style("Noto Sans CJK SC", size: 8, leading: 12, align: .left, indent: 0)
        t.masthead = Masthead(nameplate: nameplate, nameplateHeight: 60,
                              ears: [.init(side: .left, width: 100, title: "天气", lines: ["{weather}"]),
                                     .init(side: .right, width: 100, title: "今日{pages}版", lines: ["第{page}版"])],
                              dataLine: ["{date}", "{weekday}", "农历{lunar}", "总第{number}期", "今日{pages}版"],
                              dataStyle: data, earStyle: data, earTitleStyle: data)
        return t
    }

    func layOut(_ t: PageTemplate) throws -> LaidOutPage {
        let page = IssuePage(number: 1, templateName: "front", template: t, section: "要闻", placements: [:])
        var other = page; other.number = 2
        var issue = Issue(sourcePath: "issue.yaml", newspaper: "测试报", date: "2024-01-12", number: 17008,
                          pages: [page, other], articles: [:])
        issue.weather = "晴 -3～8℃"
        return try PageLayoutEngine(composer: Composer(fonts: Self.library)).layout(page: page, of: issue)
    }

    func testArtworkNameplateIsPlacedAsVectorsBetweenTheEars() throws {
        let t = frontTemplate(.artwork(path: nameplatePDF))
        let page = try layOut(t)
        let frames = page.elements.compactMap { e -> (String, Rect)? in
            if case let .artwork(p, r) = e { return (p, r) } else { return nil }
        }
        XCTAssertEqual(frames.count, 1)
        let (path, r) = try XCTUnwrap(frames.first)
        XCTAssertEqual(path, nameplatePDF)
        // Scaled to the nameplate height, aspect kept, centred between the 100 pt ears.
        let size = try PDFDocument(path: nameplatePDF).pageSize(0)
        XCTAssertEqual(r.height, 60, accuracy: 0.01)
        XCTAssertEqual(r.width / r.height, size.width / size.height, accuracy: 0.001)
        let left = t.margins.left + 100, right = t.margins.left + t.typeAreaWidth - 100
        XCTAssertEqual(r.x + r.width / 2, (left + right) / 2, accuracy: 0.01)
        // Inside the header band, above the type area.
        XCTAssertGreaterThanOrEqual(r.y, t.margins.top - t.header.height)
        XCTAssertLessThan(r.maxY, t.margins.top)
        // No section header on a front page.
        XCTAssertFalse(page.lines.contains { $0.line.text.contains("要闻") })
        // The manifest calls it a nameplate, not an ad.
        let boxes = LayoutManifest(issue: "测试报", date: "2024-01-12", pages: [page], glyphs: false).pages[0].boxes
        XCTAssertEqual(boxes.filter { $0.kind == "nameplate" }.map { [$0.x, $0.y, $0.height] },
                       [[(r.x * 100).rounded() / 100, (r.y * 100).rounded() / 100, 60]])
        XCTAssertFalse(boxes.contains { $0.kind == "ad" })
    }

    func testDataLineCarriesDateWeekdayLunarDateNumberAndPageCount() throws {
        let t = frontTemplate(.artwork(path: nameplatePDF))
        let page = try layOut(t)
        let header = page.lines.filter { $0.role == .header }
        let texts = header.map(\.line.text)
        for s in ["2024年1月12日", "星期五", "农历癸卯年腊月初二", "总第17008期", "今日2版"] {
            XCTAssertTrue(texts.contains(s), "\(s) not in \(texts)")
        }
        // Ears: the weather from the issue, the page count in a title, this page's number.
        XCTAssertTrue(texts.contains("晴 -3～8℃"), "\(texts)")
        XCTAssertTrue(texts.contains("第1版"), "\(texts)")
        // The data line is spread across the type width on one baseline: first item at the
        // left margin, last one ending at the right edge.
        let items = header.filter { ["2024年1月12日", "今日2版"].contains($0.line.text) && $0.origin.y > t.margins.top - 30 }
        XCTAssertEqual(items.count, 2)
        XCTAssertEqual(items[0].origin.y, items[1].origin.y, accuracy: 1e-9)
        XCTAssertEqual(items[0].origin.x, t.margins.left, accuracy: 0.01)
        XCTAssertEqual(items[1].origin.x + items[1].line.usedWidth, t.margins.left + t.typeAreaWidth, accuracy: 0.5)
    }

    func testTextNameplateIsSetInItsStyle() throws {
        let style = helper.style("Noto Sans CJK SC", size: 48, leading: 56, weight: 900, align: .center, indent: 0)
        let page = try layOut(frontTemplate(.text("测试日报", style: style)))
        let np = try XCTUnwrap(page.lines.first { $0.line.text == "测试日报" })
        XCTAssertEqual(np.line.em, 48, accuracy: 0.01)
    }

    func testCorruptArtworkIsATemplateError() throws {
        let bad = NSTemporaryDirectory() + "broadsheet-bad-\(getpid()).pdf"
        try Data("%PDF-1.5\nnot really".utf8).write(to: URL(fileURLWithPath: bad))
        defer { unlink(bad) }
        XCTAssertThrowsError(try layOut(frontTemplate(.artwork(path: bad)))) { e in
            XCTAssertTrue("\(e)".contains("t.yaml"), "\(e)")
            XCTAssertTrue("\(e)".contains("cannot be read as a PDF"), "\(e)")
        }
    }

    // MARK: Cross-page references

    func issue(indexOn: Int, storyOn: Int?, reference: String = "04-story") -> Issue {
        let t = helper.template(slots: [Slot(name: "a", column: 0, columns: 3, line: 0, lines: 20)])
        let index = Article(id: "00-index", sourcePath: "/issue/00-index.txt", headline: ["导读"],
                            body: [.paragraph([InlineRun("纠风惩腐", .bold), InlineRun("（详见第{page:\(reference)}版）")], line: 6)])
        let story = helper.article("04-story", paragraphs: ["正文。"])
        var pages = [IssuePage(number: indexOn, templateName: "t", template: t, section: "要闻", placements: ["a": "00-index"])]
        if let storyOn { pages.append(IssuePage(number: storyOn, templateName: "t", template: t, section: "要闻", placements: ["a": "04-story"])) }
        return Issue(sourcePath: "issue.yaml", newspaper: "测试报", date: "2024-01-12", number: 1, pages: pages,
                     articles: ["00-index": index, "04-story": story])
    }

    func testReferenceNamesThePageTheStoryIsOnAndFollowsIt() throws {
        for page in [3, 7, 12] {
            let (resolved, refs) = try CrossReferences.resolve(issue(indexOn: 1, storyOn: page))
            XCTAssertEqual(resolved.articles["00-index"]?.body.first?.text, "纠风惩腐（详见第\(page)版）")
            XCTAssertEqual(refs.map(\.page), [page])
            XCTAssertEqual(refs.first?.target, "04-story")
            XCTAssertEqual(refs.first?.line, nil)  // the test article has no file to find the line in
            let pages = try PageLayoutEngine(composer: Composer(fonts: Self.library)).layout(resolved)
            XCTAssertNoThrow(try CrossReferences.verify(refs, pages: pages))
            XCTAssertTrue(pages[0].lines.contains { $0.line.text.contains("第\(page)版") })
        }
    }

    func testReferenceToAStoryOnNoPageNamesFileAndLine() throws {
        let dir = NSTemporaryDirectory() + "broadsheet-ref-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/00-index.txt"
        try "---\nheadline: 导读\n---\n\n**纠风惩腐**（详见第{page:04-story}版）\n".write(toFile: file, atomically: true, encoding: .utf8)
        var i = issue(indexOn: 1, storyOn: nil)
        i.articles["00-index"]?.sourcePath = file
        XCTAssertThrowsError(try CrossReferences.resolve(i)) { e in
            XCTAssertTrue("\(e)".hasPrefix(file + ":5: "), "\(e)")
            XCTAssertTrue("\(e)".contains("'04-story' is on no page"), "\(e)")
        }
        i = issue(indexOn: 1, storyOn: 2, reference: "99-nothing")
        i.articles["00-index"]?.sourcePath = file
        try "---\nheadline: 导读\n---\n\n**纠风惩腐**（详见第{page:99-nothing}版）\n".write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CrossReferences.resolve(i)) { e in
            XCTAssertTrue("\(e)".hasPrefix(file + ":5: "), "\(e)")
            XCTAssertTrue("\(e)".contains("no article '99-nothing'"), "\(e)")
        }
    }

    /// An automatic page that continues a story from an earlier page measures and
    /// places what is left of it, not the whole story.
    func testAutomaticContinuationPageIsPlacedOnTheRemainder() throws {
        // The remainder (priority 4) measures two columns or more, the other story
        // (priority 3) is the page's lead: the continuation takes its natural shape
        // (wider than the lead if need be) and its natural depth.
        let composer = Composer(fonts: Self.library)
        let text = String(repeating: "示范区积极应对复杂严峻的经济形势，精准施策、攻坚克难。", count: 12)
        var story = helper.article("01-story", paragraphs: [text, text, text])
        story.priority = 1
        let other = helper.article("02-other", paragraphs: [String(repeating: "滨湖街道坚持用好民呼必应平台。", count: 10)])
        let first = helper.template(slots: [Slot(name: "a", column: 0, columns: 3, line: 0, lines: 12)])
        let auto = helper.template(slots: [], lines: 40)
        let issue = Issue(sourcePath: "issue.yaml", newspaper: "测试报", date: "2024-01-12", number: 1, pages: [
            IssuePage(number: 1, templateName: "t", template: first, section: "要闻", placements: ["a": "01-story"]),
            IssuePage(number: 2, templateName: "t", template: auto, section: "要闻", placements: [:], autoArticles: ["01-story", "02-other"]),
        ], articles: ["01-story": story, "02-other": other])
        let resolved = try AutoPages(composer: composer).resolve(issue)
        let slot = try XCTUnwrap(resolved.issue.pages[1].template.slots.first { resolved.issue.pages[1].placements[$0.name] == "01-story" })
        let report = resolved.reports[2]?.report ?? ""
        // The remainder gets a module its size: smaller than the whole story at that width
        // (less what page 1 holds, plus the repeated headline and the jump-from line) …
        let whole = try XCTUnwrap(ArticleMeasurer(composer: composer, template: auto).minimumLines(story, columns: slot.columns, maxLines: 200))
        XCTAssertLessThan(slot.lines, whole - 6, report)
        // … at its natural depth, not stretched to the page foot: the page's spare lines
        // are left as empty area below it.
        XCTAssertLessThan(slot.line + slot.lines, 40, report)
        XCTAssertTrue(report.contains("empty area"), report)
        let pages = try PageLayoutEngine(composer: composer).layout(resolved.issue)
        let entry = try XCTUnwrap(pages[1].copyfit.first { $0.articleID == "01-story" })
        XCTAssertEqual(entry.continuedFromPage, 1)
        XCTAssertNotEqual(entry.status, .overset, resolved.reports[2]?.report ?? "")
        XCTAssertLessThan(entry.undersetLines, slot.columns, report)
        XCTAssertFalse(pages.flatMap(\.copyfit).contains { $0.status == .overset })
    }

    /// Watch mode's page cache: an unchanged page is reused as it was, a changed one is set again.
    func testPageCacheReusesOnlyUnchangedPages() throws {
        let engine = PageLayoutEngine(composer: Composer(fonts: Self.library))
        let cache = PageLayoutCache()
        var (resolved, _) = try CrossReferences.resolve(issue(indexOn: 1, storyOn: 3))
        let first = try engine.layout(resolved, cache: cache)
        XCTAssertEqual(cache.hits, 0)
        let again = try engine.layout(resolved, cache: cache)
        XCTAssertEqual(cache.hits, 2)
        XCTAssertEqual(again.map { $0.lines.map(\.line.text) }, first.map { $0.lines.map(\.line.text) })
        // The story on page 3 changes: page 1 is reused, page 3 set again with the new text.
        resolved.articles["04-story"]?.body = [.paragraph([InlineRun("新的正文。")], line: 5)]
        let changed = try engine.layout(resolved, cache: cache)
        XCTAssertEqual(cache.hits, 3)
        XCTAssertTrue(changed[1].lines.contains { $0.line.text.contains("新的正文") })
        // The issue's page count is masthead data: every page is set again.
        var more = resolved
        more.pages.append(IssuePage(number: 9, templateName: "t", template: resolved.pages[0].template, section: "要闻", placements: [:]))
        _ = try engine.layout(more, cache: cache)
        XCTAssertEqual(cache.hits, 3)
    }

    func testVerifyCatchesAReferenceTheLayoutDoesNotBearOut() throws {
        let (resolved, refs) = try CrossReferences.resolve(issue(indexOn: 1, storyOn: 3))
        var pages = try PageLayoutEngine(composer: Composer(fonts: Self.library)).layout(resolved)
        pages[1].copyfit = []   // as if the story had not been set on page 3
        XCTAssertThrowsError(try CrossReferences.verify(refs, pages: pages)) { e in
            XCTAssertTrue("\(e)".contains("says page 3"), "\(e)")
        }
    }
}
