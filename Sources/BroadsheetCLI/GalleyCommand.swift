import ArgumentParser
import Composer
import Foundation
import Interop
import Model
import Render

/// `broadsheet galley`: a galley proof (小样) of plain paragraphs, set with the body
/// style's rules in columns of a whole number of characters.
struct GalleyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "galley",
        abstract: "Set plain paragraphs as a galley proof (小样).",
        discussion: """
        Every non-empty line of TEXT is one paragraph. Paragraphs are set justified with the body rules (2 em indent, leading 1.5 × size, kinsoku, punctuation compression, Han–Latin spacing, hyphenated Latin) in columns of MEASURE characters, as many A4 pages as needed (the sheet widens when the columns do not fit on A4). The PDF's dates come from SOURCE_DATE_EPOCH when set, else a fixed date, so output is byte-identical run to run.

        Exit status: 0 done; 1 bad input (one line on stderr naming the file); no partial PDF is ever left behind.
        """
    )

    @Argument(help: "Plain text file, one paragraph per line (UTF-8).")
    var text: String

    @Option(name: .shortAndLong, help: "Where to write the PDF (required unless --bench).")
    var output: String?

    @Option(help: "Number of columns side by side on each page.")
    var columns: Int = 2

    @Option(help: "Column measure in characters (em) of the body size.")
    var measure: Double = 17

    @Option(help: "Body size in points.")
    var size: Double = 10

    @Option(help: "Font family as fontconfig names it, or an alias from Fonts/fonts.yaml (song, hei, kai).")
    var font: String = "Noto Serif CJK SC"

    @Option(help: "Line-breaking prohibition level: loose, basic, strict or traditional (zh-Hant).")
    var kinsoku: String = "basic"

    @Option(help: "Punctuation style: full-width, half-width, centered or none.")
    var punctuation: String = "full-width"

    @Option(help: "Hanging punctuation at line end: none, end (、，。．that would force a push-in hang past the column's edge) or end-all-stops (also ；：！？).")
    var hangingPunctuation: String = "none"

    @Flag(help: "The same as --hanging-punctuation end.")
    var hanging = false

    @Flag(help: "Where the first of a run of marks hangs on the em grid, let the rest of the run (。」 ，”) start the next line (clreq, grid alignment; needs --hanging-punctuation).")
    var splitMarkRuns = false

    @Flag(help: "Do not restore the em grid after Latin/digit runs (justify lines the plain clreq way): for comparisons.")
    var noGrid = false

    @Option(help: "Line-end pause and closing marks: grid (½ em wherever the em grid allows it) or half (always ½ em; Han characters leave the grid where they must).")
    var lineEndMark: String = "grid"

    @Flag(help: "Keep ASCII punctuation as typed (by default , ; : ? ! ( ) and straight quotes in Chinese context become full-width).")
    var keepPunctuation = false

    @Option(help: "Also write the text dump of every line (cluster x/width in em, adjustments) to this file.")
    var dump: String?

    @Flag(help: "Measure composition throughput (characters per second, shaping included) and print it; no PDF unless -o is given.")
    var bench = false

    func run() throws { try reportingErrors { try galley() } }

    private func galley() throws {
        guard output != nil || bench else { throw ValidationError("give -o OUT.pdf (or --bench)") }
        guard columns >= 1 else { throw ValidationError("--columns must be at least 1") }
        guard measure >= 1, size > 0 else { throw ValidationError("--measure and --size must be positive") }
        guard let level = KinsokuLevel(rawValue: kinsoku) else { throw ValidationError("--kinsoku must be loose, basic, strict or traditional") }
        guard let punct = PunctuationStyle(rawValue: punctuation) else {
            throw ValidationError("--punctuation must be full-width, half-width, centered or none")
        }
        guard lineEndMark == "grid" || lineEndMark == "half" else { throw ValidationError("--line-end-mark must be grid or half") }
        guard let hangingSetting = hanging ? HangingPunctuation.end : HangingPunctuation(rawValue: hangingPunctuation) else {
            throw ValidationError("--hanging-punctuation must be none, end or end-all-stops")
        }
        let paragraphs = try readParagraphs()
        let fontConfig = FontConfig.findConfigFile(startingAt: text).flatMap { try? FontConfig.load(path: $0) } ?? .none
        let family = fontConfig.resolve(font)
        var style = TextStyle(family: family, size: size, leading: size * 1.5, indent: 2, kinsoku: level,
                              punctuation: punct, hangingPunctuation: hangingSetting, grid: !noGrid)
        style.lineEndMarkHalf = lineEndMark == "half"
        style.splitMarkRuns = splitMarkRuns
        let library = FontLibrary()
        let fallback = fontConfig.fallback.isEmpty ? ["Noto Serif CJK SC", "Noto Sans CJK SC", "DejaVu Sans"] : fontConfig.fallback
        let composer = Composer(fonts: library, fallbackFamilies: fallback)
        do { _ = try composer.font(for: style) } catch { throw CLIError("\(text): \(error)") }

        let width = measure * size
        let (lines, secondLibrary) = try composeAll(paragraphs, composer: composer, fallback: fallback, style: style, width: width)
        if bench { try runBenchmark(paragraphs, composer: composer, style: style, width: width) }
        if let d = dump {
            let body = lines.map(\.dump).joined(separator: "\n") + "\n"
            do { try body.write(toFile: d, atomically: true, encoding: .utf8) } catch { throw CLIError("\(d): cannot write dump: \(error.localizedDescription)") }
        }
        if let out = output { try writePDF(lines, to: out, composer: composer, style: style) }
        withExtendedLifetime(secondLibrary) {}
    }

    private func readParagraphs() throws -> [String] {
        guard FileManager.default.fileExists(atPath: text) else { throw CLIError("\(text): no such file") }
        guard let data = FileManager.default.contents(atPath: text) else { throw CLIError("\(text): cannot read file") }
        guard let s = String(data: data, encoding: .utf8) else { throw CLIError("\(text): not UTF-8 text") }
        // Lines split and trimmed scalar by scalar: the same lines as Character.isNewline
        // and CharacterSet.whitespaces, at a tenth of the cost on a long galley.
        let paragraphs = s.unicodeScalars.split(whereSeparator: Self.isNewline)
            .map { TextLines.trimmed($0) }
            .filter { !$0.isEmpty }
            .map { keepPunctuation ? $0 : PunctuationNormalizer.normalize($0) }
        guard !paragraphs.isEmpty else { throw CLIError("\(text): empty file, no paragraphs to set") }
        return paragraphs
    }

    /// Every paragraph's lines, in order. Paragraphs are independent: with more than one
    /// core the second half (by characters) is set on another thread with its own font
    /// library (Pango font maps are single-threaded). Both libraries' fonts are the same
    /// Cairo font faces and scaled fonts, so the PDF is the same as from one thread.
    /// Returns the second library too: its fonts must outlive the lines that use them.
    private func composeAll(_ paragraphs: [String], composer: Composer, fallback: [String], style: TextStyle,
                            width: Double) throws -> ([ComposedLine], FontLibrary?) {
        let source = text, gutter = self.gutter
        @Sendable func compose(_ range: Range<Int>, with composer: Composer) throws -> [ComposedLine] {
            var lines: [ComposedLine] = []
            for n in range {
                do {
                    var breaker = try composer.prepare(ParagraphInput(paragraphs[n], style: style))
                    breaker.hangRoom = gutter
                    while let l = breaker.nextLine(width: width) { lines.append(l) }
                } catch {
                    throw CLIError("\(source): paragraph \(n + 1): \(error)")
                }
            }
            return lines
        }
        let total = paragraphs.reduce(0) { $0 + $1.utf8.count }
        guard ProcessInfo.processInfo.activeProcessorCount > 1, total > 20_000, paragraphs.count > 1 else {
            return (try compose(0..<paragraphs.count, with: composer), nil)
        }
        var half = 0, sum = 0
        while half < paragraphs.count - 1 && sum < total / 2 { sum += paragraphs[half].utf8.count; half += 1 }
        let split = half
        let second = SecondHalf()
        let thread = Thread {
            let library = FontLibrary()
            second.library = library
            do { second.lines = try compose(split..<paragraphs.count, with: Composer(fonts: library, fallbackFamilies: fallback)) }
            catch { second.error = error }
            second.done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        let firstResult = Result { try compose(0..<split, with: composer) }
        second.done.wait()
        let first = try firstResult.get()          // the earlier paragraph's error comes first
        if let e = second.error { throw e }
        return (first + second.lines, second.library)
    }

    /// What the second composing thread hands back (read after `done`).
    private final class SecondHalf: @unchecked Sendable {
        var lines: [ComposedLine] = []
        var error: Error?
        var library: FontLibrary?
        let done = DispatchSemaphore(value: 0)
    }

    /// Line separators (what `Character.isNewline` accepts): LF, VT, FF, CR, NEL, LS, PS.
    static func isNewline(_ u: Unicode.Scalar) -> Bool {
        (0x0A...0x0D).contains(u.value) || u.value == 0x85 || u.value == 0x2028 || u.value == 0x2029
    }

    /// Space between columns: 2 em (a mark may hang into it, `hanging-punctuation`).
    private var gutter: Double { 2 * size }

    /// A4 portrait, widened when the columns need more; as many pages as the lines fill.
    private func writePDF(_ lines: [ComposedLine], to path: String, composer: Composer, style: TextStyle) throws {
        let margin = Units.mm(15)
        let columnWidth = measure * size
        let slugHeight = 2 * size
        let pageSize = Size(width: max(Units.mm(210), 2 * margin + Double(columns) * columnWidth + Double(columns - 1) * gutter),
                            height: Units.mm(297))
        let leading = size * 1.5
        let linesPerColumn = max(1, Int(((pageSize.height - 2 * margin - slugHeight) / leading).rounded(.down)))
        let perPage = linesPerColumn * columns
        let pages = (lines.count + perPage - 1) / perPage
        let writer = try PDFWriter(path: path, firstPageSize: pageSize,
                                   metadata: PDFMetadata(title: "Galley: " + (text as NSString).lastPathComponent, date: Self.metadataDate()))
        var slugStyle = style
        slugStyle.size = 7; slugStyle.indent = 0; slugStyle.align = .left
        for page in 0..<pages {
            writer.beginPage(size: pageSize)
            let slug = "小样 \((text as NSString).lastPathComponent) · \(formatted(measure))字 × \(columns)栏 · \(formatted(size))pt · 第\(page + 1)/\(pages)页"
            if let l = try composer.lines(ParagraphInput(slug, style: slugStyle), width: pageSize.width).first {
                writer.draw(l, at: Point(x: margin, y: margin))
            }
            for c in 0..<columns {
                let x = margin + Double(c) * (columnWidth + gutter)
                for r in 0..<linesPerColumn {
                    let i = page * perPage + c * linesPerColumn + r
                    guard i < lines.count else { break }
                    // Baseline: the em box's bottom sits 0.88 em below the line top (CJK ideographic box).
                    let y = margin + slugHeight + Double(r) * leading + 0.88 * size
                    writer.draw(lines[i], at: Point(x: x, y: y))
                }
            }
        }
        try writer.finish()
    }

    private func formatted(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }

    /// ISO 8601 from SOURCE_DATE_EPOCH (reproducible builds), else a fixed date.
    static func metadataDate() -> String {
        if let s = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let t = TimeInterval(s) {
            let f = ISO8601DateFormatter()
            f.timeZone = TimeZone(identifier: "UTC")
            return f.string(from: Date(timeIntervalSince1970: t))
        }
        return "2024-01-01T00:00:00Z"
    }

    /// Composes the paragraphs again and again (prepare + every line, shaping
    /// included; the fonts' glyph and shape caches are warm after the first pass,
    /// as in a real issue) for at least two seconds on one core.
    private func runBenchmark(_ paragraphs: [String], composer: Composer, style: TextStyle, width: Double) throws {
        let chars = paragraphs.reduce(0) { $0 + $1.unicodeScalars.count }
        let cjk = paragraphs.reduce(0) { $0 + $1.unicodeScalars.filter { CharClass.of($0) != .latin && CharClass.of($0) != .space }.count }
        let clock = ContinuousClock()
        var passes = 0
        var lineCount = 0
        let start = clock.now
        var elapsed = Duration.zero
        repeat {
            for p in paragraphs {
                var b = try composer.prepare(ParagraphInput(p, style: style))
                b.hangRoom = gutter
                while let l = b.nextLine(width: width) { lineCount += l.runs.count > 0 ? 1 : 0 }
            }
            passes += 1
            elapsed = clock.now - start
        } while elapsed < .seconds(2) || passes < 3
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = Double(chars * passes) / seconds
        print(String(format: "galley bench: %d chars (%d CJK) × %d passes in %.3f s: %.0f chars/s, %d lines/pass",
                     chars, cjk, passes, seconds, rate, lineCount / passes))
    }
}
