/// How many Han characters a candidate line leaves off the em grid: the grid's part
/// of the total-fit breaker's line cost (CJKTotalFit.swift).
///
/// A line is cut at its Han characters (the anchors) into segments: a head from the
/// line start to the first Han, one segment from each Han to the next, and a tail
/// from the last Han to the line end. Every element of a segment has a range
/// (`gridFlex`: a Han 1 em, a mark ½–1½ em (its empty half squeezed out, or widened
/// by half an em), a 1.5 em pair 1–2 em, a Latin run with its spaces a whole em of
/// play…), so a segment can take any length in a range.
/// Cells are half ems: a segment can end on a whole em (the next Han on the grid)
/// or half an em off it. With whole-em choices only, the lengths of a line's
/// segments sum to every even number of half ems between the sum of their even
/// minima and the sum of their even maxima; the line is on the grid exactly when
/// that range meets what the tail needs to end flush at the measure. Prefix sums
/// over the paragraph's segments answer that in constant time for any line.
///
/// Only when it fails does a small dynamic programme over the line's segments find
/// the fewest Han characters half an em off (`GridLayout.gridPlan` places the same
/// ones): a line that must lose half an em twice (a kinsoku push-in) puts only the
/// Han characters between the two squeezed marks off the grid, so it squeezes the
/// two marks nearest each other, or a mark near the line end.
struct GridFlex {
    /// Fixed width, nominal flexible width, and the flexible range (points).
    var fixed = 0.0, nom = 0.0, lo = 0.0, hi = 0.0
    /// The part of `hi` that is a mark's space widened beyond its em (used last).
    var extra = 0.0
}

/// ⌈x⌉ and ⌊x⌋ as integers without a call into libm: `rounded(.up)` and
/// `rounded(.down)` are calls to `ceil` and `floor` on x86-64's baseline (no SSE4.1),
/// and the grid count rounds several times per candidate line. Exact, and trapping
/// where those would (beyond Int32's range, NaN).
@inline(__always)
func ceilInt32(_ x: Double) -> Int32 { let t = Int32(x); return Double(t) < x ? t + 1 : t }
@inline(__always)
func floorInt32(_ x: Double) -> Int32 { let t = Int32(x); return Double(t) > x ? t - 1 : t }
@inline(__always)
func ceilInt(_ x: Double) -> Int { let t = Int(x); return Double(t) < x ? t + 1 : t }
@inline(__always)
func floorInt(_ x: Double) -> Int { let t = Int(x); return Double(t) > x ? t - 1 : t }

/// Per paragraph: the anchors and the prefix sums over their segments.
struct GridSegments: Sendable {
    /// Han anchors (atom indices) and, per atom position, how many anchors precede it.
    var anchors: [Int32] = []
    var anchorsBefore: [Int32] = []
    /// Prefix sums of every atom's interior (fixed + lo) and (fixed + hi), points.
    var loPrefix: [Double] = []
    var hiPrefix: [Double] = []
    /// Every atom's (fixed + lo) and (fixed + hi) as the last of a line (no hyphen).
    var endLo: [Double] = []
    var endHi: [Double] = []
    /// Per segment j (anchors[j] ..< anchors[j+1]): its range in half ems.
    var cellLo: [Int32] = []
    var cellHi: [Int32] = []
    /// Prefix sums over segments of the even minimum and maximum (half ems), and of
    /// the segments that have no whole-em length.
    var evenMin: [Int32] = [0]
    var evenMax: [Int32] = [0]
    var oddOnly: [Int32] = [0]
    /// Prefix sums of the segments' `cellLo`, and per segment how many segments from it
    /// on have one fixed, even length (a Han after a Han: 2 cells).
    var cellLoSum: [Int32] = [0]
    var fixedRun: [Int32] = []
}

extension LineBreaker {
    /// The grid's range of atom i in the line [s, e): what `gridPlan` may do with it.
    @inline(__always)
    func gridFlex(_ i: Int, start s: Int, end e: Int, hyphen: Bool) -> GridFlex {
        let q = parts(i, start: s, end: e)
        let last = i == e - 1
        // A mark's empty halves: compressible to nothing, and a half that the
        // adjacent-mark rule took off (1.5 em pairs) may come back (2 em).
        var f = GridFlex(fixed: q.box - q.trimL - q.trimR - q.canL - q.canR, nom: q.canL + q.canR, lo: 0,
                         hi: q.canL + q.canR + q.trimL + q.trimR)
        if !last {
            if i != s {
                f.extra = gridExpansion(i)
                f.hi += f.extra
            }
            f.fixed += p.atoms[i].tracking
            let gap = p.atoms[i].gap
            if gap > 0 {
                f.nom += gap; f.lo += gap * GridBounds.hanLatinMin; f.hi += gap * GridBounds.hanLatinMax
            }
            if p.atoms[i].cls == .space {
                // The space's box is in `fixed`; it may go to ¼ em or ½ em, and up to a
                // whole em between two Han characters (where Chinese text has a
                // full-width space, or a line break of the source left a space).
                let box = p.atoms[i].box, atomEm = p.atoms[i].em
                let betweenCJK = i > 0 && i + 1 < p.atoms.count && p.atoms[i - 1].cls == .han && p.atoms[i + 1].cls == .han
                f.lo -= max(0, box - atomEm / 4); f.hi += max(0, (betweenCJK ? atomEm : atomEm / 2) - box)
            }
        } else if hyphen, let h = p.hyphens[Int(p.atoms[i].font)] {
            f.fixed += h.advance
        }
        return f
    }

    /// How much a mark mid-line may widen on its empty side on the grid: half an em,
    /// so that a line one em short (a character pushed out by kinsoku) can put two
    /// marks at 1.5 em and keep the Han characters outside them on the grid (clreq
    /// stretches every gap of a line; the grid gathers that stretch beside two marks).
    /// Not the marks of a compressed pair: their half that comes back is their play.
    @inline(__always)
    func gridExpansion(_ i: Int) -> Double {
        guard p.atoms[i].cls.isCompressibleMark, p.atoms[i].trimL == 0, p.atoms[i].trimR == 0 else { return 0 }
        return p.atoms[i].em / 2
    }

    /// A Han character that the grid positions (1 em, not compressed).
    @inline(__always)
    func isGridAnchor(_ i: Int) -> Bool {
        p.atoms[i].cls == .han && abs(p.atoms[i].box - em) < 1e-6
    }

    @inline(__always)
    static func cellsUp(_ v: Double, _ h: Double) -> Int32 { ceilInt32((v - 1e-6) / h) }
    @inline(__always)
    static func cellsDown(_ v: Double, _ h: Double) -> Int32 { floorInt32((v + 1e-6) / h) }

    static func gridSegments(_ b: LineBreaker) -> GridSegments {
        let n = b.p.atoms.count
        let h = b.em / 2
        var g = GridSegments()
        var count: Int32 = 0
        var lo = 0.0, hi = 0.0
        // `gridFlex` of every atom inside a line and as a line's last, written out
        // (this runs once per paragraph on every atom; fields read in place).
        var anchorsBefore = [Int32](repeating: 0, count: n + 1)
        var loPrefix = [Double](repeating: 0, count: n + 1), hiPrefix = [Double](repeating: 0, count: n + 1)
        var endLo = [Double](repeating: 0, count: n), endHi = [Double](repeating: 0, count: n)
        var anchors: [Int32] = []
        anchors.reserveCapacity(n)
        let em = b.em
        for i in 0..<n {
            anchorsBefore[i] = count
            let cls = b.p.atoms[i].cls, box = b.p.atoms[i].box
            if cls == .han && abs(box - em) < 1e-6 { anchors.append(Int32(i)); count += 1 }
            let trims = b.p.atoms[i].trimL + b.p.atoms[i].trimR, cans = b.p.atoms[i].canL + b.p.atoms[i].canR
            let fixed = box - trims - cans + b.p.atoms[i].tracking
            var wLo = fixed, wHi = fixed + cans + trims
            if cls.isCompressibleMark { wHi += b.gridExpansion(i) }
            let gap = b.p.atoms[i].gap
            if gap > 0 { wLo += gap * GridBounds.hanLatinMin; wHi += gap * GridBounds.hanLatinMax }
            if cls == .space {
                let atomEm = b.p.atoms[i].em
                let betweenCJK = i > 0 && i + 1 < n && b.p.atoms[i - 1].cls == .han && b.p.atoms[i + 1].cls == .han
                wLo -= max(0, box - atomEm / 4); wHi += max(0, (betweenCJK ? atomEm : atomEm / 2) - box)
            } else {
                endLo[i] = box - trims - cans; endHi[i] = box
                // (`line-end-mark: half`: as `parts` sets it, no empty half to give back.)
                if b.lineEndHalf && cls.emptyRight && b.p.atoms[i].canR + b.p.atoms[i].trimR > 0 {
                    endHi[i] = box - b.p.atoms[i].canR - b.p.atoms[i].trimR
                }
            }
            lo += wLo; hi += wHi
            loPrefix[i + 1] = lo; hiPrefix[i + 1] = hi
        }
        anchorsBefore[n] = count
        g.anchorsBefore = anchorsBefore; g.loPrefix = loPrefix; g.hiPrefix = hiPrefix
        g.endLo = endLo; g.endHi = endHi; g.anchors = anchors
        let segments = max(0, g.anchors.count - 1)
        // The six per-segment tables are written through pointers into one buffer and
        // cut from it (appending to six arrays of a struct checked uniqueness and
        // capacity six times per segment). Running sums start at [0] = 0.
        let rows = segments + 1
        var tables = [Int32](repeating: 0, count: 6 * rows)
        tables.withUnsafeMutableBufferPointer { t in
            let cellLo = t.baseAddress!, cellHi = cellLo + rows, evenMin = cellHi + rows, evenMax = evenMin + rows,
                oddOnly = evenMax + rows, cellLoSum = oddOnly + rows
            var eMin: Int32 = 0, eMax: Int32 = 0, odd: Int32 = 0
            for j in 0..<segments {
                let a = Int(anchors[j]), z = Int(anchors[j + 1])
                let cl = cellsUp(loPrefix[z] - loPrefix[a], h), ch = cellsDown(hiPrefix[z] - hiPrefix[a], h)
                cellLo[j] = cl; cellHi[j] = ch
                let el = (cl + 1) & ~1, eh = ch & ~1
                if el <= eh { eMin += el; eMax += eh } else { odd += 1 }
                evenMin[j + 1] = eMin; evenMax[j + 1] = eMax; oddOnly[j + 1] = odd
                cellLoSum[j + 1] = cellLoSum[j] + cl
            }
        }
        g.cellLo = Array(tables[0..<segments]); g.cellHi = Array(tables[rows..<rows + segments])
        g.evenMin = Array(tables[2 * rows..<3 * rows]); g.evenMax = Array(tables[3 * rows..<4 * rows])
        g.oddOnly = Array(tables[4 * rows..<5 * rows]); g.cellLoSum = Array(tables[5 * rows..<6 * rows])
        var fixedRun = [Int32](repeating: 0, count: segments)
        var run: Int32 = 0
        for j in stride(from: segments - 1, through: 0, by: -1) {
            run = tables[j] == tables[rows + j] && tables[j] & 1 == 0 ? run + 1 : 0
            fixedRun[j] = run
        }
        g.fixedRun = fixedRun
        return g
    }

    /// The fewest Han characters of the line [b, e) that must sit off the em grid
    /// when it is set flush at `width` (or at most `width`, the paragraph's last
    /// line): 0 when every one can be on it. Counting stops above `limit` (then
    /// `limit + 1` or more is returned; `limit: 0` asks only whether the line is
    /// on the grid). A line that cannot be set on half-em cells counts all its Han.
    func gridOff(_ b: Int, _ e: Int, indent: Double, width: Double, justified: Bool, hyphen: Bool,
                 limit: Int, scratch: inout GridScratch) -> Int {
        // (Read in place: a copy of the struct would retain each of its arrays.)
        let j0 = Int(gridSegs.anchorsBefore[b]), j1 = Int(gridSegs.anchorsBefore[e]) - 1
        if j0 > j1 { return 0 }
        let h = em / 2
        let a0 = Int(gridSegs.anchors[j0]), a1 = Int(gridSegs.anchors[j1])
        // Head: line start to the first Han (interior ranges; the start edge changes none).
        let headLo = gridSegs.loPrefix[a0] - gridSegs.loPrefix[b]
        // (A mark that starts the line does not widen.)
        let headHi = gridSegs.hiPrefix[a0] - gridSegs.hiPrefix[b] - (a0 > b ? gridExpansion(b) : 0)
        // Tail: last Han to the line end, its last atom as a line end.
        var tailLo = 0.0, tailHi = 0.0
        if e - 1 > a1 {
            tailLo = gridSegs.loPrefix[e - 1] - gridSegs.loPrefix[a1]; tailHi = gridSegs.hiPrefix[e - 1] - gridSegs.hiPrefix[a1]
        }
        if e - 1 > b && !hyphen {
            tailLo += gridSegs.endLo[e - 1]; tailHi += gridSegs.endHi[e - 1]
        } else {
            let f = gridFlex(e - 1, start: b, end: e, hyphen: hyphen)
            tailLo += f.fixed + f.lo; tailHi += f.fixed + f.hi
        }
        // Too short even with everything widened (or too long squeezed): no cells at all.
        if justified && indent + headHi + (gridSegs.hiPrefix[a1] - gridSegs.hiPrefix[a0]) + tailHi < width - 1e-6 { return j1 - j0 + 1 }
        if indent + headLo + (gridSegs.loPrefix[a1] - gridSegs.loPrefix[a0]) + tailLo > width + 1e-6 { return j1 - j0 + 1 }
        // Cells of the last Han from which the tail ends flush (or inside the measure).
        let finalHi = Self.cellsDown(width - tailLo, h)
        let finalLo: Int32 = justified ? Self.cellsUp(width - tailHi, h) : Int32.min
        // Whole-em choices only.
        let hl = Self.cellsUp(indent + headLo, h), hh = Self.cellsDown(indent + headHi, h)
        let hel = (hl + 1) & ~1, heh = hh & ~1
        if hel <= heh && gridSegs.oddOnly[j1] == gridSegs.oddOnly[j0] {
            let lo = max(hel + gridSegs.evenMin[j1] - gridSegs.evenMin[j0], finalLo)
            let hi = min(heh + gridSegs.evenMax[j1] - gridSegs.evenMax[j0], finalHi)
            if ((lo + 1) & ~1) <= hi { return 0 }
        }
        if limit <= 0 { return 1 }
        return gridOffExact(j0: j0, j1: j1, indent: indent, headLo: headLo, headHi: headHi,
                            tailLo: tailLo, tailHi: tailHi, width: width, justified: justified, limit: limit, scratch: &scratch)
    }

    /// The dynamic programme behind `gridOff`: per Han of the line, the cells it can
    /// reach and the fewest Han off the grid up to it. A Han that can reach no cell
    /// is given up (it joins the next segment, as in `gridPlan`) and counted off.
    private func gridOffExact(j0: Int, j1: Int, indent: Double, headLo: Double, headHi: Double,
                              tailLo: Double, tailHi: Double, width: Double, justified: Bool, limit: Int,
                              scratch: inout GridScratch) -> Int {
        let h = em / 2
        let lastCell = Self.cellsDown(width, h)
        guard lastCell >= 0 else { return j1 - j0 + 1 }
        let span = Int(lastCell) + 1
        if scratch.cost.count < 2 * span { scratch.cost = [Int16](repeating: 0, count: 2 * span + 32) }
        return scratch.cost.withUnsafeMutableBufferPointer { buf in
            gridOffCells(buf.baseAddress!, span: span, j0: j0, j1: j1, indent: indent, headLo: headLo, headHi: headHi,
                         tailLo: tailLo, tailHi: tailHi, width: width, justified: justified, limit: limit)
        }
    }

    /// `gridOffExact` on two rows of `span` costs (the current anchor's cells and the next one's).
    private func gridOffCells(_ rows: UnsafeMutablePointer<Int16>, span: Int, j0: Int, j1: Int, indent: Double,
                              headLo: Double, headHi: Double, tailLo: Double, tailHi: Double, width: Double,
                              justified: Bool, limit: Int) -> Int {
        let h = em / 2
        let lastCell = Int32(span - 1)
        let none = Int16.max
        var cur = rows, next = rows + span
        // Reachable cells [lo, hi] of the current anchor; cur[c - lo] their costs.
        var lo: Int32 = 0, hi: Int32 = -1
        var dropped = 0
        // Pending length (points) since the last kept anchor, and whether that is the line start.
        var pendLo = indent + headLo, pendHi = indent + headHi
        var fromStart = true
        // The segment index when what is pending is exactly one whole segment (its
        // cells are precomputed), else -1.
        var pendCells = -1
        var nlClip: Int32 = 0, nhClip: Int32 = -1
        let aLast = Int(gridSegs.anchors[j1])
        var j = j0
        while true {
            // Reach anchor j (the first one from the line start, else from the kept cells).
            var dl: Int32 = 0, dh: Int32 = 0
            let nl: Int32, nh: Int32
            if fromStart {
                nl = max(0, Self.cellsUp(pendLo, h)); nh = min(lastCell, Self.cellsDown(pendHi, h))
            } else {
                if pendCells >= 0 {
                    dl = gridSegs.cellLo[pendCells]; dh = gridSegs.cellHi[pendCells]
                } else {
                    dl = Self.cellsUp(pendLo, h); dh = Self.cellsDown(pendHi, h)
                }
                nl = lo + dl; nh = min(lastCell, hi + dh)
            }
            if nl <= nh {
                // Only cells from which the rest of the line can still end at the
                // measure (its shortest and longest settings, in points).
                let a = Int(gridSegs.anchors[j])
                let restLo = gridSegs.loPrefix[aLast] - gridSegs.loPrefix[a] + tailLo
                let cl = min(nh, Self.cellsDown(width - restLo, h))
                var cf = nl
                if justified { cf = max(nl, Self.cellsUp(width - (gridSegs.hiPrefix[aLast] - gridSegs.hiPrefix[a] + tailHi), h)) }
                if cf > cl { return j1 - j0 + 1 }
                nlClip = cf; nhClip = cl
            }
            if nl <= nh {
                let nl = nlClip, nh = nhClip
                var least = none
                if fromStart {
                    for c in nl...nh { next[Int(c - nl)] = Int16(c & 1) }
                    least = 0
                } else {
                    for c in nl...nh {
                        var best = none
                        var pc = max(lo, c - dh)
                        let pe = min(hi, c - dl)
                        while pc <= pe {
                            let v = cur[Int(pc - lo)]
                            if v < best { best = v }
                            pc += 1
                        }
                        let v = best == none ? none : best + Int16(c & 1)
                        next[Int(c - nl)] = v
                        if v < least { least = v }
                    }
                }
                // No cell reachable: the line is justified off the grid (all its Han).
                if least == none { return j1 - j0 + 1 }
                // Costs only grow along the line: beyond the limit, stop counting.
                if Int(least) + dropped > limit { return limit + 1 }
                swap(&cur, &next)
                lo = nl; hi = nh
                fromStart = false
                pendLo = 0; pendHi = 0
            } else {
                dropped += 1
                if dropped > limit { return limit + 1 }
            }
            // A run of segments of a fixed whole number of em (Han after Han): every
            // cell moves by the same amount and keeps its parity, so a cell off the
            // grid stays off for each Han of the run.
            if !fromStart && pendLo == 0 && pendHi == 0 && j < j1 {
                let k = min(Int(gridSegs.fixedRun[j]), j1 - j)
                if k > 0 {
                    let w = gridSegs.cellLoSum[j + k] - gridSegs.cellLoSum[j]
                    var least = none
                    for c in lo...hi {
                        let i = Int(c - lo)
                        guard cur[i] != none else { continue }
                        if c & 1 == 1 { cur[i] += Int16(k) }
                        if cur[i] < least { least = cur[i] }
                    }
                    if least == none { return j1 - j0 + 1 }
                    if Int(least) + dropped > limit { return limit + 1 }
                    lo += w; hi = min(hi + w, lastCell)
                    if lo > hi { return j1 - j0 + 1 }
                    j += k
                }
            }
            if j == j1 { break }
            // The segment from anchor j to anchor j+1.
            let a = Int(gridSegs.anchors[j]), z = Int(gridSegs.anchors[j + 1])
            pendCells = pendLo == 0 && pendHi == 0 && !fromStart ? j : -1
            pendLo += gridSegs.loPrefix[z] - gridSegs.loPrefix[a]; pendHi += gridSegs.hiPrefix[z] - gridSegs.hiPrefix[a]
            j += 1
        }
        // The tail (and any anchors given up before it) from the kept cells to the end.
        var best = Int(none)
        if !fromStart {
            let tl = pendLo + tailLo, th = pendHi + tailHi
            for c in lo...hi {
                let v = cur[Int(c - lo)]
                guard v != none else { continue }
                let x = Double(c) * h
                if justified {
                    guard x + tl <= width + 1e-6, x + th >= width - 1e-6 else { continue }
                } else {
                    guard x + tl <= width + 1e-6 else { continue }
                }
                best = min(best, Int(v))
            }
        }
        if best == Int(none) { return j1 - j0 + 1 }
        return best + dropped
    }
}

/// Work arrays of the grid's dynamic programme, kept across the lines of one plan.
struct GridScratch {
    /// (Empty until the first line off the grid: `gridOffExact` sizes it.)
    var cost: [Int16] = []
}
