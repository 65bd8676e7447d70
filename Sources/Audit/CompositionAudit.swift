import Interop

/// Measures Chinese body-text composition from a rendered PDF, engine-blind: only
/// the glyph boxes poppler reads back are used, never the composer's own data.
///
/// Body text is the horizontal text whose Han characters have the page's most
/// common box height (its size); the em is their most common advance. Vertical
/// text is left out (no Han character beside another on its baseline). Characters on one baseline are split into column lines at gaps wider
/// than 1.25 em (a gutter). A column's left edge is a line-start position shared by
/// at least three lines; its right edge the most common end of lines that end in a
/// Han character. Then:
/// - a Han glyph is **on the grid** when its distance from the column's left edge is
///   a whole number of em (±0.02 em);
/// - a justified line (one the next line of its column continues) that ends at the
///   right edge with a pause or closing mark (its origin ½ to 1 em from the edge)
///   has that mark at **½ em** when the origin is ½ em from the edge; counted apart
///   too for marks not after a Han character (the ones the grid lets take ½ em);
/// - a line-end pause or stop mark is **hung** when its origin is at the column's
///   right edge (±0.02 em): the line holds a whole number of em and the mark stands
///   past the measure (`hanging-punctuation`). A hung mark is neither at ½ em nor at
///   1 em inside the measure: it is counted on its own (of every line, justified or
///   a paragraph's last), never among the line-end marks above;
/// - a line is **ragged** when the next line of its column continues the paragraph
///   (starts at the left edge, no indent) but it stops short of the right edge;
/// - the **Han–Han gap** is the space between two adjacent Han glyphs beyond 1 em
///   (poppler reports a space between words it sees, typed or inferred from a
///   wide gap; Han characters with a space between are not counted as adjacent).
public struct CompositionAudit: Sendable, CustomStringConvertible {
    public var hanGlyphs = 0
    public var hanOnGrid = 0
    public var lineEndMarks = 0
    public var lineEndMarksHalf = 0
    /// Line-end marks after something other than a Han character (a Latin run, a
    /// digit, another mark): those the grid lets take ½ em.
    public var lineEndMarksFree = 0
    public var lineEndMarksFreeHalf = 0
    /// Line-end marks hung past the column's right edge (their origin on it).
    public var hungMarks = 0
    /// Body lines measured (justified or not).
    public var bodyLines = 0
    public var justifiedLines = 0
    public var raggedLines = 0
    public var maxHanGap = 0.0
    /// Han–Han gaps above ¼ em.
    public var wideHanGaps = 0
    /// Body em in points (the most common Han advance).
    public var em = 0.0
    /// Examples of off-grid lines (text of the line), for reports.
    public var offGridSamples: [String] = []
    /// Examples of ragged lines.
    public var raggedSamples: [String] = []

    public init() {}

    public var gridShare: Double { hanGlyphs == 0 ? 1 : Double(hanOnGrid) / Double(hanGlyphs) }
    public var halfShare: Double { lineEndMarks == 0 ? 1 : Double(lineEndMarksHalf) / Double(lineEndMarks) }
    /// Line-end marks whose line ends flush with the Han: at ½ em inside the measure,
    /// or hung past it (its ink, under ½ em, outside the measure: clreq's other way
    /// of not leaving a mark's empty half at the line end). The rest stand at 1 em.
    public var halfOrHungShare: Double {
        lineEndMarks + hungMarks == 0 ? 1 : Double(lineEndMarksHalf + hungMarks) / Double(lineEndMarks + hungMarks)
    }

    public var description: String {
        // A share of nothing (a page without Han, lines without end marks) is no share:
        // "–", not the 100 % the share properties answer so that goals hold vacuously.
        func share(_ n: Int, of total: Int) -> String {
            (total == 0 ? "–" : String(format: "%.1f %%", Double(n) / Double(total) * 100)) + " (\(n) of \(total))"
        }
        return """
        Han glyphs on the em grid   \(share(hanOnGrid, of: hanGlyphs))
        line-end marks at ½ em      \(share(lineEndMarksHalf, of: lineEndMarks))
          not after a Han character \(share(lineEndMarksFreeHalf, of: lineEndMarksFree))
        hung line-end marks         \(hungMarks) of \(bodyLines) body lines
        line-end marks ½ em or hung \(share(lineEndMarksHalf + hungMarks, of: lineEndMarks + hungMarks))
        ragged justified lines      \(raggedLines) of \(justifiedLines)
        largest Han–Han gap         \(String(format: "%.3f", maxHanGap)) em (\(wideHanGaps) above ¼ em)
        """
    }

    public static func + (a: CompositionAudit, b: CompositionAudit) -> CompositionAudit {
        var c = a
        c.hanGlyphs += b.hanGlyphs; c.hanOnGrid += b.hanOnGrid
        c.lineEndMarks += b.lineEndMarks; c.lineEndMarksHalf += b.lineEndMarksHalf
        c.lineEndMarksFree += b.lineEndMarksFree; c.lineEndMarksFreeHalf += b.lineEndMarksFreeHalf
        c.justifiedLines += b.justifiedLines; c.raggedLines += b.raggedLines
        c.hungMarks += b.hungMarks; c.bodyLines += b.bodyLines
        c.maxHanGap = max(a.maxHanGap, b.maxHanGap); c.wideHanGaps += b.wideHanGaps
        c.offGridSamples += b.offGridSamples
        c.raggedSamples += b.raggedSamples
        if c.em == 0 { c.em = b.em }
        return c
    }

    /// Audits pages of a PDF (0-based indices; all pages when nil).
    public static func audit(_ doc: PDFDocument, pages: [Int]? = nil) throws -> CompositionAudit {
        var total = CompositionAudit()
        for i in pages ?? Array(0..<doc.pageCount) {
            total = total + audit(characters: try doc.characters(i))
        }
        return total
    }

    // MARK: classes (independent of the composer's tables)

    static func isHan(_ c: Character) -> Bool {
        guard c.unicodeScalars.count == 1, let v = c.unicodeScalars.first?.value else { return false }
        return (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0x20000...0x3FFFF).contains(v) || (0x3040...0x30FA).contains(v)
    }

    /// Pause, stop and closing marks: the ones whose right half is empty (GB style).
    static func isLineEndMark(_ c: Character) -> Bool { "、，；：。！？）》〉」』】〕〗”’".contains(c) }

    struct Glyph { var c: Character; var x: Double; var w: Double; var h: Double }
    struct Line { var y: Double; var glyphs: [Glyph]; var left: Double { glyphs[0].x } }

    /// Audits one page's characters as poppler reads them (tests give their own).
    public static func audit(characters chars: [PDFTextCharacter]) -> CompositionAudit {
        var r = CompositionAudit()
        // The body size: the most common height of Han boxes (a font's ascent plus
        // descent: it does not change when a line is spaced out, unlike poppler's box
        // widths, which run to the next character); the body em: the most common Han
        // advance at that size (0.01 pt buckets).
        func mode(_ values: [Double]) -> Double? {
            var counts: [Int: Int] = [:]
            for v in values { counts[Int((v * 100).rounded()), default: 0] += 1 }
            return counts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }).map { Double($0.key) / 100 }
        }
        // Only horizontal text counts: a Han character with another one beside it on
        // its baseline (less than 1.3 em apart). Text set vertically has none there
        // (its columns are a line pitch apart), so a page set vertically is skipped.
        var hanByBaseline: [Int: [PDFTextCharacter]] = [:]
        for ch in chars where isHan(ch.character) { hanByBaseline[Int((ch.rect.maxY * 10).rounded()), default: []].append(ch) }
        var horizontal: [PDFTextCharacter] = []
        for (_, row) in hanByBaseline {
            let sorted = row.sorted { $0.rect.x < $1.rect.x }
            for (i, ch) in sorted.enumerated() {
                let w = ch.rect.width
                let before = i > 0 && ch.rect.x - sorted[i - 1].rect.x < 1.3 * w
                let after = i + 1 < sorted.count && sorted[i + 1].rect.x - ch.rect.x < 1.3 * w
                if before || after { horizontal.append(ch) }
            }
        }
        guard let bodyHeight = mode(horizontal.map(\.rect.height)) else { return r }
        func isBody(_ h: Double) -> Bool { abs(h - bodyHeight) < 0.01 }
        guard let em = mode(horizontal.filter { isBody($0.rect.height) }.map(\.rect.width)) else { return r }
        r.em = em
        // Body glyphs: those on baselines whose Han characters have the body em.
        var byBaseline: [Int: [Glyph]] = [:]
        var bodyBaselines = Set<Int>()
        // Spaces poppler reports (typed, or inferred from a gap) are kept as glyphs of
        // no class: two Han characters with one between are not a Han–Han pair.
        for ch in chars where ch.character != "\n" && ch.rect.width > 0 {
            let key = Int((ch.rect.maxY * 10).rounded())
            byBaseline[key, default: []].append(Glyph(c: ch.character, x: ch.rect.x, w: ch.rect.width, h: ch.rect.height))
            if isHan(ch.character) && isBody(ch.rect.height) { bodyBaselines.insert(key) }
        }
        var lines: [Line] = []
        func close(_ g: [Glyph], _ key: Int) {
            // No line starts or ends with a space.
            let t = g.drop { $0.c == " " }.reversed().drop { $0.c == " " }.reversed()
            if !t.isEmpty { lines.append(Line(y: Double(key) / 10, glyphs: Array(t))) }
        }
        for key in bodyBaselines.sorted() {
            let glyphs = byBaseline[key]!.sorted { $0.x < $1.x }
            var current: [Glyph] = []
            var lastInk: Glyph? = nil
            for g in glyphs {
                if g.c == " " { if !current.isEmpty { current.append(g) }; continue }
                if let last = lastInk, g.x - (last.x + (isLineEndMark(last.c) ? min(last.w, em / 2) : last.w)) > 1.2 * em {
                    close(current, key); current = []
                }
                current.append(g)
                lastInk = g
            }
            close(current, key)
        }
        // Keep body lines only: Han glyphs of another size on the baseline (a headline
        // sharing it) form their own lines, dropped here.
        lines = lines.filter { l in l.glyphs.contains { isHan($0.c) && isBody($0.h) }
            && !l.glyphs.contains { isHan($0.c) && !isBody($0.h) } }
        // Column edges: line starts shared by ≥ 3 lines; ends of lines ending in Han.
        var starts: [Int: Int] = [:]
        for l in lines { starts[Int((l.left * 20).rounded()), default: 0] += 1 }
        let candidates = starts.filter { $0.value >= 3 }.keys.map { Double($0) / 20 }.sorted()
        // Indented first lines (1 or 2 em in) are not columns of their own.
        let lefts = candidates.filter { c in !candidates.contains { d in c - d > 0.5 * em && c - d < 2.6 * em } }
        // A mark hung past a column's edge may stand less than 1.2 em before the next
        // column's first character (a 12 pt gutter at 9 pt): a line is cut again where
        // a glyph after a line-end mark starts exactly on a column's left edge.
        // (poppler may put a space between the mark and that character.)
        lines = lines.flatMap { l -> [Line] in
            var parts: [Line] = []
            var start = 0
            var previous: Int? = nil       // the last glyph that is not a space
            for i in l.glyphs.indices where l.glyphs[i].c != " " {
                if let k = previous, isLineEndMark(l.glyphs[k].c), lefts.contains(where: { abs($0 - l.glyphs[i].x) <= 0.05 }) {
                    parts.append(Line(y: l.y, glyphs: Array(l.glyphs[start...k])))
                    start = i
                }
                previous = i
            }
            guard start > 0 else { return [l] }
            parts.append(Line(y: l.y, glyphs: Array(l.glyphs[start...])))
            return parts
        }
        func columnLeft(_ l: Line) -> Double? {
            lefts.last { $0 <= l.left + 0.05 && l.left - $0 < 2.6 * em }
        }
        var rightsByLeft: [Double: [Int: Int]] = [:]
        for l in lines {
            guard let L = columnLeft(l), let last = l.glyphs.last, isHan(last.c) else { continue }
            rightsByLeft[L, default: [:]][Int(((last.x + last.w) * 20).rounded()), default: 0] += 1
        }
        func columnRight(_ L: Double) -> Double? {
            rightsByLeft[L]?.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }.map { Double($0.key) / 20 }
        }
        let tol = 0.02 * em
        for (n, l) in lines.enumerated() {
            guard let L = columnLeft(l) else { continue }
            var offGrid = false
            for (i, g) in l.glyphs.enumerated() where isHan(g.c) {
                r.hanGlyphs += 1
                let cells = (g.x - L) / em
                if abs(cells - cells.rounded()) * em <= tol { r.hanOnGrid += 1 } else { offGrid = true }
                if i + 1 < l.glyphs.count, isHan(l.glyphs[i + 1].c) {
                    // From origin to origin: poppler's boxes of one word meet (a box runs
                    // to the next character), but a Han character's advance is 1 em.
                    let gap = (l.glyphs[i + 1].x - g.x) / em - 1
                    r.maxHanGap = max(r.maxHanGap, gap)
                    if gap > 0.25 + 0.01 {
                        r.wideHanGaps += 1
                    }
                }
            }
            if offGrid && r.offGridSamples.count < 40 { r.offGridSamples.append(String(l.glyphs.map(\.c))) }
            guard let R = columnRight(L), let last = l.glyphs.last(where: { $0.c != " " }) else { continue }
            let fromEdge = (R - last.x) / em
            r.bodyLines += 1
            if isLineEndMark(last.c) && abs(fromEdge) <= 0.02 { r.hungMarks += 1 }
            // A line-end mark reaching the edge takes from ½ em (origin ½ em from it) to
            // a full em (partly squeezed marks count as not at ½ em).
            let reaches = isLineEndMark(last.c) && fromEdge > 0.48 && fromEdge < 1.02
            // Ragged: the next line of the same column continues the paragraph.
            if let next = lines[(n + 1)...].first(where: { abs($0.left - L) < 3 * em && columnLeft($0) == L && $0.y > l.y }),
               next.y - l.y < 2 * em, abs(next.left - L) < tol {
                // Line-end marks of justified lines only (a paragraph's last line may
                // stop anywhere, an em short of the edge too).
                if reaches {
                    r.lineEndMarks += 1
                    let half = abs(fromEdge - 0.5) < 0.02
                    if half { r.lineEndMarksHalf += 1 }
                    // After a Han character the grid holds the mark at 1 em (the ½ em
                    // would have to go before that character); after a Latin run or
                    // another mark it can take ½ em and keep the grid.
                    let k = l.glyphs.count >= 2 ? l.glyphs[l.glyphs.count - 2] : nil
                    if let k, !isHan(k.c) {
                        r.lineEndMarksFree += 1
                        if half { r.lineEndMarksFreeHalf += 1 }
                    }
                }
                r.justifiedLines += 1
                let short = reaches ? false : (isLineEndMark(last.c) ? fromEdge > 1.02 : R - (last.x + last.w) > 0.05 * em)
                if short {
                    r.raggedLines += 1
                    if r.raggedSamples.count < 20 { r.raggedSamples.append(String(l.glyphs.map(\.c))) }
                }
            }
        }
        return r
    }
}
