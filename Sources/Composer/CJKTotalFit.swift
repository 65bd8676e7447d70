/// Paragraph-level (total-fit) breaking for justified Chinese and mixed paragraphs.
///
/// The greedy breaker decides each line alone, so a prohibited break (，at line
/// start, （ at line end, a number that cannot split) sometimes leaves it nothing but
/// pushing a character out and stretching the Han–Han gaps of that line. Looking at
/// the whole paragraph, an earlier line can usually take one character more or less
/// (a comma squeezed, a bracket compressed) so that no line has to open its grid.
///
/// The choice is a shortest path over legal breaks. A line's cost follows clreq's
/// adjustment priorities: squeezing the empty halves of marks is cheap, Latin word
/// spaces and Han–Latin spaces stretch cheaply, stretching Han–Han gaps is expensive
/// (the grid opens), pushing out a character that fitted and hyphenating cost extra,
/// and a one-character last line is avoided. A large cost per line keeps the line
/// count at its minimum: a newspaper column cannot afford a line to look better.
///
/// Cheap enough for the hot path: every line's measure comes from prefix sums over
/// the atoms (built once per paragraph) plus its two end atoms, and only starts
/// whose line can still be squeezed into the measure and is not hopelessly loose
/// are tried, a window of a few breaks per candidate end.
extension LineBreaker {
    /// Costs in units of "one em of adjustment" of the cheapest kind.
    enum CJKCost {
        /// Per line: fewer lines beat any amount of looseness below this (on the grid,
        /// about 37 Han characters off it: a line is what a page cannot give).
        static let line = 1500.0
        /// Per line where marks may hang (`hanging-punctuation`): a line is worth 10 Han
        /// characters off the grid. A hung mark gives a line an em, so hanging alone
        /// saves lines (2 on the seed galley); at this cost the breaker spends about
        /// as many on the grid instead: the demo's modules keep their fill (each the
        /// same copyfit as without hanging) with 98.5 % of its Han on the grid.
        static let hangingLine = 400.0
        /// Per em taken from each shrink level (`ShrinkLevel` order): the line-end mark
        /// is ½ em by rule (GB/T 15834), so it is free; 。？！ give their half last.
        /// (Computed: a stored static is a lazily initialised global, a `swift_once`
        /// check on every candidate line.)
        static var shrink: SIMD8<Double> { SIMD8<Double>(0, 1, 1, 2, 2, 3, 4, 0) }
        /// On the em grid: per Han character the line leaves off it (`gridOff`). Far
        /// dearer than any adjustment that keeps the grid, cheaper than a line.
        static let gridHanOff = 40.0
        /// Per em of stretch in Latin word spaces and in Han–Latin spaces (up to ⅓ em).
        static let wordSpaceStretch = 2.0, hanLatinStretch = 3.0
        /// A line whose Han–Han gaps open: fixed, plus the square of the per-gap
        /// amount (em) so that one very loose line costs more than two slightly loose ones.
        static let hanStretch = 50.0, hanStretchSquare = 2000.0
        /// A Han–Han gap above ¼ em (clreq's limit): worse than several lines.
        static let wideGap = 10_000.0
        /// Letters spaced apart (nothing else can stretch).
        static let letterStretch = 200.0
        /// A justified line left short (nothing in it can stretch: one character after
        /// the indent): a ragged edge, worse than any number of Han–Han gaps opened
        /// wide elsewhere — taken only when no other break sets the paragraph.
        static let shortfall = 1_000_000.0
        /// A character moved down although a longer legal line fitted naturally.
        static let pushOut = 10.0
        static let hyphen = 40.0, consecutiveHyphen = 60.0
        /// One character (plus clinging marks) alone on the last line.
        static let orphan = 500.0
        /// A line-end mark hung past the measure (`hanging-punctuation`): dearer than
        /// a line that fits as it is or gets there by squeezing or widening a pair of
        /// marks or a Latin run's play, far cheaper than a Han character off the grid
        /// (a push-in) or a push-out that opens the line's Han–Han gaps.
        static let hang = 10.0
    }

    /// Plans the rest of the paragraph from `s` at one width and returns its first
    /// line; later calls at the same width pop the plan. A new width re-plans from
    /// the current position, unless the width also changed on the previous call
    /// (text running around a shape, one width per line): a plan would be thrown
    /// away at once, so that line is set greedily.
    mutating func cjkTotalFitChoice(start s: Int, width: Double, indent: Double) -> LineChoice {
        let changed = lastWidth >= 0 && width != lastWidth
        defer { widthChangedBefore = changed; lastWidth = width }
        if planWidth == width, planStart == s, !plan.isEmpty {
            let c = plan.removeLast()
            planStart = c.end
            return c
        }
        if (changed && widthChangedBefore) || width == failedPlanWidth {
            plan = []; planStart = -1
            let c = greedyChoice(start: s, width: width, indent: indent)
            return avoidingOrphan(c, start: s, width: width, indent: indent)
        }
        guard let breaks = cjkTotalFitBreaks(start: s, width: width, indent: indent), !breaks.isEmpty else {
            // A unit longer than the measure: only the greedy breaker's forced break helps.
            failedPlanWidth = width
            plan = []; planStart = -1
            let c = greedyChoice(start: s, width: width, indent: indent)
            return avoidingOrphan(c, start: s, width: width, indent: indent)
        }
        plan = breaks   // next line last: taken with removeLast, no shifting
        planWidth = width
        let c = plan.removeLast()
        planStart = c.end
        return c
    }

    /// `nextBreak[e]` is the first legal line end after e; `lineStartPart` and
    /// `lineEndPart` give any line's measure in constant time (`lineMeasure`).
    mutating func buildLinePrefix() {
        // (Computed by a non-mutating function: `add` called from a mutating one copied
        // the whole breaker, 370 bytes, for every call.)
        (nextBreak, lineStartPart, lineEndPart) = linePrefixTables()
        if gridMode { gridSegs = Self.gridSegments(self) }
    }

    /// `nextBreak`, `lineStartPart` and `lineEndPart` of the paragraph.
    func linePrefixTables() -> ([Int32], [LineMeasure], [LineMeasure]) {
        let n = p.atoms.count
        var next = [Int32](repeating: Int32(n), count: n + 1)
        var k = n
        for e in stride(from: n - 1, through: 0, by: -1) {
            next[e] = Int32(k)
            if e > 0 && canBreak(at: e) { k = e }
        }
        // A line [b, e) of two atoms or more measures lineStartPart[b] + lineEndPart[e]:
        // atom b as a line's first, the interior from prefix sums, atom e-1 as its last.
        // With `interior` the sum of atoms 0..<i as neither first nor last on a line,
        // lineEndPart[i + 1] = interior(i) + atom i as a last, and lineStartPart[i] =
        // atom i as a first - interior(i + 1). (The prefix sums themselves are not kept.)
        var starts = [LineMeasure](repeating: LineMeasure(), count: n)
        var ends = [LineMeasure](repeating: LineMeasure(), count: n + 1)
        starts.withUnsafeMutableBufferPointer { starts in
            ends.withUnsafeMutableBufferPointer { ends in
                var interior = LineMeasure()
                for i in 0..<n {
                    var z = LineMeasure()
                    add(i, start: -1, end: i + 1, to: &z)
                    ends[i + 1] = interior + z
                    // (Atom n-1 always ends its line: it is never interior, nor the first of two.)
                    guard i < n - 1 else { break }
                    // Atom i inside a line. Each field of the measure takes at most one
                    // term from an atom, so adding it whole is adding it term by term.
                    var d = LineMeasure()
                    add(i, start: -1, end: Int.max, to: &d)
                    interior += d
                    // As a line's first atom it differs only by a trimmed left half.
                    if p.atoms[i].trimL > 0 {
                        var a = LineMeasure()
                        add(i, start: i, end: Int.max, to: &a)
                        starts[i] = a - interior
                    } else {
                        starts[i] = d - interior
                    }
                }
            }
        }
        return (next, starts, ends)
    }

    /// The measure of the line [b, e) in constant time (same value as `measure`).
    @inline(__always)
    func lineMeasure(_ b: Int, _ e: Int, indent: Double, hyphen: Bool) -> LineMeasure {
        var m: LineMeasure
        if e - 1 > b {
            m = lineStartPart[b] + lineEndPart[e]
        } else {
            m = LineMeasure()
            add(b, start: b, end: e, to: &m)
        }
        m.natural += indent
        if hyphen, let h = p.hyphens[Int(p.atoms[e - 1].font)] { m.natural += h.advance }
        return m
    }

    /// `lineMeasure(b, e, …).natural` for a line of two atoms or more (e - 1 > b),
    /// the same sums in the same order, without the rest of the measure: most
    /// candidate lines are ruled in or out by their natural width alone.
    @inline(__always)
    func lineNatural(_ b: Int, _ e: Int, indent: Double, hyphen: Bool) -> Double {
        var natural = lineStartPart[b].natural + lineEndPart[e].natural
        natural += indent
        if hyphen, let h = p.hyphens[Int(p.atoms[e - 1].font)] { natural += h.advance }
        return natural
    }

    /// The cost of adjusting a line of measure `m` to `width`; nil when it cannot
    /// be squeezed in. `justified` is false for the paragraph's last line.
    @inline(__always)
    func adjustmentCost(_ m: LineMeasure, width: Double, justified: Bool) -> Double? {
        let eps = LineBreaker.epsilon
        if m.natural > width + eps {
            var need = m.natural - width
            var cost = 0.0
            for level in 0..<8 where need > eps {
                let take = min(need, m.shrink[level])
                cost += CJKCost.shrink[level] * take
                need -= take
            }
            return need > eps ? nil : cost / em
        }
        guard justified else { return 0 }
        var need = width - m.natural
        guard need > eps else { return 0 }
        let t0 = min(need, m.stretch[0]); need -= t0
        let t1 = min(need, m.stretch[1]); need -= t1
        var cost = (CJKCost.wordSpaceStretch * t0 + CJKCost.hanLatinStretch * t1) / em
        if need > eps {
            if m.gaps > 0 {
                let per = need / Double(m.gaps) / em
                cost += CJKCost.hanStretch + CJKCost.hanStretchSquare * per * per
                // On the grid, Han–Han gaps above ¼ em only when nothing else sets the paragraph.
                if gridMode && per > 0.25 + 1e-9 { cost += CJKCost.wideGap }
            } else if m.letterGaps > 0 {
                let per = need / Double(m.letterGaps) / em
                cost += CJKCost.letterStretch + CJKCost.hanStretchSquare * per * per
            } else {
                cost += CJKCost.shortfall + need / em
            }
        }
        return cost
    }

    /// The best breaks from `s` to the paragraph's end at one width, the last line
    /// first; nil when no sequence of legal lines fits (a word longer than the measure).
    mutating func cjkTotalFitBreaks(start s: Int, width: Double, indent: Double) -> [LineChoice]? {
        let n = p.atoms.count
        guard s < n else { return [] }
        if lineEndPart.count != n + 1 { buildLinePrefix() }
        // Lines looser than this are not tried (they would cost far more than a
        // push-in elsewhere); only if nothing fits is every start tried.
        if let b = cjkShortestPath(start: s, width: width, indent: indent, looseLimit: gridMode ? 2 * em : max(3 * em, 0.2 * width)) { return b }
        return cjkShortestPath(start: s, width: width, indent: indent, looseLimit: .infinity)
    }

    /// Forward shortest path over legal breaks. `active` holds the reachable line
    /// starts in order; `lo` skips those from which every further line is too long
    /// (a line's minimum width only grows with its end), and the scan of the
    /// window stops at the first start whose line would be looser than `looseLimit`.
    /// The lines come last first.
    func cjkShortestPath(start s: Int, width: Double, indent: Double, looseLimit: Double) -> [LineChoice]? {
        let n = p.atoms.count
        let eps = LineBreaker.epsilon
        let hanging = hangNow
        let tieEps = 1e-9
        var cost = [Double](repeating: .infinity, count: n + 1)
        var from = [Int32](repeating: -1, count: n + 1)
        var hang = [Bool](repeating: false, count: n + 1)
        cost[s] = 0
        var active: [Int] = [s]
        active.reserveCapacity(n - s + 1)
        var lo = 0
        var scratch = GridScratch()
        // Lines off the grid to count after the scan: `deferred[0..<deferredCount]`
        // (the array is reused from one line end to the next without `removeAll`,
        // a generic call per line end).
        var deferred: [(start: Int, cost: Double)] = []
        var deferredCount = 0
        for e in (s + 1)...n {
            let hyphen: Bool
            // A line end inside a run of marks only with its first mark hung (`split-mark-runs`).
            var hangOnly = false
            if canBreak(at: e) { hyphen = false } else if p.atoms[e - 1].hyphenAfter { hyphen = true }
            else if isMarkRunSplit(at: e) { hyphen = false; hangOnly = true } else { continue }
            let final = e == n
            var extra = hanging ? CJKCost.hangingLine : CJKCost.line
            if !final && n - e <= 8 && isLoneRemainder(from: e) { extra += CJKCost.orphan }
            if hyphen { extra += CJKCost.hyphen }
            while lo < active.count {
                let b = active[lo]
                let lineIndent = b == s ? indent : 0
                // (A line's shrink is never negative, so one whose natural width fits
                // has a minimum that fits; sums rounded differently by 1e-9 would not
                // change that.)
                if e - 1 > b && lineNatural(b, e, indent: lineIndent, hyphen: hyphen) <= width + eps - 1e-9 { break }
                guard lineMeasure(b, e, indent: lineIndent, hyphen: hyphen).minimum > width + eps else { break }
                // Too long, but a hanging mark may still end it here (never later).
                if hanging && !hyphen && canHang(b, e, width: width, indent: lineIndent) { break }
                lo += 1
            }
            var best = Double.infinity, bestFrom = -1, bestHang = false
            var j = lo
            while j < active.count {
                let b = active[j]
                j += 1
                let lineIndent = b == s ? indent : 0
                // (The natural width first: the whole measure only for a line that is tried.)
                let natural = e - 1 > b ? lineNatural(b, e, indent: lineIndent, hyphen: hyphen)
                                        : lineMeasure(b, e, indent: lineIndent, hyphen: hyphen).natural
                if !final && natural < width - looseLimit { break }
                var total = cost[b] + extra
                if hyphen && b > 0 && !canBreak(at: b) { total += CJKCost.consecutiveHyphen }
                // Ties go to the later start (fuller earlier lines), as line by line.
                if total > best + tieEps { continue }
                let m = lineMeasure(b, e, indent: lineIndent, hyphen: hyphen)
                // (Every further cost is ≥ 0: a line already dearer than the best is done.)
                if !hangOnly, var c = adjustmentCost(m, width: width, justified: !final), total + c <= best + tieEps {
                    if !final && !hyphen && m.natural < width - eps && c >= CJKCost.hanStretch && isPushOut(b, e, width: width, indent: lineIndent) {
                        c += CJKCost.pushOut
                    }
                    if gridMode && gridOff(b, e, indent: lineIndent, width: width, justified: !final, hyphen: hyphen,
                                           limit: 0, scratch: &scratch) > 0 {
                        // Off the grid: counted exactly below, only if one Han off would
                        // not already lose to a line that keeps the grid.
                        if total + c + CJKCost.gridHanOff <= best + tieEps {
                            if deferredCount < deferred.count { deferred[deferredCount] = (b, total + c) } else { deferred.append((b, total + c)) }
                            deferredCount += 1
                        }
                    } else if total + c <= best + tieEps { best = total + c; bestFrom = b; bestHang = false }
                }
                // A hanging mark (only when the mark does not fit at its full em): the
                // line is measured, and on the grid counted, without it.
                if hanging, !hyphen, m.natural > width + eps, canHang(b, e, width: width, indent: lineIndent),
                   let a = adjustmentCost(lineMeasure(b, e - 1, indent: lineIndent, hyphen: false), width: width, justified: !final) {
                    var c = total + a + CJKCost.hang
                    if gridMode && c <= best + tieEps {
                        let room = best + tieEps - c
                        let limit = room >= Double(Int32.max) ? Int(Int32.max) : floorInt(room / CJKCost.gridHanOff)
                        let off = gridOff(b, e - 1, indent: lineIndent, width: width, justified: !final, hyphen: false,
                                          limit: limit, scratch: &scratch)
                        c = off > limit ? .infinity : c + CJKCost.gridHanOff * Double(off)
                    }
                    if b > bestFrom ? c <= best + tieEps : c < best - tieEps { best = c; bestFrom = b; bestHang = true }
                }
            }
            for k in 0..<deferredCount {
                let (b, base) = deferred[k]
                // Ties go to the later start, as in the scan above.
                // How many Han off the grid could still win (counting stops beyond that).
                let room = b > bestFrom ? best + tieEps - base : best - tieEps - base
                let limit = room >= Double(Int32.max) ? Int(Int32.max) : floorInt(room / CJKCost.gridHanOff)
                guard limit >= 1 else { continue }
                let off = gridOff(b, e, indent: b == s ? indent : 0, width: width, justified: !final, hyphen: hyphen,
                                  limit: limit, scratch: &scratch)
                guard off <= limit else { continue }
                let c = base + CJKCost.gridHanOff * Double(off)
                if b > bestFrom ? c <= best + tieEps : c < best - tieEps { best = c; bestFrom = b; bestHang = false }
            }
            deferredCount = 0
            if bestFrom >= 0 {
                cost[e] = best; from[e] = Int32(bestFrom); hang[e] = bestHang
                active.append(e)
            }
        }
        guard cost[n] < .infinity else { return nil }
        var out: [LineChoice] = []
        var e = n
        while e > s {
            // (A line hung inside a run of marks ends at no legal break, but at no hyphen either.)
            out.append(LineChoice(end: e, hyphen: !hang[e] && e < n && !canBreak(at: e), hang: hang[e]))
            e = Int(from[e])
        }
        return out   // (the last line first, as the plan pops them: no reversed copy)
    }

    /// The line [b, e) may end with its last mark hanging past the measure: a mark
    /// of `hanging-punctuation`'s class, not after another mark (clreq: no hanging
    /// in a succession of marks), the rest of the line fitting in the measure (a pair
    /// of marks squeezed to 1 em keeps the grid; what it costs is the line's cost).
    @inline(__always)
    func canHang(_ b: Int, _ e: Int, width: Double, indent: Double) -> Bool {
        guard e - 1 > b, isHangable(p.atoms[e - 1]), !p.atoms[e - 2].cls.isCompressibleMark else { return false }
        return lineMeasure(b, e - 1, indent: indent, hyphen: false).minimum <= width + LineBreaker.epsilon
    }

    /// The line [b, e) stops short although the next legal line end still fits at
    /// natural width (its line-end mark at ½ em): a character was pushed out.
    @inline(__always)
    func isPushOut(_ b: Int, _ e: Int, width: Double, indent: Double) -> Bool {
        let next = Int(nextBreak[e])
        let m = lineMeasure(b, next, indent: indent, hyphen: false)
        return m.natural - m.shrink[ShrinkLevel.lineEndMark] <= width + LineBreaker.epsilon
    }
}
