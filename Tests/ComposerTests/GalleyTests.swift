import Foundation
import XCTest
@testable import Composer
import Model

/// The demo issue's article bodies (a few thousand characters of real news text)
/// set at the body measure: the proof a typesetter would check by eye.
final class GalleyTests: XCTestCase {
    static func articleParagraphs() throws -> [String] {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dir = repo.appendingPathComponent("Articles/2024-01-12")
        var out: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where name.hasSuffix(".txt") {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            // Body = after the closing front-matter fence; ** marks bold lead-ins.
            let parts = text.components(separatedBy: "\n---\n")
            // Page references ({page:ID}) are filled in before composition; a page number stands in.
            let body = (parts.count > 1 ? parts.dropFirst().joined(separator: "\n") : text)
                .replacingOccurrences(of: #"\{page:[^}]*\}"#, with: "3", options: .regularExpression)
            for line in body.split(separator: "\n") {
                let p = line.replacingOccurrences(of: "**", with: "").trimmingCharacters(in: .whitespaces)
                if !p.isEmpty && !p.hasPrefix("#") && !p.hasPrefix("![") { out.append(PunctuationNormalizer.normalize(p)) }
            }
        }
        return out
    }

    func testNewsGalleyAtBodyMeasure() throws {
        let paragraphs = try Self.articleParagraphs()
        let chars = paragraphs.reduce(0) { $0 + $1.count }
        XCTAssertGreaterThan(chars, 3000)
        let style = Fixture.body(indent: 2)
        var violations: [String] = []
        var ragged: [String] = []
        var maxHanGap = 0.0
        var lineCount = 0
        for em in [17.0, 12, 23] {
            for p in paragraphs {
                let lines = try Fixture.composer.lines(ParagraphInput(p, style: style), width: em * 10)
                XCTAssertEqual(lines.map(\.text).joined(), p)
                violations += Check.kinsokuViolations(lines)
                for l in lines {
                    lineCount += 1
                    XCTAssertLessThanOrEqual(Check.rightEdge(l), l.measure + 0.01, l.dump)
                    if !l.isParagraphEnd && abs(Check.rightEdge(l) - l.measure) > 0.01 { ragged.append(l.dump) }
                    for (a, b) in zip(l.clusters, l.clusters.dropFirst()) where Check.isHan(a.text) && Check.isHan(b.text) {
                        maxHanGap = max(maxHanGap, (b.x - a.x - 10) / 10)
                    }
                }
            }
        }
        print("galley: \(chars) chars, \(lineCount) lines at 17/12/23 em, \(violations.count) kinsoku violations, \(ragged.count) ragged, max Han–Han gap \(String(format: "%.3f", maxHanGap)) em")
        XCTAssertEqual(violations, [])
        XCTAssertEqual(ragged, [])
        XCTAssertLessThanOrEqual(maxHanGap, 0.25)
    }
}
