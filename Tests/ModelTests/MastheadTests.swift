import Foundation
import XCTest
@testable import Model

/// The lunar date (Foundation's Chinese calendar) and the masthead block of a template.
final class LunarDateTests: XCTestCase {
    func lunar(_ iso: String) throws -> String { try LunarDate(iso: iso).text }

    func testDatesAcrossSeveralLunarYears() throws {
        // The demo issue: the second day of the twelfth month of 癸卯 (rabbit) year.
        XCTAssertEqual(try lunar("2024-01-12"), "癸卯年腊月初二")
        XCTAssertEqual(try LunarDate(iso: "2024-01-12").zodiacAnimal, "兔")
        // Spring Festival 2024: 甲辰 (dragon) begins on 10 February.
        XCTAssertEqual(try lunar("2024-02-09"), "癸卯年腊月三十")
        XCTAssertEqual(try lunar("2024-02-10"), "甲辰年正月初一")
        XCTAssertEqual(try LunarDate(iso: "2024-02-10").zodiacAnimal, "龙")
        XCTAssertEqual(try lunar("2019-02-05"), "己亥年正月初一")
        XCTAssertEqual(try lunar("2000-01-01"), "己卯年冬月廿五")
        XCTAssertEqual(try lunar("1949-10-01"), "己丑年八月初十")
        // The first day the range covers: 庚子 year's first day.
        XCTAssertEqual(try lunar("1900-01-31"), "庚子年正月初一")
        // Mid-Autumn 2025 (the 15th of the 8th month) fell on 6 October.
        XCTAssertEqual(try lunar("2025-10-06"), "乙巳年八月十五")
    }

    func testLeapMonths() throws {
        // 2023 had a leap second month (闰二月) from 22 March to 19 April.
        XCTAssertEqual(try lunar("2023-03-21"), "癸卯年二月三十")
        XCTAssertEqual(try lunar("2023-03-22"), "癸卯年闰二月初一")
        XCTAssertEqual(try lunar("2023-04-01"), "癸卯年闰二月十一")
        XCTAssertTrue(try LunarDate(iso: "2023-04-01").isLeapMonth)
        XCTAssertEqual(try lunar("2023-04-20"), "癸卯年三月初一")
        // 2020: leap fourth month; 2025: leap sixth month.
        XCTAssertEqual(try lunar("2020-05-23"), "庚子年闰四月初一")
        XCTAssertEqual(try lunar("2025-07-25"), "乙巳年闰六月初一")
        XCTAssertFalse(try LunarDate(iso: "2025-06-25").isLeapMonth)
    }

    func testDatesOutsideTheRangeAreAnError() {
        for iso in ["1900-01-30", "1850-06-01", "2101-01-01", "9999-12-31"] {
            XCTAssertThrowsError(try LunarDate(iso: iso), iso) { e in
                XCTAssertTrue("\(e)".contains(iso), "\(e)")
                XCTAssertTrue("\(e)".contains("1900-01-31"), "\(e)")
            }
        }
        XCTAssertNoThrow(try LunarDate(iso: "2100-12-31"))
    }
}

/// The mini template with a masthead block; `nameplate` replaces the nameplate line.
func mastheadTemplate(nameplate: String = "{artwork: art/np.pdf, height: 8}",
                      dataLine: String = "[\"{date}\", \"农历{lunar}\", \"今日{pages}版\"]") -> String {
    miniTemplate.replacingOccurrences(of: "header: {height: 10, rule: 1}", with: "header: {height: 10, rule: 1}\nmasthead:\n  nameplate: \(nameplate)\n  ears:\n    - {side: left, width: 60, title: 天气, text: [\"{weather}\"]}\n  data-line: \(dataLine)")
}

final class MastheadTemplateTests: XCTestCase {
    let dir = TempDir()
    func template(nameplate: String = "{artwork: art/np.pdf, height: 8}",
                  dataLine: String = "[\"{date}\", \"农历{lunar}\", \"今日{pages}版\"]") -> String {
        mastheadTemplate(nameplate: nameplate, dataLine: dataLine)
    }

    func load(_ text: String) throws -> PageTemplate {
        let path = dir.write("Layouts/front.yaml", text)
        return try TemplateLoader.load(path: path, fonts: testFonts)
    }

    func testArtworkNameplateEarsAndDataLine() throws {
        dir.write("Layouts/art/np.pdf", "%PDF-1.5\n% a stand-in\n")
        let t = try load(template())
        let m = try XCTUnwrap(t.masthead)
        XCTAssertEqual(m.nameplate, .artwork(path: Paths.absolute(dir.path + "/Layouts/art/np.pdf")))
        XCTAssertEqual(m.nameplateHeight, 8)
        XCTAssertEqual(m.ears.map(\.side), [.left])
        XCTAssertEqual(m.ears[0].width, 60)
        XCTAssertEqual(m.dataLine, ["{date}", "农历{lunar}", "今日{pages}版"])
        XCTAssertEqual(m.fieldsUsed, ["date", "lunar", "pages", "weather"])
    }

    func testTextNameplateInANamedStyle() throws {
        let t = try load(template(nameplate: "{text: 测试日报, style: headline, height: 8}"))
        guard case let .text(text, style)? = t.masthead?.nameplate else { return XCTFail("no text nameplate") }
        XCTAssertEqual(text, "测试日报")
        XCTAssertEqual(style.size, 30)
    }

    func testBadArtworkIsAnErrorNamingTheTemplateLine() throws {
        let text = template()
        let path = dir.path + "/Layouts/front.yaml"
        let l = line(of: "nameplate:", in: text)
        // Missing.
        assertLoadError(try load(text), file: path, line: l, "art/np.pdf", "not found")
        // Not a PDF inside.
        dir.write("Layouts/art/np.pdf", "GIF89a")
        assertLoadError(try load(text), file: path, line: l, "art/np.pdf", "is not a PDF")
        // Neither PDF nor SVG by name.
        assertLoadError(try load(template(nameplate: "{artwork: art/np.png, height: 8}")), file: path, line: l, "must be a PDF or SVG")
        // SVG: missing; not SVG inside (a PNG's bytes, an HTML page).
        let svg = template(nameplate: "{artwork: art/np.svg, height: 8}")
        assertLoadError(try load(svg), file: path, line: l, "art/np.svg", "not found")
        dir.write("Layouts/art/np.svg", "\u{89}PNG\r\n")
        assertLoadError(try load(svg), file: path, line: l, "art/np.svg", "is not an SVG file")
        dir.write("Layouts/art/np.svg", "<?xml version=\"1.0\"?>\n<html><body/></html>")
        assertLoadError(try load(svg), file: path, line: l, "art/np.svg", "is not an SVG file")
        // Taller than the header band.
        dir.write("Layouts/art/np.pdf", "%PDF-1.5\n")
        assertLoadError(try load(template(nameplate: "{artwork: art/np.pdf, height: 20}")), file: path, line: l, "taller than the header band")
    }

    func testSVGArtworkIsAcceptedWithTheLineThatNamesIt() throws {
        dir.write("Layouts/art/np.svg", "\u{FEFF}<?xml version=\"1.0\"?>\n<!-- stand-in -->\n<!DOCTYPE svg>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"2\"/>")
        let text = template(nameplate: "{artwork: art/np.svg, height: 8}")
        let t = try load(text)
        guard case let .artwork(file)? = t.masthead?.nameplate else { return XCTFail("no artwork nameplate") }
        XCTAssertEqual(file, dir.path + "/Layouts/art/np.svg")
        XCTAssertEqual(t.masthead?.artworkLine, line(of: "nameplate:", in: text))
    }

    func testUnknownFieldIsAnError() throws {
        dir.write("Layouts/art/np.pdf", "%PDF-1.5\n")
        let text = template(dataLine: "[\"{date}\", \"{moon-phase}\"]")
        assertLoadError(try load(text), file: dir.path + "/Layouts/front.yaml", line: line(of: "nameplate:", in: text),
                        "unknown field {moon-phase}")
    }
}

/// What the masthead needs from the issue file: weather, a date the lunar calendar covers.
final class MastheadIssueTests: XCTestCase {
    let dir = TempDir()

    func write(issue: String) -> String {
        dir.write("Layouts/art/np.pdf", "%PDF-1.5\n")
        dir.write("Layouts/front.yaml", mastheadTemplate())
        dir.write("issue/a.txt", "---\nheadline: 标题\n---\n正文。\n")
        return dir.write("issue/issue.yaml", issue)
    }

    func testWeatherAndEarsComeFromTheIssue() throws {
        let path = write(issue: "newspaper: 测试报\ndate: 2024-01-12\nnumber: 1\nweather: 晴\nears: {left: [今日立春]}\npages:\n  - {number: 1, template: front, slots: {lead: a}}\n")
        let issue = try IssueLoader.load(path: path, layoutsDirectory: dir.path + "/Layouts", fonts: testFonts)
        XCTAssertEqual(issue.weather, "晴")
        XCTAssertEqual(issue.ears[.left], ["今日立春"])
    }

    func testMissingWeatherIsAnError() {
        let text = "newspaper: 测试报\ndate: 2024-01-12\nnumber: 1\npages:\n  - {number: 1, template: front, slots: {lead: a}}\n"
        let path = write(issue: text)
        assertLoadError(try IssueLoader.load(path: path, layoutsDirectory: dir.path + "/Layouts", fonts: testFonts),
                        file: path, line: 1, "{weather}", "no weather")
    }

    func testDateOutsideTheLunarCalendarIsAnErrorAtTheDateLine() {
        let text = "newspaper: 测试报\ndate: 1890-01-12\nnumber: 1\nweather: 晴\npages:\n  - {number: 1, template: front, slots: {lead: a}}\n"
        let path = write(issue: text)
        assertLoadError(try IssueLoader.load(path: path, layoutsDirectory: dir.path + "/Layouts", fonts: testFonts),
                        file: path, line: 2, "1890-01-12", "outside the range")
    }
}

/// An inside page's header line with masthead fields (the English paper's).
final class HeaderInfoTests: XCTestCase {
    let dir = TempDir()

    func testHeaderInfoAndStaffFields() throws {
        let text = miniTemplate.replacingOccurrences(of: "header: {height: 10, rule: 1}",
                                                     with: "header: {height: 10, rule: 1, info: \"{newspaper} · {date-en} · Page {page}\", staff: \"Editor: {editor}\"}")
        let t = try TemplateLoader.load(path: dir.write("t.yaml", text), fonts: testFonts)
        XCTAssertEqual(t.header.info, "{newspaper} · {date-en} · Page {page}")
        XCTAssertEqual(t.header.staff, "Editor: {editor}")
        XCTAssertNil(t.masthead)
    }

    func testUnknownOrFrontPageOnlyFieldsAreErrors() throws {
        for (info, fragment) in [("Page {pgae}", "unknown field {pgae}"), ("{weather}", "front page")] {
            let text = miniTemplate.replacingOccurrences(of: "header: {height: 10, rule: 1}",
                                                         with: "header: {height: 10, rule: 1, info: \"\(info)\"}")
            let path = dir.write("t.yaml", text)
            assertLoadError(try TemplateLoader.load(path: path, fonts: testFonts), file: path,
                            line: line(of: "header:", in: text), fragment)
        }
    }
}
