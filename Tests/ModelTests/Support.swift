import Foundation
import XCTest
@testable import Model

/// Repository root, found from this file so tests run from any directory.
let repoRoot: String = {
    // realpath: the test sources may be reached through a symlink.
    var url = URL(fileURLWithPath: Paths.real(#filePath) ?? #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }  // Tests/ModelTests/Support.swift → repo
    return url.path
}()
let demoIssueDir = repoRoot + "/Articles/2024-01-12"

/// A fresh temporary folder per test, removed afterwards.
final class TempDir {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "broadsheet-model-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    /// realpath, to compare with the loader's resolved photo paths (macOS /var → /private/var).
    var real: String { Paths.real(path)! }
    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        write(name, Data(text.utf8))
    }
    @discardableResult
    func write(_ name: String, _ data: Data) -> String {
        let p = path + "/" + name
        try! FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        try! data.write(to: URL(fileURLWithPath: p))
        return p
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// 1-based line of the first line containing `needle` (so fixtures can move
/// without renumbering the expectations).
func line(of needle: String, in text: String, occurrence: Int = 1) -> Int {
    var seen = 0
    for (i, l) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where l.contains(needle) {
        seen += 1
        if seen == occurrence { return i + 1 }
    }
    XCTFail("'\(needle)' not in fixture")
    return -1
}

/// Asserts `body` throws a LoadError for `file` at `line` whose message contains every fragment.
func assertLoadError<T>(_ body: @autoclosure () throws -> T, file: String, line: Int?, _ fragments: String...,
                        sourceFile: StaticString = #filePath, sourceLine: UInt = #line) {
    do {
        let value = try body()
        XCTFail("expected a LoadError, loaded \(value)", file: sourceFile, line: sourceLine)
    } catch let e as LoadError {
        XCTAssertEqual(e.file, file, "file of: \(e)", file: sourceFile, line: sourceLine)
        XCTAssertEqual(e.line, line, "line of: \(e)", file: sourceFile, line: sourceLine)
        for f in fragments {
            XCTAssertTrue(e.message.contains(f), "'\(e.message)' lacks '\(f)'", file: sourceFile, line: sourceLine)
        }
    } catch {
        XCTFail("expected a LoadError, got \(error)", file: sourceFile, line: sourceLine)
    }
}

/// A small valid template: 4 columns, 28 grid lines (280pt type area / 10pt leading).
/// Tests replace pieces of it to make one thing wrong at a time.
let miniTemplate = """
name: mini
trim: {width: 300, height: 300}
margins: {top: 10, bottom: 10, left: 10, right: 10}
grid: {columns: 4, gutter: 10}
header: {height: 10, rule: 1}
footer: {rule: 0.5, colophon: [地址, 电话]}
styles:
  base: {family: song, size: 9, leading: 10}
  body: {based-on: base, indent: 2}
  bold: {based-on: body, family: hei, weight: 700}
  byline: {based-on: bold}
  in-body-subhead: {based-on: bold, align: center}
  kicker: {based-on: base, size: 12, leading: 16}
  headline: {family: hei, weight: 900, size: 30, leading: 36}
  secondary-headline: {family: hei, size: 20, leading: 24}
  subhead: {family: kai, size: 12, leading: 16}
  caption: {family: kai, size: 8, leading: 10}
  credit: {based-on: caption, align: right}
  header: {based-on: base}
  footer: {based-on: base, size: 6}
  banner: {based-on: headline, color: "#ffffff"}
  jump: {based-on: body, align: right}
banners:
  - {text: 新时代, column: 2, columns: 2, line: 0, lines: 3}
slots:
  - {name: lead, column: 0, columns: 2, line: 0, lines: 14, headline: lead}
  - {name: ear, column: 2, columns: 2, line: 3, lines: 11, photo: {columns: 2, lines: 5}}
  - {name: bottom, column: 0, columns: 4, line: 14, lines: 14}
"""

let testFonts = FontConfig(families: ["song": "Noto Serif CJK SC", "hei": "Noto Sans CJK SC", "kai": "LXGW WenKai"])
