import Foundation
import XCTest
@testable import Model

final class DemoArticleTests: XCTestCase {
    /// The demo articles, loaded from a copy of the issue folder so the photo
    /// stories load even while their photos are not in the repository yet
    /// (placeholder files are created only where a photo is missing).
    func demoCopy() throws -> TempDir {
        let tmp = TempDir()
        for name in try FileManager.default.contentsOfDirectory(atPath: demoIssueDir) where name.hasSuffix(".txt") {
            let data = try Data(contentsOf: URL(fileURLWithPath: demoIssueDir + "/" + name))
            tmp.write(name, data)
        }
        // Photo references, taken from the files themselves rather than hard-coded.
        for name in try FileManager.default.contentsOfDirectory(atPath: tmp.path) where name.hasSuffix(".txt") {
            let text = try String(contentsOfFile: tmp.path + "/" + name, encoding: .utf8)
            for l in text.split(separator: "\n") where l.contains("file:") {
                let rel = l.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces)
                let original = demoIssueDir + "/" + rel
                let data = FileManager.default.contents(atPath: original) ?? Data("placeholder".utf8)
                tmp.write(rel, data)
            }
        }
        return tmp
    }

    /// CHECK.md (written by whoever prepared the articles) gives paragraph
    /// counts and character counts; the loader must reproduce them.
    func testDemoArticlesMatchCheckTable() throws {
        let tmp = try demoCopy()
        let check = try String(contentsOfFile: demoIssueDir + "/CHECK.md", encoding: .utf8)
        var rows = 0
        for row in check.split(separator: "\n") where row.hasPrefix("| ") && row.contains(".txt") {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let (file, headline, paragraphs, bodyChars, captionChars) = (cells[0], cells[1], Int(cells[2])!, Int(cells[3])!, Int(cells[5])!)
            let a = try ArticleLoader.load(path: tmp.path + "/" + file)
            rows += 1
            XCTAssertEqual(a.headline.joined(), headline, file)
            XCTAssertEqual(a.body.count, paragraphs, file)
            let body = a.body.map(\.text).joined().filter { !$0.isWhitespace }
            XCTAssertEqual(body.count, bodyChars, file)
            XCTAssertFalse(body.contains("**"), file)
            XCTAssertEqual(a.photos.map(\.caption).joined().filter { !$0.isWhitespace }.count, captionChars, file)
        }
        XCTAssertEqual(rows, 9)
    }

    func testEconomyFields() throws {
        let a = try ArticleLoader.load(path: demoIssueDir + "/01-economy.txt")
        XCTAssertEqual(a.id, "01-economy")
        XCTAssertEqual(a.kicker, "以项目建设之“进”支撑经济发展之“稳”")
        XCTAssertEqual(a.headline, ["示范区经济稳中有进动能持续增强"])
        XCTAssertEqual(a.byline, "本报讯（记者张亚升）")
        XCTAssertEqual(a.priority, 1)
        XCTAssertNil(a.subhead)
        XCTAssertTrue(a.normalizePunctuation)
        XCTAssertTrue(a.photos.isEmpty)
        guard case let .paragraph(runs, line) = a.body[0] else { return XCTFail("first block is not a paragraph") }
        XCTAssertEqual(line, 8)  // after 7 front-matter lines (the pull quote fills the module on the seed page)
        XCTAssertEqual(a.pullQuote, "好的营商环境是区域经济高质量发展的根本")
        XCTAssertTrue(runs.allSatisfy { $0.emphasis == .regular })
        XCTAssertTrue(runs[0].text.hasPrefix("1月9日，从市城乡一体化示范区发改局传来消息"))
    }

    func testRunInBoldLeads() throws {
        let a = try ArticleLoader.load(path: demoIssueDir + "/04-discipline.txt")
        XCTAssertEqual(a.subhead, "区纪工委以监督质效促工作高效")
        let bold = a.body.compactMap { block -> String? in
            guard case let .paragraph(runs, _) = block, let first = runs.first, first.emphasis == .bold else { return nil }
            XCTAssertEqual(runs.count, 2)
            XCTAssertEqual(runs[1].emphasis, .regular)
            return first.text
        }
        XCTAssertEqual(bold, ["坚持系统推进，推动各方同向发力。", "精准靶向施治，推动乡村振兴走深走实。", "持续纠风惩腐，推动监督更加有力有效。"])
    }

    func testQuotedKickerAndPhotoStory() throws {
        XCTAssertEqual(try ArticleLoader.load(path: demoIssueDir + "/02-binhu.txt").kicker, "滨湖街道：")
        let tmp = try demoCopy()
        let a = try ArticleLoader.load(path: tmp.path + "/09-gulls.txt")
        XCTAssertEqual(a.headline, ["护“鸥”在行动"])
        XCTAssertEqual(a.body, [])
        XCTAssertEqual(a.photos.count, 1)
        XCTAssertEqual(a.photos[0].path, tmp.real + "/photos/gulls.jpg")
        XCTAssertEqual(a.photos[0].credit, "本报记者 张亚丹 摄")
        XCTAssertTrue(a.photos[0].caption.hasPrefix("近日，示范区公明路小学"))
    }
}

final class ArticleFormatTests: XCTestCase {
    func testBodyJoiningBoldSubheadsAndLines() throws {
        let tmp = TempDir()
        let text = """
        ---
        headline: [第一行, 第二行]
        id: custom-id
        priority: 2
        normalize-punctuation: false
        ---
        　　第一段第一行
        第一段第二行 with Latin
        words and 2024
        2025 numbers

        **粗体**开头，中间**也可以
        跨行**结束。

        ## 小标题 **强调**
        最后一段。
        """
        let p = tmp.write("a.txt", text)
        let a = try ArticleLoader.load(path: p)
        XCTAssertEqual(a.id, "custom-id")
        XCTAssertEqual(a.headline, ["第一行", "第二行"])
        XCTAssertEqual(a.priority, 2)
        XCTAssertFalse(a.normalizePunctuation)
        XCTAssertEqual(a.body, [
            .paragraph([InlineRun("第一段第一行第一段第二行 with Latin words and 2024 2025 numbers")], line: 7),
            .paragraph([InlineRun("粗体", .bold), InlineRun("开头，中间"), InlineRun("也可以跨行", .bold), InlineRun("结束。")], line: 12),
            .subhead("小标题 强调", line: 15),
            .paragraph([InlineRun("最后一段。")], line: 16),
        ])
    }

    func testDefaultsAndLoneHeadline() throws {
        let tmp = TempDir()
        let p = tmp.write("07-x.txt", "---\nheadline: 标题\n---\n")
        let a = try ArticleLoader.load(path: p)
        XCTAssertEqual(a.id, "07-x")
        XCTAssertEqual(a.priority, 3)
        XCTAssertTrue(a.normalizePunctuation)
        XCTAssertEqual(a.body, [])
    }

    func testCRLFAndBOM() throws {
        let tmp = TempDir()
        let p = tmp.write("a.txt", Data([0xEF, 0xBB, 0xBF]) + Data("---\r\nheadline: 标题\r\n---\r\n正文\r\n".utf8))
        let a = try ArticleLoader.load(path: p)
        XCTAssertEqual(a.body, [.paragraph([InlineRun("正文")], line: 4)])
    }

    func testUnknownField() {
        let tmp = TempDir()
        let p = tmp.write("a.txt", "---\nkicker: 引题\nhedline: 标题\n---\n正文\n")
        assertLoadError(try ArticleLoader.load(path: p), file: p, line: 3,
                        "unknown field 'hedline'", "expected one of:", "headline", "normalize-punctuation")
    }

    func testDuplicateField() {
        let tmp = TempDir()
        let p = tmp.write("a.txt", "---\nheadline: 一\nheadline: 二\n---\n")
        assertLoadError(try ArticleLoader.load(path: p), file: p, line: 3, "duplicate field 'headline'", "first on line 2")
    }

    func testUnclosedBoldNamesOpeningLine() {
        let tmp = TempDir()
        let text = "---\nheadline: 标题\n---\n第一段。\n\n第二段**没有\n结束的粗体。\n\n第三段。\n"
        let p = tmp.write("a.txt", text)
        assertLoadError(try ArticleLoader.load(path: p), file: p, line: 6, "'**'", "never closed")
    }

    func testInvalidUTF8NamesLine() {
        let tmp = TempDir()
        var data = Data("---\nheadline: 标题\n---\n正文\n".utf8)
        data += Data([0xD5, 0xFD, 0xCE, 0xC4, 0x0A])  // "正文" in GBK
        let p = tmp.write("a.txt", data)
        assertLoadError(try ArticleLoader.load(path: p), file: p, line: 5, "invalid UTF-8")
    }

    /// CRLF and old Mac CR line ends count as line ends for the error's line number too.
    func testInvalidUTF8LineCountsCRLFAndCRLineEnds() {
        let tmp = TempDir()
        for eol in ["\r\n", "\r"] {
            var data = Data("---\(eol)headline: 标题\(eol)---\(eol)正文\(eol)".utf8)
            data += Data([0xD5, 0xFD, 0xCE, 0xC4]) + Data(eol.utf8)
            let p = tmp.write(eol == "\r" ? "cr.txt" : "crlf.txt", data)
            assertLoadError(try ArticleLoader.load(path: p), file: p, line: 5, "invalid UTF-8")
        }
    }

    func testHeadlineErrors() {
        let tmp = TempDir()
        let map = tmp.write("map.txt", "---\nkicker: 引\nheadline: {a: 1}\n---\n")
        assertLoadError(try ArticleLoader.load(path: map), file: map, line: 3,
                        "headline must be a string or a list of strings, got a map")
        let three = tmp.write("three.txt", "---\nheadline: [一, 二, 三]\n---\n")
        assertLoadError(try ArticleLoader.load(path: three), file: three, line: 2, "one or two lines, got 3")
        let empty = tmp.write("empty.txt", "---\nkicker: 引\nheadline: \"  \"\n---\n")
        assertLoadError(try ArticleLoader.load(path: empty), file: empty, line: 3, "headline is empty")
        let null = tmp.write("null.txt", "---\nkicker: 引\nheadline:\n---\n")
        assertLoadError(try ArticleLoader.load(path: null), file: null, line: 3, "headline is empty")
        let none = tmp.write("none.txt", "---\nkicker: 引\n---\n")
        assertLoadError(try ArticleLoader.load(path: none), file: none, line: 2, "missing required field 'headline'")
        let nested = tmp.write("nested.txt", "---\nheadline:\n  - 一\n  - [二]\n---\n")
        assertLoadError(try ArticleLoader.load(path: nested), file: nested, line: 4,
                        "headline must be a string or a list of strings, got a list")
    }

    func testWrongTypesAndValues() {
        let tmp = TempDir()
        let pr = tmp.write("p.txt", "---\nheadline: 标题\npriority: 0\n---\n")
        assertLoadError(try ArticleLoader.load(path: pr), file: pr, line: 3, "priority must be at least 1, got 0")
        let hi = tmp.write("h.txt", "---\nheadline: 标题\npriority: high\n---\n")
        assertLoadError(try ArticleLoader.load(path: hi), file: hi, line: 3, "priority must be a whole number, got a string ('high')")
        let np = tmp.write("n.txt", "---\nheadline: 标题\nnormalize-punctuation: maybe\n---\n")
        assertLoadError(try ArticleLoader.load(path: np), file: np, line: 3, "must be true or false")
        let sub = tmp.write("s.txt", "---\nheadline: 标题\nsubhead: [a, b]\n---\n")
        assertLoadError(try ArticleLoader.load(path: sub), file: sub, line: 3, "subhead must be a string, got a list")
    }

    func testFrontMatterFraming() {
        let tmp = TempDir()
        let noFM = tmp.write("a.txt", "headline: 标题\n正文\n")
        assertLoadError(try ArticleLoader.load(path: noFM), file: noFM, line: 1, "must start with front matter")
        let open = tmp.write("b.txt", "---\nheadline: 标题\n正文\n")
        assertLoadError(try ArticleLoader.load(path: open), file: open, line: 1, "never closed")
    }

    func testMalformedYAMLLineIsTheFileLine() {
        let tmp = TempDir()
        // Line 4 of the file is line 3 of the front matter.
        let p = tmp.write("a.txt", "---\nheadline: 标题\nkicker: 引题\nbyline: [本报讯\n---\n正文\n")
        do {
            _ = try ArticleLoader.load(path: p)
            XCTFail("loaded malformed YAML")
        } catch let e as LoadError {
            XCTAssertEqual(e.file, p)
            XCTAssertTrue(e.message.hasPrefix("malformed YAML"), e.message)
            // libyaml reports an unclosed flow sequence at the end of input (line 5 of the file = the closing ---
            // is not part of the YAML, so the end is after line 4); either way it must be a file line past the `---`.
            XCTAssertNotNil(e.line)
            XCTAssertTrue((4...5).contains(e.line ?? 0), "\(e)")
        } catch { XCTFail("\(error)") }

        let tab = tmp.write("b.txt", "---\nheadline: 标题\nkicker: 引题\n\tbyline: x\n---\n")
        assertLoadError(try ArticleLoader.load(path: tab), file: tab, line: 4, "malformed YAML")
    }
}

final class PhotoPathTests: XCTestCase {
    func article(_ file: String, caption: String = "图片说明") -> String {
        "---\nheadline: 图片新闻\nphotos:\n  - file: \(file)\n    caption: \(caption)\n    credit: 本报记者 摄\n---\n"
    }

    func testPhotoResolvedToAbsolutePath() throws {
        let tmp = TempDir()
        tmp.write("photos/a.jpg", "jpeg")
        let p = tmp.write("sub/story.txt", article("../photos/a.jpg"))
        // Lone article: its own folder bounds the photos, so ../photos is outside…
        assertLoadError(try ArticleLoader.load(path: p), file: p, line: 4, "outside the issue folder")
        // …but inside the issue folder it is fine.
        let a = try ArticleLoader.load(path: p, issueDirectory: tmp.path)
        XCTAssertEqual(a.photos, [Photo(path: tmp.real + "/photos/a.jpg", caption: "图片说明", credit: "本报记者 摄")])
    }

    func testEscapingPathRefused() {
        let tmp = TempDir()
        let p = tmp.write("story.txt", article("../../etc/passwd"))
        assertLoadError(try ArticleLoader.load(path: p), file: p, line: 4, "photo '../../etc/passwd' is outside the issue folder")
        let abs = tmp.write("abs.txt", article("/etc/passwd"))
        assertLoadError(try ArticleLoader.load(path: abs), file: abs, line: 4, "outside the issue folder")
    }

    func testSymlinkOutOfIssueRefused() throws {
        let tmp = TempDir()
        let outside = TempDir()
        outside.write("secret.jpg", "x")
        try FileManager.default.createSymbolicLink(atPath: tmp.path + "/link.jpg", withDestinationPath: outside.path + "/secret.jpg")
        try FileManager.default.createSymbolicLink(atPath: tmp.path + "/dir", withDestinationPath: outside.path)
        let p = tmp.write("story.txt", article("link.jpg"))
        assertLoadError(try ArticleLoader.load(path: p), file: p, line: 4, "outside the issue folder", "resolves to")
        let q = tmp.write("story2.txt", article("dir/secret.jpg"))
        assertLoadError(try ArticleLoader.load(path: q), file: q, line: 4, "outside the issue folder")
    }

    func testMissingPhotoAndCaption() {
        let tmp = TempDir()
        let p = tmp.write("story.txt", article("photos/nope.jpg"))
        assertLoadError(try ArticleLoader.load(path: p), file: p, line: 4, "photo file 'photos/nope.jpg' not found")
        tmp.write("a.jpg", "x")
        let q = tmp.write("q.txt", "---\nheadline: 图\nphotos:\n  - file: a.jpg\n    credit: 摄\n---\n")
        assertLoadError(try ArticleLoader.load(path: q), file: q, line: 4, "missing required field 'caption'")
        let r = tmp.write("r.txt", "---\nheadline: 图\nphotos:\n  - file: a.jpg\n    caption: 说明\n    captoin: x\n---\n")
        assertLoadError(try ArticleLoader.load(path: r), file: r, line: 6, "unknown field 'captoin'", "file, caption, credit")
    }
}
