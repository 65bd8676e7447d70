import Interop
import Model

/// Streams lines of one paragraph; each call may use a different measure (text
/// wrapping around a photo, columns of different widths). Justified text is broken
/// paragraph by paragraph, assuming later lines share the current width: CJK text
/// with clreq's costs (CJKTotalFit.swift), Latin-dominant text Knuth–Plass style
/// (TotalFitBreaker.swift). Ragged and centred text, and lines whose width changes
/// from call to call, break line by line (clreq push-in / push-out, `greedyChoice`).
public struct LineBreaker: Sendable {
    let p: ParagraphItems
    let style: TextStyle
    let em: Double
    var position = 0
    /// Total-fit breaks computed for `planWidth` from `position`, the next line last.
    var plan: [LineChoice] = []
    var planWidth = -1.0
    var planStart = -1
    /// Width of the previous call, and whether it differed from the one before:
    /// the CJK total-fit re-plans on a new width but not on a width per line.
    var lastWidth = -1.0
    var widthChangedBefore = false
    /// A width at which no plan exists (a unit longer than the measure): greedy.
    var failedPlanWidth = -1.0
    /// Each atom's part of a line's measure as its first and as its last atom (with
    /// the prefix sums of the atoms between folded in) and the next legal break
    /// after each position, built on the first total-fit plan (CJKTotalFit.swift).
    var lineStartPart: [LineMeasure] = []
    var lineEndPart: [LineMeasure] = []
    var nextBreak: [Int32] = []
    /// Grid mode: the paragraph's Han anchors and segment sums (GridFit.swift).
    var gridSegs = GridSegments()

    /// Justified CJK text on the em grid (GridLayout.swift).
    let gridMode: Bool
    /// Pause and closing marks at a line's end always take ½ em (`line-end-mark: half`).
    let lineEndHalf: Bool
    /// Marks that may hang past the measure (`hanging-punctuation`): none where marks
    /// are centred in the em box in horizontal lines (clreq: Taiwan and Hong Kong hang
    /// no marks in horizontal text, half the ink would be outside; they may hang in
    /// vertical lines, below the line's end).
    let hangMarks: HangingPunctuation
    /// Room past the measure before anything else stands there (the gutter to the
    /// next column, a frame's padding; in a vertical line the space below its end),
    /// points. In a horizontal line a mark hangs only when the room (with any
    /// centring inset of the whole-em measure) is at least 2 em: the ink takes under
    /// ½ em, but a PDF reader gives the mark the box of its full em advance, and
    /// poppler (pdftotext) keeps two columns apart only when their text boxes are at
    /// least 1 em apart (`minColSpacing2`): with less, a line ending in a hung mark is
    /// read together with the next column's line. In a vertical line the mark's em
    /// box must fit (1 em): poppler reads vertical Chinese row by row across the
    /// lines whatever the room below them, so no extraction gap can be kept there.
    /// Set by the layout before the first line.
    public var hangRoom = Double.infinity
    /// The room a hung mark needs (`hangRoom`): 2 em across, 1 em down.
    var hangRoomNeeded: Double { style.vertical ? em : 2 * em }
    /// clreq's relaxation for grid alignment (`split-mark-runs`): after a hung mark
    /// the rest of a run of marks (。」, ，” …) may start the next line.
    let splitMarkRuns: Bool
    /// Hanging is possible at the current measure (`hangMarks` and `hangRoom`).
    var hangNow = false

    init(items: ParagraphItems, style: TextStyle) {
        p = items
        self.style = style
        em = items.em
        gridMode = style.grid && style.align == .justify && !items.latinDominant
        lineEndHalf = style.lineEndMarkHalf && style.align == .justify && style.punctuation != .halfWidth
        hangMarks = !style.vertical && style.punctuation == .centered ? .none : style.hangingPunctuation
        splitMarkRuns = style.splitMarkRuns && gridMode && hangMarks != .none
    }

    /// How far a Han–Latin space may stretch: to ⅓ em (clreq) off the grid; on the
    /// grid it is one of the elements that restore it (up to ⅝ em, GridLayout.swift).
    @inline(__always)
    func hanLatinStretch(_ gap: Double) -> Double {
        gridMode ? gap * (GridBounds.hanLatinMax - 1) : gap / 3
    }

    public var isFinished: Bool { position >= p.atoms.count }
    /// Characters not yet set, for overset reports.
    public var remainingText: String { p.atoms[position...].map(\.text).joined() }

    static let epsilon = 1e-6

    public mutating func nextLine(width requested: Double) -> ComposedLine? {
        guard !isFinished else { return nil }
        // A column a few hundredths of a point off a whole number of em (lengths
        // given in mm) is that number of em: the grid needs the exact measure.
        var width = requested
        // Any other measure (a framed box's inset) sets the whole ems it holds,
        // centred in it: the grid needs a whole number of characters per line.
        var inset = 0.0
        if gridMode {
            let cells = (requested / em).rounded()
            if abs(cells * em - requested) < 0.05 {
                width = cells * em
            } else if requested > 4 * em {
                width = (requested / em).rounded(.down) * em
                inset = (requested - width) / 2
            }
        }
        let s = position
        let indent = s == 0 ? style.indent * em : 0
        // A hung mark's text box (1 em) and an extractor's column gap (1 em): `hangRoom`.
        hangNow = hangMarks != .none && hangRoom + inset >= hangRoomNeeded - LineBreaker.epsilon
        var choice: LineChoice
        if p.latinDominant && style.align == .justify {
            choice = totalFitChoice(start: s, width: width, indent: indent)
        } else if style.align == .justify {
            choice = cjkTotalFitChoice(start: s, width: width, indent: indent)
        } else {
            choice = greedyChoice(start: s, width: width, indent: indent)
            choice = avoidingOrphan(choice, start: s, width: width, indent: indent)
        }
        position = choice.end
        var line = build(choice, start: s, width: width, indent: indent)
        if inset > 0 {
            for r in line.runs.indices { for c in line.runs[r].clusters.indices { line.runs[r].clusters[c].x += inset } }
            line.usedWidth += inset
            line.measure = requested
        }
        return line
    }

    // MARK: measuring

    /// An atom's contribution in a line [s, e): compression of a broken mark pair is
    /// undone at the break, a trailing space takes no width, no gap after the last atom.
    @inline(__always)
    func parts(_ i: Int, start s: Int, end e: Int) -> (box: Double, trimL: Double, trimR: Double, canL: Double, canR: Double, gap: Double) {
        // Fields are read one by one: copying the whole Atom would retain its text
        // (this is the breakers' innermost loop).
        var trimL = p.atoms[i].trimL, canL = p.atoms[i].canL, trimR = p.atoms[i].trimR, canR = p.atoms[i].canR
        if i == s && trimL > 0 { canL += trimL; trimL = 0 }
        let last = i == e - 1
        if last && trimR > 0 { canR += trimR; trimR = 0 }
        if last && p.atoms[i].cls == .space { return (0, 0, 0, 0, 0, 0) }
        // `line-end-mark: half`: the empty half of a line-end mark is gone by rule.
        if last && lineEndHalf && canR > 0 && p.atoms[i].cls.emptyRight { return (p.atoms[i].box - canR, trimL, 0, canL, 0, 0) }
        return (p.atoms[i].box, trimL, trimR, canL, canR, last ? 0 : p.atoms[i].gap + p.atoms[i].tracking)
    }

    @inline(__always)
    func natural(_ i: Int, start s: Int, end e: Int) -> Double {
        let q = parts(i, start: s, end: e)
        return q.box - q.trimL - q.trimR + q.gap
    }

    /// Gap between atoms i and i+1 that takes the last stretch level.
    @inline(__always)
    func isStretchableGap(_ i: Int) -> Bool {
        let a = p.atoms[i].cls, b = p.atoms[i + 1].cls
        if a == .latin && b == .latin { return false }
        if b == .space { return false }
        if (a == .dash && b == .dash) || (a == .ellipsis && b == .ellipsis) { return false }
        if a == .middle || b == .middle || a == .solidus || b == .solidus { return false }
        return true
    }

    func measure(start s: Int, end e: Int, indent: Double, hyphen: Bool = false) -> LineMeasure {
        var m = LineMeasure()
        m.natural = indent
        for i in s..<e { add(i, start: s, end: e, to: &m) }
        if hyphen, let h = p.hyphens[Int(p.atoms[e - 1].font)] { m.natural += h.advance }
        return m
    }

    /// Atom i's share of the measure of the line [s, e). One definition for the
    /// line-by-line `measure` and the total-fit prefix sums, so both agree exactly.
    @inline(__always)
    func add(_ i: Int, start s: Int, end e: Int, to m: inout LineMeasure) {
        let q = parts(i, start: s, end: e)
        let cls = p.atoms[i].cls
        m.natural += q.box - q.trimL - q.trimR + q.gap
        if q.canL > 0 { m.shrink[ShrinkLevel.bracket] += q.canL }
        if q.canR > 0 {
            m.shrink[i == e - 1 ? ShrinkLevel.lineEndMark : ShrinkLevel.forRightHalf(of: cls)] += q.canR
        }
        if i < e - 1 {
            if cls == .space {
                let box = p.atoms[i].box, atomEm = p.atoms[i].em
                m.shrink[ShrinkLevel.wordSpace] += max(0, box - atomEm / 4)
                m.stretch[0] += max(0, atomEm / 2 - box)
            }
            // On the grid, the half the adjacent-mark rule took off may come back.
            if gridMode { m.stretch[1] += q.trimL + q.trimR }
            let gap = p.atoms[i].gap
            if gap > 0 {
                m.shrink[ShrinkLevel.hanLatin] += gap / 2
                m.stretch[1] += hanLatinStretch(gap)
            }
            if isStretchableGap(i) { m.gaps += 1 } else if cls == .latin && p.atoms[i + 1].cls == .latin { m.letterGaps += 1 }
        }
    }

    @inline(__always)
    func canBreak(at e: Int) -> Bool { e >= p.atoms.count || p.atoms[e - 1].breakAfter }

    /// A line may end at `e` only by hanging its last mark (`split-mark-runs`, clreq
    /// on grid alignment: the first of two or more marks hangs, the second and those
    /// after it may start the next line): a hangable mark, not after another mark,
    /// followed by a mark that may not start a line.
    @inline(__always)
    func isMarkRunSplit(at e: Int) -> Bool {
        guard splitMarkRuns, hangNow, e < p.atoms.count, e >= 2, !p.atoms[e - 1].breakAfter else { return false }
        switch p.atoms[e].cls {
        case .pause, .stop, .closing: break
        default: return false
        }
        return isHangable(p.atoms[e - 1]) && !p.atoms[e - 2].cls.isCompressibleMark
    }

    // MARK: choosing the break (line by line)

    /// clreq's choice at a prohibited break: push in (squeeze the next unit onto this
    /// line) or push out (move the last unit down), whichever needs less adjustment;
    /// a hanging mark (`hanging-punctuation`) and hyphenating a Latin word are further candidates.
    func greedyChoice(start s: Int, width: Double, indent: Double) -> LineChoice {
        let n = p.atoms.count
        let eps = LineBreaker.epsilon
        var acc = indent
        var k = s
        while k < n {
            if acc + natural(k, start: s, end: k + 1) > width + eps { break }
            acc += natural(k, start: s, end: Int.max)
            k += 1
        }
        if k == n { return LineChoice(end: n) }
        let justify = style.align == .justify

        var best: LineChoice? = nil
        var bestCost = Double.infinity
        func consider(_ c: LineChoice, _ cost: Double) {
            if cost < bestCost - eps { best = c; bestCost = cost }
        }
        // Hanging punctuation: a mark that does not fit hangs past the measure (never two marks).
        if hangNow, k > s, isHangable(p.atoms[k]), !p.atoms[k - 1].cls.isCompressibleMark, canBreak(at: k + 1) || isMarkRunSplit(at: k + 1) {
            let m = measure(start: s, end: k, indent: indent)
            if m.natural <= width + eps { consider(LineChoice(end: k + 1, hang: true), width - m.natural) }
        }
        // Push in: the first legal break after the overflow, if squeezing reaches it.
        var pushIn = k + 1
        while pushIn < n, !canBreak(at: pushIn), pushIn - k < 64 { pushIn += 1 }
        if canBreak(at: pushIn) {
            let m = measure(start: s, end: pushIn, indent: indent)
            if m.minimum <= width + eps { consider(LineChoice(end: pushIn), m.natural - width) }
        }
        // Push out: the last legal break that fits naturally.
        var pushOut = k
        while pushOut > s, !canBreak(at: pushOut) { pushOut -= 1 }
        var outStretch = Double.infinity
        if pushOut > s {
            let m = measure(start: s, end: pushOut, indent: indent)
            if m.minimum <= width + eps {
                outStretch = justify ? max(0, width - m.natural) : 0
                consider(LineChoice(end: pushOut), abs(width - m.natural))
            }
        }
        // Hyphenate a Latin word only when the line would otherwise be loose (or impossible).
        if best == nil || (justify && bestCost > em && outStretch > em) {
            var h = max(pushOut, s + 1)
            while h < pushIn && h < n {
                if p.atoms[h - 1].hyphenAfter && !p.atoms[h - 1].breakAfter {
                    let m = measure(start: s, end: h, indent: indent, hyphen: true)
                    if m.minimum <= width + eps { consider(LineChoice(end: h, hyphen: true), abs(width - m.natural) + em / 4) }
                }
                h += 1
            }
        }
        if let b = best { return b }
        // Nothing legal fits (a word longer than the measure): break where it fits.
        return LineChoice(end: max(k, s + 1))
    }

    /// A pause or stop mark the style lets hang (one scalar; classes checked first:
    /// this runs for candidate line ends of the breaker).
    @inline(__always)
    func isHangable(_ a: Atom) -> Bool {
        guard a.cls == .pause || a.cls == .stop, let c = a.text.unicodeScalars.first,
              a.text.unicodeScalars.count == 1 else { return false }
        return hangMarks.hangs(c)
    }

    /// Characters of the text that count towards "alone on the last line": marks
    /// that cling to a character (、，。 closing brackets) and spaces do not.
    func isLoneRemainder(from e: Int) -> Bool {
        let n = p.atoms.count
        guard e < n, n - e <= 8 else { return false }
        var chars = 0
        for i in e..<n {
            switch p.atoms[i].cls {
            case .pause, .stop, .closing, .space: continue
            default: chars += 1
            }
        }
        return chars <= 1
    }

    /// No paragraph ends with one character alone: pull one down from this line.
    /// Later lines are assumed to have this line's width.
    func avoidingOrphan(_ c: LineChoice, start s: Int, width: Double, indent: Double) -> LineChoice {
        let n = p.atoms.count
        guard c.end < n, !c.hyphen, isLoneRemainder(from: c.end) else { return c }
        let eps = LineBreaker.epsilon
        guard measure(start: c.end, end: n, indent: 0).minimum <= width + eps else { return c }
        var e = c.end - 1
        while e > s {
            if canBreak(at: e) && !isLoneRemainder(from: e) {
                let rest = measure(start: e, end: n, indent: 0)
                let line = measure(start: s, end: e, indent: indent)
                if rest.minimum <= width + eps && line.minimum <= width + eps { return LineChoice(end: e) }
                return c
            }
            e -= 1
        }
        return c
    }
}

/// Where a line ends and how.
struct LineChoice: Sendable {
    var end: Int
    /// Ends at a hyphenation point: a hyphen is drawn after the last cluster.
    var hyphen = false
    /// The last atom (a pause or stop mark, `hanging-punctuation`) hangs past the measure.
    var hang = false
}
