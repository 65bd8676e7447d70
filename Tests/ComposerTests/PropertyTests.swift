import XCTest
@testable import Composer
import Model

/// Random mixed text from a seeded generator: whatever the measure, no kinsoku rule
/// is broken, no character is lost or doubled, no line overflows the measure.
final class PropertyTests: XCTestCase {
    /// SplitMix64: a small, stable generator so failures reproduce.
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ a: [T]) -> T { a[int(a.count)] }
    }

    static let han = Array("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府")
    static let pauses = Array("，、；：。！？")
    static let closings = Array("）》〉」』】”’")
    static let openings = Array("（《〈「『【“‘")
    static let latin = ["API", "2023", "65.7%", "4,049", "¥1.5", "PerfectEdge®", "hyphenation", "GDP", "5G", "Broadsheet", "internationalization", "e-commerce"]

    static func paragraph(_ r: inout Rng) -> String {
        var s = ""
        let length = 20 + r.int(200)
        while s.count < length {
            switch r.int(20) {
            case 0...10: s.append(r.pick(han))
            case 11, 12: s.append(r.pick(pauses))
            case 13: s.append(r.pick(openings)); s.append(r.pick(han)); s.append(r.pick(han)); s.append(r.pick(closings))
            case 14: s.append(r.pick(closings))
            case 15: s.append(r.pick(openings))
            // Latin words stand between Han characters or spaces, as in real text
            // (two tokens typed together would be one word longer than the measure).
            case 16: s += r.pick(latin); s.append(r.pick(han))
            case 17: s += r.int(2) == 0 ? "——" : "……"
            case 18: s += r.pick(["·", "／"])
            default: s += r.pick(latin) + " " + r.pick(latin); s.append(r.pick(han))
            }
        }
        return s
    }

    /// News-like text: mostly Han characters, pause and stop marks, a few quotes and
    /// numbers (where kinsoku conflicts at whole-em line ends are common).
    static func newsParagraph(_ r: inout Rng) -> String {
        var s = ""
        let length = 60 + r.int(300)
        while s.count < length {
            switch r.int(40) {
            case 0...29: s.append(r.pick(han))
            case 30...33: s.append("，")
            case 34: s.append("、")
            case 35, 36: s.append("。")
            case 37: s.append(r.pick(Array("：；！？．")))
            case 38: s.append("“"); s.append(r.pick(han)); s.append(r.pick(han)); s.append("”")
            default: s += r.pick(["2023", "65.7%", "GDP"]); s.append(r.pick(han))
            }
        }
        return s
    }

    func testRandomParagraphsKeepEveryRule() throws {
        var r = Rng(state: 20240112)
        // (News-like paragraphs for the hanging ones, from their own generator: the
        // other paragraphs stay the ones they were.)
        var news = Rng(state: 20240113)
        var checkedLines = 0
        var gridHan = 0, gridOn = 0, plainOn = 0, gridExact = 0, widened = 0, halfEnds = 0, hung = 0, pushInsKept = 0
        var hungVertical = 0, splitRuns = 0
        for n in 0..<400 {
            var text = Self.paragraph(&r)
            if n % 5 == 1 { text = Self.newsParagraph(&news) }
            let level = KinsokuLevel.allCases[n % 3]
            let punctuation: PunctuationStyle = [.fullWidth, .fullWidth, .halfWidth, .centered, .none][n % 5]
            // Every seventh paragraph off the grid (clreq's rules alone).
            var style = Fixture.body(indent: Double(n % 3), kinsoku: level, punctuation: punctuation, grid: n % 7 != 0)
            // Every sixth paragraph vertical (竖排): the same rules down the line.
            style.vertical = n % 6 == 5
            // Every eleventh with `line-end-mark: half`.
            style.lineEndMarkHalf = n % 11 == 3
            // Hanging punctuation: every fifth from the second (full-width), every tenth
            // with every stop (full-width), and on centred marks (where none may hang).
            style.hangingPunctuation = n % 5 == 1 || n % 5 == 3 ? .end : n % 10 == 0 ? .endAllStops : .none
            // Vertical lines hang too, centred marks only there (with their whole em).
            let mayHang = style.hangingPunctuation != .none && (punctuation != .centered || style.vertical)
            // Every third hanging paragraph lets the rest of a run of marks start the next line.
            style.splitMarkRuns = n % 3 == 1
            // Widths from 9 em (every unit of the generator fits) to 30 em, some streamed.
            let baseEm = 9 + r.int(22)
            var b = try Fixture.composer.prepare(ParagraphInput(text, style: style))
            var lines: [ComposedLine] = []
            var spans: [(start: Int, end: Int, width: Double)] = []
            while true {
                let start = b.position, width = Double(n % 4 == 0 ? baseEm + r.int(5) : baseEm) * 10
                guard let l = b.nextLine(width: width) else { break }
                lines.append(l)
                spans.append((start, b.position, width))
                XCTAssertLessThan(lines.count, 1000, "runaway breaker")
            }
            // The breaker's count of Han off the grid (GridFit) is what the line shows:
            // exactly, wherever the grid planner set the line (fewer than all its Han).
            if b.gridMode && !style.vertical && b.gridSegs.anchorsBefore.count == b.p.atoms.count + 1 {
                var scratch = GridScratch()
                for (l, span) in zip(lines, spans) {
                    let built = l.clusters.filter { Check.isHan($0.text) && abs($0.x / 10 - ($0.x / 10).rounded()) > 1e-6 }.count
                    // (A hung mark is not part of the line's measure.)
                    let end = l.clusters.last?.adjustment.hasSuffix("^") == true ? span.end - 1 : span.end
                    let all = Int(b.gridSegs.anchorsBefore[end] - b.gridSegs.anchorsBefore[span.start])
                    let counted = b.gridOff(span.start, end, indent: span.start == 0 ? style.indent * 10 : 0, width: span.width,
                                            justified: !l.isParagraphEnd, hyphen: l.clusters.last?.adjustment.hasSuffix("hy") ?? false,
                                            limit: 1000, scratch: &scratch)
                    if counted < all { XCTAssertEqual(built, counted, "paragraph \(n): \(l.dump)") }
                    if counted == 0 { gridExact += 1 }
                }
            }
            XCTAssertEqual(lines.map(\.text).joined(), text, "paragraph \(n) lost or doubled characters")
            // (A line may start with the rest of a run of marks — a pause, stop or closing
            // mark — only right after a line whose mark hung, and only where runs split.)
            let splitStarts = lines.indices.dropFirst().filter { i in
                style.splitMarkRuns && lines[i - 1].clusters.last?.adjustment.hasSuffix("^") == true
                    && Check.firstClass(lines[i]).map { [.pause, .stop, .closing].contains($0) } == true
            }
            splitRuns += splitStarts.count
            let violations = Check.kinsokuViolations(lines, level: level).filter { v in
                !splitStarts.contains { v.hasPrefix("line \($0) starts with ") }
            }
            XCTAssertEqual(violations, [], "paragraph \(n): \(text)")
            for (l, span) in zip(lines, spans) {
                // Nothing past the measure but one hung mark of the allowed class, at
                // the measure (a justified line) or inside it (a paragraph's last line),
                // taking ½ em past it (its ink half); never after another mark.
                var inside = l.clusters[...]
                if let last = l.clusters.last, last.adjustment.hasSuffix("^") {
                    XCTAssertTrue(mayHang, "paragraph \(n) hangs a mark: \(l.dump)")
                    XCTAssertTrue(style.hangingPunctuation.hangs(last.text.unicodeScalars.first!), "paragraph \(n): \(l.dump)")
                    XCTAssertEqual(last.text.unicodeScalars.count, 1)
                    // (½ em of its ink; a centred mark in a vertical line its whole em.)
                    XCTAssertLessThanOrEqual(last.width, (punctuation == .centered ? 10 : 5) + 1e-6, "paragraph \(n): \(l.dump)")
                    if l.isParagraphEnd { XCTAssertLessThanOrEqual(last.x, l.measure + 1e-6) } else { XCTAssertEqual(last.x, l.measure, accuracy: 1e-6, l.dump) }
                    XCTAssertGreaterThan(last.x + last.width, l.measure, "paragraph \(n): a hung mark that fitted: \(l.dump)")
                    inside = inside.dropLast()
                    let before = inside.last.map { CharClass.of($0.text.unicodeScalars.first!) }
                    XCTAssertFalse(before?.isCompressibleMark ?? true, "paragraph \(n) hangs after a mark: \(l.dump)")
                    hung += 1
                    if style.vertical { hungVertical += 1 }
                }
                XCTAssertFalse(inside.contains { $0.adjustment.contains("^") }, "paragraph \(n): \(l.dump)")
                XCTAssertLessThanOrEqual(inside.last.map { $0.x + $0.width } ?? 0, l.measure + 1e-6, "paragraph \(n) overflows: \(l.dump)")
                // … and every justified line ends at the measure (none left short).
                if !l.isParagraphEnd { XCTAssertGreaterThanOrEqual(inside.last.map { $0.x + $0.width } ?? 0, l.measure - 1e-6, "paragraph \(n) short: \(l.dump)") }
                // No Han off the grid that hanging could have saved: a justified line
                // that squeezed its hangable line-end mark into the measure (after a
                // Han character, the line without it over-long at natural widths) has
                // a reason — without the mark it could not be set flush on the grid.
                if mayHang && b.gridMode && b.gridSegs.anchorsBefore.count == b.p.atoms.count + 1 && !l.isParagraphEnd && span.width == Double(baseEm) * 10 && n % 4 != 0,
                   let last = l.clusters.last, !last.adjustment.hasSuffix("^"),
                   style.hangingPunctuation.hangs(last.text.unicodeScalars.first!), last.text.unicodeScalars.count == 1,
                   l.clusters.count >= 2, Check.isHan(l.clusters[l.clusters.count - 2].text),
                   !Self.hanOffGrid(l).isEmpty {
                    var scratch = GridScratch()
                    let indent = span.start == 0 ? style.indent * 10 : 0
                    let withoutMark = b.lineMeasure(span.start, span.end - 1, indent: indent, hyphen: false)
                    let keeps = withoutMark.minimum <= span.width + 1e-6
                        && b.gridOff(span.start, span.end - 1, indent: indent, width: span.width, justified: true, hyphen: false,
                                     limit: 0, scratch: &scratch) == 0
                        && (b.adjustmentCost(withoutMark, width: span.width, justified: true) ?? .infinity) < LineBreaker.CJKCost.gridHanOff - LineBreaker.CJKCost.hang
                    XCTAssertFalse(keeps, "paragraph \(n): a push-in that hanging would have kept on the grid: \(l.dump)")
                    if !keeps { pushInsKept += 1 }
                }
                for (a, c) in zip(l.clusters, l.clusters.dropFirst()) { XCTAssertEqual(a.x + a.width, c.x, accuracy: 1e-6) }
                // Han–Latin spaces stay within the grid's bounds (⅛–⅝ em; clreq's ⅛–⅓ off it).
                for c in l.clusters where c.adjustment.hasPrefix("+") {
                    let g = c.adjustment.hasPrefix("+¼") ? 0.25 : Double(c.adjustment.dropFirst().prefix(5))!
                    XCTAssertGreaterThanOrEqual(g, 0.125 - 1e-3, "paragraph \(n): \(l.dump)")
                    XCTAssertLessThanOrEqual(g, (style.grid ? 0.625 : 1.0 / 3) + 1e-3, "paragraph \(n): \(l.dump)")
                }
                // Every mark keeps at least its ink half, and widens by at most half an em
                // (on the grid, beside a Latin run or a word space it may also carry their space).
                for c in l.clusters where c.text.unicodeScalars.count == 1 && CharClass.of(c.text.unicodeScalars.first!).isCompressibleMark {
                    XCTAssertGreaterThanOrEqual(c.width, 5 - 1e-6, "paragraph \(n): \(l.dump)")
                    // (Lines the grid planner set: no justification space, `~`.)
                    if style.grid && !l.dump.contains("~") { XCTAssertLessThanOrEqual(c.width, 15 + 1e-6, "paragraph \(n): \(l.dump)") }
                    if c.adjustment.contains("w") { widened += 1 }
                }
            }
            // The grid puts far more Han characters on it than clreq's rules alone
            // (full-width marks, one width for the whole paragraph).
            if style.grid && punctuation == .fullWidth && n % 4 != 0 {
                func onGrid(_ ls: [ComposedLine]) -> Int {
                    ls.flatMap { $0.clusters.filter { Check.isHan($0.text) && abs($0.x / 10 - ($0.x / 10).rounded()) < 1e-6 } }.count
                }
                var off = style; off.grid = false
                let plain = try Fixture.composer.lines(ParagraphInput(text, style: off), width: Double(baseEm) * 10)
                gridHan += lines.flatMap { $0.clusters.filter { Check.isHan($0.text) } }.count
                gridOn += onGrid(lines); plainOn += onGrid(plain)
            }
            // Latin words split only at hyphenation points (marked `hy`) or explicit hyphens.
            for l in lines.dropLast() {
                guard let last = l.clusters.last, let next = lines[lines.firstIndex { $0.text == l.text && $0.clusters.first?.x == l.clusters.first?.x }! + 1].clusters.first else { continue }
                let lc = CharClass.of(last.text.unicodeScalars.last!), nc = CharClass.of(next.text.unicodeScalars.first!)
                if lc == .latin && nc == .latin && !last.adjustment.contains("hy") {
                    XCTAssertEqual(last.text, "-", "paragraph \(n) splits a word: \(l.text) | \(next.text)")
                }
            }
            // `line-end-mark: half`: a justified line's final pause or closing mark takes ½ em.
            if style.lineEndMarkHalf && (punctuation == .fullWidth || punctuation == .centered) {
                for l in lines where !l.isParagraphEnd {
                    guard let last = l.clusters.last, last.text.unicodeScalars.count == 1,
                          CharClass.of(last.text.unicodeScalars.first!).emptyRight,
                          punctuation == .fullWidth || CharClass.of(last.text.unicodeScalars.first!) == .closing else { continue }
                    XCTAssertEqual(last.width, 5, accuracy: 1e-6, "paragraph \(n): \(l.dump)")
                    halfEnds += 1
                }
            }
            checkedLines += lines.count
        }
        XCTAssertGreaterThan(checkedLines, 1500)
        // Random text is far denser in marks and runs than news; the grid still gains.
        print("property test: \(gridOn) of \(gridHan) Han characters on the grid (\(plainOn) without grid restoration), \(gridExact) lines the breaker counted on the grid, \(widened) marks widened")
        XCTAssertGreaterThan(gridOn, plainOn + gridHan / 10)
        XCTAssertGreaterThan(gridExact, 400)
        XCTAssertGreaterThan(widened, 10)
        XCTAssertGreaterThan(halfEnds, 5)
        print("property test: \(hung) marks hung, \(pushInsKept) push-ins of a hangable mark that hanging could not keep on the grid")
        XCTAssertGreaterThan(hung, 30)
        print("property test: \(hungVertical) marks hung below vertical lines, \(splitRuns) lines starting with the rest of a run of marks")
        XCTAssertGreaterThan(hungVertical, 3)
        XCTAssertGreaterThan(splitRuns, 0)
    }

    static func hanOffGrid(_ l: ComposedLine) -> [String] {
        l.clusters.filter { Check.isHan($0.text) && abs($0.x / l.em - ($0.x / l.em).rounded()) > 1e-6 }.map(\.text)
    }
}
