import Foundation
import XCTest
@testable import Composer
import Interop
import Model

/// One font library and composer for all tests (Pango font maps are expensive).
enum Fixture {
    nonisolated(unsafe) static let fonts = FontLibrary()
    nonisolated(unsafe) static let composer = Composer(fonts: fonts)

    /// Body style: Noto Serif CJK SC 10 pt, justified, no indent unless asked.
    static func body(indent: Double = 0, kinsoku: KinsokuLevel = .basic, punctuation: PunctuationStyle = .fullWidth,
                     hanging: Bool = false, align: TextAlign = .justify, grid: Bool = true) -> TextStyle {
        TextStyle(family: "Noto Serif CJK SC", size: 10, leading: 15, align: align, indent: indent,
                  kinsoku: kinsoku, punctuation: punctuation, hangingPunctuation: hanging ? .end : .none, grid: grid)
    }

    /// The body style without grid restoration: clreq's rules alone.
    static let offGrid = body(grid: false)

    static func lines(_ text: String, em: Double, style: TextStyle = body()) throws -> [ComposedLine] {
        try composer.lines(ParagraphInput(text, style: style), width: em * style.size)
    }

    static func dumps(_ text: String, em: Double, style: TextStyle = body()) throws -> [String] {
        try lines(text, em: em, style: style).map(\.dump)
    }
}

/// Rule checks shared by the rule tests, the property test and the galley test.
enum Check {
    static func firstClass(_ l: ComposedLine) -> CharClass? { l.clusters.first.flatMap { $0.text.unicodeScalars.first }.map(CharClass.of) }
    static func lastClass(_ l: ComposedLine) -> CharClass? { l.clusters.last.flatMap { $0.text.unicodeScalars.first }.map(CharClass.of) }

    /// Kinsoku violations over a paragraph's lines, as readable strings.
    static func kinsokuViolations(_ lines: [ComposedLine], level: KinsokuLevel = .basic) -> [String] {
        var out: [String] = []
        for (i, l) in lines.enumerated() {
            if i > 0, let c = firstClass(l), Kinsoku.cannotStart(c, level: level) { out.append("line \(i) starts with \(l.clusters[0].text): \(l.text)") }
            if !l.isParagraphEnd, let c = lastClass(l), Kinsoku.cannotEnd(c, level: level) { out.append("line \(i) ends with \(l.clusters.last!.text): \(l.text)") }
            if i > 0, let prev = lines[i - 1].clusters.last, let first = l.clusters.first {
                let pc = CharClass.of(prev.text.unicodeScalars.first!), fc = CharClass.of(first.text.unicodeScalars.first!)
                if (pc == .dash && fc == .dash) || (pc == .ellipsis && fc == .ellipsis) { out.append("line \(i) splits \(prev.text)\(first.text)") }
            }
        }
        return out
    }

    /// The right edge of a line's last cluster, in points.
    static func rightEdge(_ l: ComposedLine) -> Double { l.clusters.last.map { $0.x + $0.width } ?? 0 }

    static func isHan(_ s: String) -> Bool { s.unicodeScalars.count == 1 && CharClass.of(s.unicodeScalars.first!) == .han }
}
