import Foundation
import XCTest
@testable import Model

final class LengthTests: XCTestCase {
    func testUnits() {
        XCTAssertEqual(Length.parse("25.4mm"), 72)
        XCTAssertEqual(Length.parse("254mm"), 720)
        XCTAssertEqual(Length.parse("12.7 mm"), 36)
        XCTAssertEqual(Length.parse("12pt"), 12)
        XCTAssertEqual(Length.parse("13.5"), 13.5)
        XCTAssertEqual(Length.parse("-2mm")!, -72 * 2 / 25.4, accuracy: 1e-12)
        XCTAssertEqual(Length.parse("390mm")!, 390 * 72 / 25.4, accuracy: 1e-9)
        for bad in ["", "mm", "12em", "12 px", "1e3", "inf", "nan", "0x10", "1.2.3", "twelve"] {
            XCTAssertNil(Length.parse(bad), bad)
        }
    }
}

final class TemplateLoaderTests: XCTestCase {
    func load(_ text: String, _ tmp: TempDir, name: String = "t.yaml") throws -> PageTemplate {
        try TemplateLoader.load(path: tmp.write(name, text), fonts: testFonts)
    }
    /// Writes a variant of `miniTemplate` and expects an error at the line holding `at`.
    func expectError(_ text: String, at needle: String, _ fragments: String..., sourceLine: UInt = #line) {
        let tmp = TempDir()
        let p = tmp.write("t.yaml", text)
        do {
            let t = try TemplateLoader.load(path: p, fonts: testFonts)
            XCTFail("loaded \(t.name)", line: sourceLine)
        } catch let e as LoadError {
            XCTAssertEqual(e.file, p, line: sourceLine)
            XCTAssertEqual(e.line, line(of: needle, in: text), "\(e)", line: sourceLine)
            for f in fragments { XCTAssertTrue(e.message.contains(f), "'\(e.message)' lacks '\(f)'", line: sourceLine) }
        } catch { XCTFail("\(error)", line: sourceLine) }
    }

    func testRealBroadsheetTemplate() throws {
        let fonts = try FontConfig.load(path: repoRoot + "/Fonts/fonts.yaml")
        let t = try TemplateLoader.load(name: "broadsheet-6col", layoutsDirectory: repoRoot + "/Layouts", fonts: fonts)
        XCTAssertEqual(t.name, "broadsheet-6col")
        XCTAssertEqual(t.trimWidth, 390 * 72 / 25.4, accuracy: 1e-9)
        XCTAssertEqual(t.columns, 6)
        XCTAssertEqual(t.gutter, 18)
        // The template's own comment: 6 × 153 pt columns, 99 grid lines of 13.5 pt.
        XCTAssertEqual(t.columnWidth, 153, accuracy: 0.01)
        XCTAssertEqual(t.gridLines, 99)
        XCTAssertEqual(t.styles.body.family, "Noto Serif CJK SC")
        XCTAssertEqual(t.styles.bold.family, "Noto Sans CJK SC")
        XCTAssertEqual(t.styles.bold.size, 9)        // inherited from body
        XCTAssertEqual(t.styles.bold.leading, 13.5)
        XCTAssertEqual(t.styles.bold.indent, 2)
        XCTAssertEqual(t.styles.subhead.family, "LXGW WenKai")
        XCTAssertEqual(t.slots.count, 9)
        XCTAssertEqual(t.slots.first { $0.name == "lead" }?.headlineStyle, .lead)
        XCTAssertEqual(t.slots.first { $0.name == "photo-bottom" }?.photo, PhotoPlacement(position: .top, column: 0, columns: 2, lines: 21))
        XCTAssertEqual(t.footer.colophon.count, 2)
        XCTAssertEqual(t.banners.first?.background, "#c8102e")
        XCTAssertEqual(TemplateLoader.availableTemplates(in: repoRoot + "/Layouts").contains("broadsheet-6col"), true)
    }

    func testMiniTemplateAndInheritance() throws {
        let tmp = TempDir()
        let t = try load(miniTemplate, tmp)
        XCTAssertEqual(t.gridLines, 28)
        XCTAssertEqual(t.styles.body.indent, 2)
        XCTAssertEqual(t.styles.body.family, "Noto Serif CJK SC")
        // byline → bold → body → base: size from base, family/weight from bold, indent from body.
        XCTAssertEqual(t.styles.byline, TextStyle(family: "Noto Sans CJK SC", weight: 700, size: 9, leading: 10, indent: 2))
        XCTAssertEqual(t.styles.inBodySubhead.align, .center)
        XCTAssertEqual(t.styles.banner.color, "#ffffff")
        XCTAssertEqual(t.styles.banner.size, 30)
        XCTAssertEqual(t.styles.credit.align, .right)
        XCTAssertEqual(t.styles.credit.family, "LXGW WenKai")
        XCTAssertEqual(t.jumpTo, "（下转第{page}版）")
        XCTAssertEqual(t.slots.map(\.name), ["lead", "ear", "bottom"])
        XCTAssertEqual(t.slots[1].photo, PhotoPlacement(position: .top, column: 0, columns: 2, lines: 5))
        XCTAssertEqual(t.slots[1].headlineStyle, .secondary)
    }

    func testMillimetreTemplateExact() throws {
        let tmp = TempDir()
        let text = miniTemplate.replacingOccurrences(of: "trim: {width: 300, height: 300}", with: "trim: {width: 254mm, height: \"362pt\"}")
            .replacingOccurrences(of: "margins: {top: 10, bottom: 10, left: 10, right: 10}",
                                  with: "margins: {top: 25.4mm, bottom: 10, left: 12.7mm, right: 12.7mm}")
        let t = try load(text, tmp)
        XCTAssertEqual(t.trimWidth, 720)
        XCTAssertEqual(t.trimHeight, 362)
        XCTAssertEqual(t.gridLines, 28)
        XCTAssertEqual(t.margins.top, 72)
        XCTAssertEqual(t.typeAreaWidth, 720 - 72)  // 12.7mm + 12.7mm = 1 in
    }

    func testOverlappingSlotsNameBoth() {
        let text = miniTemplate.replacingOccurrences(of: "{name: bottom, column: 0, columns: 4, line: 14, lines: 14}",
                                                     with: "{name: bottom, column: 1, columns: 3, line: 13, lines: 15}")
        expectError(text, at: "name: bottom", "slot 'bottom' overlaps slot 'lead'")
    }

    func testSlotsAndBannersInsideGrid() {
        expectError(miniTemplate.replacingOccurrences(of: "line: 14, lines: 14}", with: "line: 14, lines: 15}"),
                    at: "name: bottom", "slot 'bottom'", "deeper than the page's 28 grid lines")
        expectError(miniTemplate.replacingOccurrences(of: "{name: lead, column: 0, columns: 2,", with: "{name: lead, column: 3, columns: 2,"),
                    at: "name: lead", "slot 'lead'", "wider than the grid's 4 columns")
        expectError(miniTemplate.replacingOccurrences(of: "column: 2, columns: 2, line: 0, lines: 3}", with: "column: 3, columns: 2, line: 0, lines: 3}"),
                    at: "text: 新时代", "banner '新时代'", "wider than the grid's 4 columns")
        expectError(miniTemplate.replacingOccurrences(of: "lines: 14, headline: lead}", with: "lines: 0, headline: lead}"),
                    at: "name: lead", "lines must be at least 1, got 0")
    }

    func testPhotoPlacementInsideSlot() {
        expectError(miniTemplate.replacingOccurrences(of: "photo: {columns: 2, lines: 5}", with: "photo: {column: 1, columns: 2, lines: 5}"),
                    at: "name: ear", "photo of slot 'ear'", "wider than the slot's 2 columns")
        expectError(miniTemplate.replacingOccurrences(of: "photo: {columns: 2, lines: 5}", with: "photo: {columns: 2, lines: 12}"),
                    at: "name: ear", "photo of slot 'ear'", "deeper than the slot's 11 lines")
        expectError(miniTemplate.replacingOccurrences(of: "photo: {columns: 2, lines: 5}", with: "photo: {position: left, columns: 2, lines: 5}"),
                    at: "name: ear", "position must be one of: top, middle, bottom; got 'left'")
    }

    /// `line-end-mark: half` on the body is inherited by the styles based on it.
    func testLineEndMarkSetting() throws {
        let tmp = TempDir()
        XCTAssertFalse(try load(miniTemplate, tmp).styles.body.lineEndMarkHalf)
        let t = try load(miniTemplate.replacingOccurrences(of: "body: {based-on: base, indent: 2}",
                                                           with: "body: {based-on: base, indent: 2, line-end-mark: half}"), tmp)
        XCTAssertTrue(t.styles.body.lineEndMarkHalf)
        XCTAssertTrue(t.styles.byline.lineEndMarkHalf)
    }

    /// `hanging-punctuation: none | end | end-all-stops` (true and false read as end
    /// and none), inherited through based-on.
    func testHangingPunctuationSetting() throws {
        let tmp = TempDir()
        XCTAssertEqual(try load(miniTemplate, tmp).styles.body.hangingPunctuation, HangingPunctuation.none)
        for (value, expected) in [("end", HangingPunctuation.end), ("end-all-stops", .endAllStops), ("none", .none),
                                  ("true", .end), ("false", .none)] {
            let t = try load(miniTemplate.replacingOccurrences(of: "body: {based-on: base, indent: 2}",
                                                               with: "body: {based-on: base, indent: 2, hanging-punctuation: \(value)}"), tmp)
            XCTAssertEqual(t.styles.body.hangingPunctuation, expected, value)
            XCTAssertEqual(t.styles.byline.hangingPunctuation, expected, value)
        }
        expectError(miniTemplate.replacingOccurrences(of: "body: {based-on: base, indent: 2}", with: "body: {based-on: base, hanging-punctuation: start}"),
                    at: "body: {based-on", "hanging-punctuation must be one of: none, end, end-all-stops; got 'start'")
    }

    func testSplitMarkRunsSetting() throws {
        let tmp = TempDir()
        XCTAssertFalse(try load(miniTemplate, tmp).styles.body.splitMarkRuns)
        let t = try load(miniTemplate.replacingOccurrences(of: "body: {based-on: base, indent: 2}",
                                                           with: "body: {based-on: base, indent: 2, hanging-punctuation: end, split-mark-runs: true}"), tmp)
        XCTAssertTrue(t.styles.body.splitMarkRuns)
        XCTAssertTrue(t.styles.byline.splitMarkRuns)   // (based on body)
        XCTAssertFalse(t.styles.headline.splitMarkRuns)
    }

    func testEnumsAndColours() {
        expectError(miniTemplate.replacingOccurrences(of: "in-body-subhead: {based-on: bold, align: center}", with: "in-body-subhead: {based-on: bold, align: centre}"),
                    at: "in-body-subhead:", "align must be one of: justify, left, center, right; got 'centre'")
        expectError(miniTemplate.replacingOccurrences(of: "body: {based-on: base, indent: 2}", with: "body: {based-on: base, indent: 2, kinsoku: medium}"),
                    at: "body: {based-on", "kinsoku must be one of: loose, basic, strict")
        expectError(miniTemplate.replacingOccurrences(of: "body: {based-on: base, indent: 2}", with: "body: {based-on: base, punctuation: half}"),
                    at: "body: {based-on", "punctuation must be one of: full-width, half-width, centered, none")
        expectError(miniTemplate.replacingOccurrences(of: "body: {based-on: base, indent: 2}", with: "body: {based-on: base, line-end-mark: full}"),
                    at: "body: {based-on", "line-end-mark must be grid or half, got 'full'")
        expectError(miniTemplate.replacingOccurrences(of: "headline: lead}", with: "headline: main}"),
                    at: "name: lead", "headline must be one of: lead, secondary")
        expectError(miniTemplate.replacingOccurrences(of: "color: \"#ffffff\"", with: "color: \"#fff\""),
                    at: "banner: {based-on", "color must be a colour '#rrggbb'")
        let unquoted = miniTemplate.replacingOccurrences(of: "  - {text: 新时代, column: 2, columns: 2, line: 0, lines: 3}",
                                                         with: "  - text: 新时代\n    column: 2\n    columns: 2\n    line: 0\n    lines: 3\n    background: #c8102e")
        expectError(unquoted, at: "background:", "background is empty", "quoted")
    }

    func testBasedOnErrors() {
        expectError(miniTemplate.replacingOccurrences(of: "base: {family: song, size: 9, leading: 10}", with: "base: {based-on: jump, family: song, size: 9, leading: 10}"),
                    at: "base: {based-on", "style 'base': based-on forms a cycle: base → jump → body → base")
        expectError(miniTemplate.replacingOccurrences(of: "kicker: {based-on: base,", with: "kicker: {based-on: basis,"),
                    at: "kicker:", "style 'kicker' is based on unknown style 'basis'")
        expectError(miniTemplate.replacingOccurrences(of: "subhead: {family: kai, size: 12, leading: 16}", with: "subhead: {family: kai, size: 12}"),
                    at: "  subhead:", "style 'subhead' has no leading")
        expectError(miniTemplate.replacingOccurrences(of: "base: {family: song, size: 9, leading: 10}", with: "base: {size: 9, leading: 10}"),
                    at: "base:", "style 'base' has no family")
    }

    func testMissingRoleUnknownKeysAndTypes() {
        expectError(miniTemplate.replacingOccurrences(of: "  jump: {based-on: body, align: right}\n", with: ""),
                    at: "styles:", "style 'jump' is not defined", "every template must define")
        expectError(miniTemplate.replacingOccurrences(of: "grid: {columns: 4, gutter: 10}", with: "grid: {columns: 4, gutter: 10, colums: 3}"),
                    at: "grid:", "unknown field 'colums' in grid; expected one of: columns, gutter")
        expectError(miniTemplate.replacingOccurrences(of: "trim: {width: 300, height: 300}", with: "trim: {width: 30cm, height: 300}"),
                    at: "trim:", "width must be a length", "got a string ('30cm')")
        expectError(miniTemplate.replacingOccurrences(of: "trim: {width: 300, height: 300}", with: "trim: {width: 300}"),
                    at: "trim:", "missing required field 'height'")
        expectError(miniTemplate.replacingOccurrences(of: "  base: {family: song, size: 9, leading: 10}", with: "  base: {family: song, size: 0, leading: 10}"),
                    at: "  base:", "size must be greater than zero")
        expectError(miniTemplate.replacingOccurrences(of: "header: {height: 10, rule: 1}", with: "header: {height: 20, rule: 1}"),
                    at: "header:", "does not fit in the top margin")
        expectError(miniTemplate.replacingOccurrences(of: "slots:\n", with: "jump: {to: 下转}\nslots:\n"),
                    at: "jump: {to", "must contain {page}")
        expectError(miniTemplate.replacingOccurrences(of: "  - {name: ear,", with: "  - {name: lead,"),
                    at: "name: lead, column: 2", "duplicate slot name 'lead'", "first on line \(line(of: "{name: lead", in: miniTemplate))")
    }

    func testMalformedTemplateYAML() {
        let text = miniTemplate.replacingOccurrences(of: "grid: {columns: 4, gutter: 10}", with: "grid: {columns: 4, gutter: 10")
        let tmp = TempDir()
        let p = tmp.write("t.yaml", text)
        do {
            _ = try TemplateLoader.load(path: p, fonts: testFonts)
            XCTFail("loaded")
        } catch let e as LoadError {
            XCTAssertEqual(e.file, p)
            XCTAssertTrue(e.message.hasPrefix("malformed YAML"), e.message)
            XCTAssertNotNil(e.line)
            XCTAssertGreaterThanOrEqual(e.line ?? 0, line(of: "grid:", in: text))
        } catch { XCTFail("\(error)") }
    }
}

final class FontConfigTests: XCTestCase {
    func testRepositoryFontsFile() throws {
        let f = try FontConfig.load(path: repoRoot + "/Fonts/fonts.yaml")
        XCTAssertEqual(f.families["song"], "Noto Serif CJK SC")
        XCTAssertEqual(f.families["hei"], "Noto Sans CJK SC")
        XCTAssertEqual(f.families["kai"], "LXGW WenKai")
        XCTAssertEqual(f.fallback, ["Noto Serif CJK SC", "Noto Sans CJK SC", "DejaVu Sans"])
        XCTAssertEqual(f.resolve("song"), "Noto Serif CJK SC")
        XCTAssertEqual(f.resolve("Source Han Serif SC"), "Source Han Serif SC")
        XCTAssertEqual(FontConfig.findConfigFile(startingAt: demoIssueDir + "/issue.yaml").flatMap { Paths.real($0) },
                       Paths.real(repoRoot + "/Fonts/fonts.yaml"))
    }

    func testFallbackAliasesAndErrors() throws {
        let tmp = TempDir()
        let ok = tmp.write("f.yaml", "families: {song: X Serif}\nfallback: [song, Y Sans]\n")
        XCTAssertEqual(try FontConfig.load(path: ok).fallback, ["X Serif", "Y Sans"])
        let bad = tmp.write("g.yaml", "families: {song: X Serif}\nfallbacks: [song]\n")
        assertLoadError(try FontConfig.load(path: bad), file: bad, line: 2, "unknown field 'fallbacks'")
        let list = tmp.write("h.yaml", "families: [song]\n")
        assertLoadError(try FontConfig.load(path: list), file: list, line: 1, "families must be a map, got a list")
    }
}

final class OutputSettingsTests: XCTestCase {
    func testTemplateOutputSettingsAndIssueOverride() throws {
        let tmp = TempDir()
        tmp.write("printer.icc", Data([0]))
        let p = tmp.write("t.yaml", miniTemplate + """

        output:
          profile: press
          bleed: 5mm
          marks: false
          ink-limit: 260
          icc-profile: printer.icc
          output-condition: ISOnewspaper26v4
        """)
        let t = try TemplateLoader.load(path: p, fonts: testFonts)
        XCTAssertEqual(t.output.profile, .press)
        XCTAssertEqual(t.output.bleed!, 5 * 72 / 25.4, accuracy: 1e-9)
        XCTAssertEqual(t.output.marks, false)
        XCTAssertEqual(t.output.inkLimit, 260)
        XCTAssertEqual(t.output.iccProfile, tmp.path + "/printer.icc")
        XCTAssertEqual(t.output.outputCondition, "ISOnewspaper26v4")
        let merged = t.output.overridden(by: OutputSettings(profile: .archive, inkLimit: 240))
        XCTAssertEqual(merged.profile, .archive)
        XCTAssertEqual(merged.inkLimit, 240)
        XCTAssertEqual(merged.marks, false)
    }

    func testBadOutputSettingsNameFileAndLine() {
        for (bad, needle, message) in [("  profile: print", "profile: print", "profile"),
                                       ("  icc-profile: missing.icc", "icc-profile", "no such file"),
                                       ("  ink-limit: 500", "ink-limit", "at most 400"),
                                       ("  colour: cmyk", "colour", "unknown field")] {
            let tmp = TempDir()
            let text = miniTemplate + "\noutput:\n" + bad + "\n"
            let p = tmp.write("t.yaml", text)
            do {
                _ = try TemplateLoader.load(path: p, fonts: testFonts)
                XCTFail("loaded with \(bad)")
            } catch let e as LoadError {
                XCTAssertEqual(e.file, p)
                XCTAssertEqual(e.line, line(of: needle, in: text), "\(e)")
                XCTAssertTrue(e.message.contains(message), e.message)
            } catch { XCTFail("\(error)") }
        }
    }
}
