import Foundation
import XCTest
@testable import Model

final class IssueLoaderTests: XCTestCase {
    /// Issue folder with Layouts/mini.yaml beside it and three articles.
    func fixture(_ issue: String) -> (tmp: TempDir, issuePath: String, layouts: String) {
        let tmp = TempDir()
        tmp.write("Layouts/mini.yaml", miniTemplate)
        tmp.write("Layouts/other.yaml", miniTemplate.replacingOccurrences(of: "name: mini", with: "name: other"))
        tmp.write("2024-01-12/a.txt", "---\nheadline: 甲\n---\n正文\n")
        tmp.write("2024-01-12/b.txt", "---\nheadline: 乙\nid: bee\n---\n正文\n")
        tmp.write("2024-01-12/c.txt", "---\nheadline: 丙\n---\n")
        let p = tmp.write("2024-01-12/issue.yaml", issue)
        return (tmp, p, tmp.path + "/Layouts")
    }

    let good = """
    newspaper: 平顶山日报
    date: 2024-01-12
    number: 17008
    pages:
      - number: 3
        template: mini
        section: 示范区
        editor: 周晓果
        proofreader: 李京晶
        slots:
          lead: a
          ear: bee
      - number: 4
        template: mini
        slots:
          lead: c
          bottom: a
    """

    func testLoadsIssue() throws {
        let f = fixture(good)
        let issue = try IssueLoader.load(path: f.issuePath, layoutsDirectory: f.layouts, fonts: testFonts)
        XCTAssertEqual(issue.newspaper, "平顶山日报")
        XCTAssertEqual(issue.date, "2024-01-12")
        XCTAssertEqual(issue.number, 17008)
        XCTAssertEqual(issue.pages.map(\.number), [3, 4])
        XCTAssertEqual(issue.pages[0].placements, ["lead": "a", "ear": "bee"])
        XCTAssertEqual(issue.pages[0].section, "示范区")
        XCTAssertEqual(issue.pages[0].editor, "周晓果")
        XCTAssertEqual(issue.pages[1].section, "")
        XCTAssertEqual(issue.pages[1].template.name, "mini")
        XCTAssertEqual(Set(issue.articles.keys), ["a", "bee", "c"])  // b.txt sets its id
        XCTAssertEqual(IssueLoader.findLayoutsDirectory(startingAt: f.issuePath).flatMap { Paths.real($0) }, Paths.real(f.layouts))
    }

    func testUnknownSlot() {
        let text = good.replacingOccurrences(of: "ear: bee", with: "leed: bee")
        let f = fixture(text)
        assertLoadError(try IssueLoader.load(path: f.issuePath, layoutsDirectory: f.layouts, fonts: testFonts),
                        file: f.issuePath, line: line(of: "leed:", in: text),
                        "unknown slot 'leed' in template mini; slots are: lead, ear, bottom")
    }

    func testAdsAndAutomaticPagesLoad() throws {
        let text = good.replacingOccurrences(of: "      lead: c\n      bottom: a", with: "      lead: c\n    ads:\n      bottom: ads/ad.pdf")
            + "\n  - number: 5\n    template: other\n    articles: [a, c]\n"
        let f = fixture(text)
        f.tmp.write("2024-01-12/ads/ad.pdf", "%PDF-1.4 stand-in")
        let issue = try IssueLoader.load(path: f.issuePath, layoutsDirectory: f.layouts, fonts: testFonts)
        XCTAssertTrue(issue.pages[1].ads["bottom"]!.hasSuffix("/2024-01-12/ads/ad.pdf"))
        XCTAssertEqual(issue.pages[2].autoArticles, ["a", "c"])
        XCTAssertTrue(issue.pages[2].placements.isEmpty)
    }

    func testAdErrors() {
        let outside = good.replacingOccurrences(of: "      lead: c\n      bottom: a", with: "      lead: c\n    ads:\n      bottom: ../../etc/passwd.pdf")
        var f = fixture(outside)
        assertLoadError(try IssueLoader.load(path: f.issuePath, layoutsDirectory: f.layouts, fonts: testFonts),
                        file: f.issuePath, line: line(of: "bottom: ../", in: outside), "outside the issue folder")
        let taken = good.replacingOccurrences(of: "      lead: c\n      bottom: a", with: "      lead: c\n    ads:\n      lead: ad.png")
        f = fixture(taken)
        assertLoadError(try IssueLoader.load(path: f.issuePath, layoutsDirectory: f.layouts, fonts: testFonts),
                        file: f.issuePath, line: line(of: "      lead: ad.png", in: taken), "holds article 'c' and an ad")
        let kind = good.replacingOccurrences(of: "      lead: c\n      bottom: a", with: "      lead: c\n    ads:\n      bottom: ad.gif")
        f = fixture(kind)
        assertLoadError(try IssueLoader.load(path: f.issuePath, layoutsDirectory: f.layouts, fonts: testFonts),
                        file: f.issuePath, line: line(of: "bottom: ad.gif", in: kind), "must be a PDF, JPEG or PNG")
    }

    /// `set:` says how an automatically placed story is set (what a template slot says).
    func testModuleSettingsOfAutomaticPages() throws {
        let base = good + "\n  - number: 5\n    template: other\n    articles: [a, c]\n"
        var text = base + "    set:\n      a: vertical\n      c: [vertical-headline, framed]\n"
        var f = fixture(text)
        let issue = try IssueLoader.load(path: f.issuePath, layoutsDirectory: f.layouts, fonts: testFonts)
        XCTAssertEqual(issue.pages[2].moduleSettings, ["a": ModuleSetting(vertical: true),
                                                       "c": ModuleSetting(verticalHeadline: true, framed: true)])
        XCTAssertEqual(issue.pages[0].moduleSettings, [:])

        text = base + "    set:\n      a: sideways\n"
        f = fixture(text)
        assertLoadError(try IssueLoader.load(path: f.issuePath, layoutsDirectory: f.layouts, fonts: testFonts),
                        file: f.issuePath, line: line(of: "a: sideways", in: text),
                        "set of 'a' must be one or more of: vertical, vertical-headline, framed; got 'sideways'")
        text = base + "    set:\n      bee: vertical\n"
        f = fixture(text)
        assertLoadError(try IssueLoader.load(path: f.issuePath, layoutsDirectory: f.layouts, fonts: testFonts),
                        file: f.issuePath, line: line(of: "bee: vertical", in: text), "'bee' is not in the page's articles: a, c")
        text = good + "\n    set:\n      a: vertical\n"
        f = fixture(text)
        assertLoadError(try IssueLoader.load(path: f.issuePath, layoutsDirectory: f.layouts, fonts: testFonts),
                        file: f.issuePath, line: line(of: "set:", in: text), "set: is for stories listed under articles:")
    }

    func testSlotsAndArticlesTogetherIsAnError() {
        let text = good + "\n    articles: [c]\n"
        let f = fixture(text)
        assertLoadError(try IssueLoader.load(path: f.issuePath, layoutsDirectory: f.layouts, fonts: testFonts),
                        file: f.issuePath, line: line(of: "articles: [c]", in: text), "has both slots and articles")
    }

    func testMissingArticle() {
        let text = good.replacingOccurrences(of: "ear: bee", with: "ear: b")  // b.txt's id is bee
        let f = fixture(text)
        assertLoadError(try IssueLoader.load(path: f.issuePath, layoutsDirectory: f.layouts, fonts: testFonts),
                        file: f.issuePath, line: line(of: "ear: b", in: text), "no article 'b'", "a, bee, c")
    }

    func testUnknownTemplateListsAvailable() {
        let text = good.replacingOccurrences(of: "template: mini\n    slots:\n      lead: c", with: "template: maxi\n    slots:\n      lead: c")
        let f = fixture(text)
        assertLoadError(try IssueLoader.load(path: f.issuePath, layoutsDirectory: f.layouts, fonts: testFonts),
                        file: f.issuePath, line: line(of: "template: maxi", in: text),
                        "unknown template 'maxi'; available templates: mini, other")
    }

    func testArticleTwiceOnOnePage() {
        let text = good.replacingOccurrences(of: "ear: bee", with: "ear: a")
        let f = fixture(text)
        assertLoadError(try IssueLoader.load(path: f.issuePath, layoutsDirectory: f.layouts, fonts: testFonts),
                        file: f.issuePath, line: line(of: "ear: a", in: text), "article 'a' is already placed in slot 'lead' on page 3")
    }

    func testIssueFieldErrors() {
        for (from, to, needle, message) in [
            ("date: 2024-01-12", "date: 2024-02-30", "date:", "date must be a calendar date written YYYY-MM-DD, got '2024-02-30'"),
            ("date: 2024-01-12", "date: 12.1.2024", "date:", "YYYY-MM-DD"),
            ("number: 17008", "number: 十七", "number: 十七", "number must be a whole number"),
            ("newspaper: 平顶山日报", "newspaper: 平顶山日报\npaper: x", "paper: x", "unknown field 'paper' in issue; expected one of: newspaper, date, number, pages"),
            ("  - number: 4", "  - number: 3", "number: 3", "page 3 is listed twice"),
        ] {
            let text = good.replacingOccurrences(of: from, with: to)
            let f = fixture(text)
            assertLoadError(try IssueLoader.load(path: f.issuePath, layoutsDirectory: f.layouts, fonts: testFonts),
                            file: f.issuePath, line: line(of: needle, in: text, occurrence: needle == "number: 3" ? 2 : 1), message)
        }
    }

    func testArticleErrorsSurfaceWithArticleFile() {
        let f = fixture(good)
        let bad = f.tmp.write("2024-01-12/d.txt", "---\nheadline: 丁\nid: a\n---\n")
        assertLoadError(try IssueLoader.load(path: f.issuePath, layoutsDirectory: f.layouts, fonts: testFonts),
                        file: bad, line: 3, "article id 'a' is also used by")
        let g = fixture(good)
        let esc = g.tmp.write("2024-01-12/e.txt", "---\nheadline: 戊\nphotos:\n  - {file: ../Layouts/mini.yaml, caption: 说明}\n---\n")
        assertLoadError(try IssueLoader.load(path: g.issuePath, layoutsDirectory: g.layouts, fonts: testFonts),
                        file: esc, line: 4, "outside the issue folder")
    }

    /// The real demo issue, with the real Layouts and Fonts; photos that are not in
    /// the repository yet are stood in for by placeholder files in a copy.
    func testDemoIssue() throws {
        let tmp = TempDir()
        for name in try FileManager.default.contentsOfDirectory(atPath: demoIssueDir) where !name.hasPrefix(".") {
            let src = demoIssueDir + "/" + name
            if Paths.isDirectory(src) { try FileManager.default.copyItem(atPath: src, toPath: tmp.path + "/" + name) }
            else { tmp.write(name, try Data(contentsOf: URL(fileURLWithPath: src))) }
        }
        for photo in ["photos/smart-party.jpg", "photos/gulls.jpg"] where !FileManager.default.fileExists(atPath: tmp.path + "/" + photo) {
            tmp.write(photo, "placeholder")
        }
        let fonts = try FontConfig.load(path: repoRoot + "/Fonts/fonts.yaml")
        let issue = try IssueLoader.load(path: tmp.path + "/issue.yaml", layoutsDirectory: repoRoot + "/Layouts", fonts: fonts)
        XCTAssertEqual(issue.newspaper, "平顶山日报")
        // The seed page's nine stories, the supplement's three and the front page's seven, the vertical page's three.
        XCTAssertEqual(issue.articles.count, 22)
        XCTAssertEqual(issue.pages.map(\.number), [1, 3, 4, 5, 6])
        // Page 1 is the front page: its template has the masthead; the weather comes from the issue.
        XCTAssertNotNil(issue.pages[0].template.masthead)
        XCTAssertEqual(issue.pages[0].placements["index"], "00-front-index")
        XCTAssertEqual(issue.weather, "晴　-3℃～8℃　北风2级")
        // Page 4 is placed automatically around its ad; page 5 continues its lead story.
        XCTAssertEqual(issue.pages[2].autoArticles, ["10-review", "11-figures"])
        XCTAssertEqual(issue.pages[2].ads.keys.sorted(), ["ad"])
        // A strip ad across the foot of page 4; two house ads on page 5.
        XCTAssertTrue(issue.pages[2].ads["ad"]!.hasSuffix("ads/subscribe-strip.pdf"))
        XCTAssertEqual(issue.pages[3].ads.keys.sorted(), ["ad", "ad-right"])
        XCTAssertEqual(issue.pages[3].placements["continued"], "10-review")
        XCTAssertTrue(issue.articles["11-figures"]!.boxed)
        XCTAssertNil(issue.pages[1].template.masthead)
        XCTAssertEqual(issue.pages[1].placements["lead"], "01-economy")
        XCTAssertEqual(issue.pages[1].placements.count, 9)
        XCTAssertEqual(IssueLoader.findLayoutsDirectory(startingAt: demoIssueDir + "/issue.yaml").flatMap { Paths.real($0) },
                       Paths.real(repoRoot + "/Layouts"))
    }
}
