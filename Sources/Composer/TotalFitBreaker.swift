import Foundation

/// Paragraph-level total-fit line breaking (Knuth–Plass style) for Latin-dominant
/// justified paragraphs: minimises the sum of squared badness over all lines,
/// with penalties for hyphens and for consecutive hyphenated lines. Widths are
/// streamed, so the plan assumes every later line has the current line's width and
/// is recomputed when a call brings another width.
extension LineBreaker {
    static let hyphenDemerits = 2500.0
    static let consecutiveHyphenDemerits = 3000.0
    static let shortfallDemerits = 1e12

    mutating func totalFitChoice(start s: Int, width: Double, indent: Double) -> LineChoice {
        if planWidth == width, planStart == s, !plan.isEmpty {
            let c = plan.removeLast()
            planStart = c.end
            return c
        }
        plan = totalFitBreaks(start: s, width: width, indent: indent).reversed()   // next line last
        planWidth = width
        guard !plan.isEmpty else {
            planStart = -1
            return greedyChoice(start: s, width: width, indent: indent)
        }
        let c = plan.removeLast()
        planStart = c.end
        return c
    }

    /// The optimal breaks from `s` to the paragraph's end at one width; empty when
    /// no sequence of lines fits (the caller falls back to the greedy breaker).
    func totalFitBreaks(start s: Int, width: Double, indent: Double) -> [LineChoice] {
        let n = p.atoms.count
        let eps = LineBreaker.epsilon
        var candidates: [LineChoice] = []
        for e in (s + 1)...n {
            if canBreak(at: e) { candidates.append(LineChoice(end: e)) }
            else if p.atoms[e - 1].hyphenAfter { candidates.append(LineChoice(end: e, hyphen: true)) }
        }
        var demerits = [Double](repeating: .infinity, count: candidates.count + 1)
        var previous = [Int](repeating: -1, count: candidates.count + 1)
        demerits[0] = 0
        for (ci, c) in candidates.enumerated() {
            var bi = ci
            while bi >= 0 {
                defer { bi -= 1 }
                guard demerits[bi] < .infinity else { continue }
                let start = bi == 0 ? s : candidates[bi - 1].end
                let previousHyphen = bi > 0 && candidates[bi - 1].hyphen
                guard let d = lineDemerits(start: start, choice: c, previousHyphen: previousHyphen, width: width,
                                           indent: start == s ? indent : 0) else { break }
                if demerits[bi] + d < demerits[ci + 1] {
                    demerits[ci + 1] = demerits[bi] + d
                    previous[ci + 1] = bi
                }
            }
        }
        guard demerits[candidates.count] < .infinity else { return [] }
        var out: [LineChoice] = []
        var node = candidates.count
        while node > 0 {
            out.append(candidates[node - 1])
            node = previous[node]
        }
        return out.reversed()
    }

    /// Demerits of one line [start, choice.end): squared (1 + badness), badness from
    /// how much of the line's shrink or stretch is used, plus hyphen penalties. Nil
    /// when the line cannot be squeezed into the width (and no longer line can either).
    func lineDemerits(start: Int, choice c: LineChoice, previousHyphen: Bool, width: Double, indent: Double) -> Double? {
        let eps = LineBreaker.epsilon
        let m = measure(start: start, end: c.end, indent: indent, hyphen: c.hyphen)
        if m.minimum > width + eps { return nil }
        var ratio: Double
        if m.natural > width {
            ratio = (m.natural - width) / max(m.totalShrink, eps)
        } else if c.end == p.atoms.count {
            ratio = 0
        } else {
            let capacity = m.stretch.sum() + Double(m.gaps) * em * 0.1
            // A line nothing in can stretch (one character after the indent) stays
            // short: a ragged edge, dearer than any loose line (whose badness is capped).
            if capacity <= eps && width - m.natural > eps { return LineBreaker.shortfallDemerits }
            ratio = capacity > eps ? (width - m.natural) / capacity : 0
        }
        let badness = min(100 * ratio * ratio * ratio, 1e5)
        var d = (1 + badness) * (1 + badness)
        if c.hyphen {
            d += LineBreaker.hyphenDemerits
            if previousHyphen { d += LineBreaker.consecutiveHyphenDemerits }
        }
        return d
    }
}
