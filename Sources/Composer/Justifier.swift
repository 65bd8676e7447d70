/// Widths a line can give or take, by clreq's priority levels (reference page,
/// "Justification"). Shrink levels, in the order they are used:
///   0 line-end mark to ½ em · 1 Latin word spaces to ¼ em · 2 (reserved: middle dots are fixed)
///   3 brackets to ½ em · 4 ，、；： to ½ em · 5 Han–Latin space to ⅛ em · 6 。？！ to ½ em
/// Stretch levels: 0 word spaces up to ½ em · 1 Han–Latin space up to ⅓ em ·
/// then every remaining gap equally (`gaps`), and only if there is none, letter spacing.
struct LineMeasure {
    var natural = 0.0
    var shrink = SIMD8<Double>(repeating: 0)
    var stretch = SIMD2<Double>(repeating: 0)
    /// Gaps that take the last stretch level (not inside ——/……/words, not beside ·／).
    var gaps = 0
    /// Gaps between letters of a word: the last resort of a line with nothing else.
    var letterGaps = 0

    var totalShrink: Double { shrink.sum() }
    var minimum: Double { natural - totalShrink }

    /// Sums and differences of measures: prefix sums over a paragraph give the
    /// interior of any line in constant time (total-fit breaking).
    @inline(__always)
    static func += (a: inout LineMeasure, b: LineMeasure) {
        a.natural += b.natural; a.shrink += b.shrink; a.stretch += b.stretch
        a.gaps += b.gaps; a.letterGaps += b.letterGaps
    }

    @inline(__always)
    static func + (a: LineMeasure, b: LineMeasure) -> LineMeasure {
        var d = a
        d += b
        return d
    }

    @inline(__always)
    static func - (a: LineMeasure, b: LineMeasure) -> LineMeasure {
        var d = a
        d.natural -= b.natural; d.shrink -= b.shrink; d.stretch -= b.stretch
        d.gaps -= b.gaps; d.letterGaps -= b.letterGaps
        return d
    }
}

enum ShrinkLevel {
    static let lineEndMark = 0, wordSpace = 1, middle = 2, bracket = 3, pause = 4, hanLatin = 5, stop = 6
    static func forRightHalf(of c: CharClass) -> Int {
        switch c {
        case .closing: return bracket
        case .pause: return pause
        default: return stop
        }
    }
}

/// How a line is brought to its measure: the fraction of each level's capacity
/// used (so every item of one kind moves by the same amount) and the equal share
/// of each remaining gap.
struct Justification {
    var shrinkRatio = SIMD8<Double>(repeating: 0)
    var stretchRatio = SIMD2<Double>(repeating: 0)
    var perGap = 0.0
    var perLetter = 0.0
    /// Width the line still lacks after all stretch (a justified line with no gaps).
    var shortfall = 0.0

    static func solve(_ m: LineMeasure, width: Double, allowStretch: Bool) -> Justification {
        var j = Justification()
        let eps = 1e-9
        if m.natural > width + eps {
            var need = m.natural - width
            for level in 0..<8 where need > eps {
                let cap = m.shrink[level]
                guard cap > eps else { continue }
                let take = min(need, cap)
                j.shrinkRatio[level] = take / cap
                need -= take
            }
        } else if allowStretch && m.natural < width - eps {
            var need = width - m.natural
            for level in 0..<2 where need > eps {
                let cap = m.stretch[level]
                guard cap > eps else { continue }
                let take = min(need, cap)
                j.stretchRatio[level] = take / cap
                need -= take
            }
            if need > eps {
                if m.gaps > 0 { j.perGap = need / Double(m.gaps) }
                else if m.letterGaps > 0 { j.perLetter = need / Double(m.letterGaps) }
                else { j.shortfall = need }
            }
        }
        return j
    }
}
