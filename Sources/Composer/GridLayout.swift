/// The em grid through mixed runs (clreq: Han characters of a column line up).
///
/// In justified CJK body text every Han character should start a whole number of
/// em from the column's left edge. Han characters are 1 em wide, so only what stands
/// between two of them can move the grid: a Latin word or number with the Han–Latin
/// space on each side, marks whose empty half was taken off, word spaces. Here those
/// elements flex so that the next Han character lands on the grid again:
///
/// | element | nominal | may range |
/// |---|---|---|
/// | Han–Latin space (each side of a run) | ¼ em (`han-latin-spacing`) | ½× to 2½× nominal: ⅛–⅝ em |
/// | Latin word space | its font's space | ¼–½ em |
/// | empty half of a mark | as compression left it | down to none (½ em mark) |
/// | a single mark mid-line | 1 em | up to 1½ em, used last (`gridExpansion`) |
///
/// A run with the space on both sides can therefore absorb anything from ¼ to 1¼ em,
/// a whole em of play, so the next Han character always reaches a grid position; a
/// run followed by a mark (65.7%，) gets the same play from the mark's empty half.
/// The grid position nearest to the nominal widths is taken. Where the bounds cannot
/// reach a grid position (two marks in a row, 1.5 em), that character stays off
/// the grid and the next run or mark restores it.
///
/// The line's end is the last constraint: a justified line ends exactly at the
/// measure, preferring a line-end mark at ½ em (GB/T 15834) whenever the flexible
/// elements after the last Han character can take the other half (part 2 of the
/// issue); else the mark keeps its full em. When no choice of grid positions makes
/// the line flush, the line is justified the usual way (`Justification`), off grid.
struct GridAdjustment {
    /// Empty halves taken off (points), the Han–Latin space after the atom (points),
    /// and the change of a word space's width.
    var shrinkL = 0.0, shrinkR = 0.0, gap = 0.0, space = 0.0
}

/// Han–Latin space bounds as multiples of the style's nominal space.
enum GridBounds {
    static let hanLatinMin = 0.5, hanLatinMax = 2.5
}

extension LineBreaker {
    /// Every Han character of the line [s, e) starts a whole number of em from the
    /// line's left edge at natural widths.
    func naturalIsOnGrid(start s: Int, end e: Int, indent: Double) -> Bool {
        var x = indent
        for i in s..<e {
            if p.atoms[i].cls == .han {
                // (The distance to the nearest whole number, as `abs(cells - cells.rounded())`
                // without libm's `round`.)
                let cells = x / em
                let f = cells - Double(floorInt(cells))
                if min(f, 1 - f) > 1e-9 { return false }
            }
            x += natural(i, start: s, end: e)
        }
        return true
    }

    /// Grid positions for the line [s, e): per-atom adjustments, or nil when the line
    /// cannot be set flush with its Han characters on the grid.
    func gridPlan(start s: Int, end e: Int, width: Double, indent: Double, justify: Bool, hyphen: Bool) -> [GridAdjustment]? {
        let count = e - s
        guard count > 0 else { return nil }
        let E = em
        let eps = 1e-6
        // Per atom: fixed width and flexible range (relative to nominal). Fields are
        // read one by one (copying an Atom retains its text: this runs per line).
        let flex = [GridFlex](unsafeUninitializedCapacity: count) { buf, n in
            for k in 0..<count { (buf.baseAddress! + k).initialize(to: gridFlex(s + k, start: s, end: e, hyphen: hyphen)) }
            n = count
        }
        // Segments between kept anchors: a forward pass over reachable grid cells.
        // Layer j (states[layerStart[j]..<layerStart[j+1]]) holds the reachable cells
        // of the j-th kept anchor with their cost (distance from the nominal widths,
        // in em) and the state they came from; layer 0 is the line start.
        struct State { var cell: Int; var cost: Double; var from: Int }
        // (Reserved before the first append: a literal and then `reserveCapacity`
        // allocate twice.)
        var states: [State] = []
        states.reserveCapacity(4 * count)
        states.append(State(cell: Int.min, cost: 0, from: -1))
        var layerStart: [Int] = []
        layerStart.reserveCapacity(count + 2)
        layerStart.append(0); layerStart.append(1)
        // Kept anchors (atom offsets in the line) and, once the best is found, the cell
        // each one takes.
        var keptAnchors: [(anchor: Int, cell: Int)] = []
        keptAnchors.reserveCapacity(count)
        var segFixed = 0.0, segNom = 0.0, segLo = 0.0, segHi = 0.0
        // Cells are half ems: a Han character may have to sit half an em off the grid
        // (a line that must squeeze a mark with nothing to restore it); each one
        // that does costs far more than any flexing, so the fewest do.
        let H = E / 2
        let offGridCost = 100.0
        func base(_ st: State) -> Double { st.cell == Int.min ? indent : Double(st.cell) * H }
        for k in 0..<count {
            if k > 0 && isGridAnchor(s + k) {
                let prev = layerStart[layerStart.count - 2]..<layerStart[layerStart.count - 1]
                let newStart = states.count
                for si in prev {
                    let st = states[si]
                    let b = base(st)
                    let first = ceilInt((b + segFixed + segLo - eps) / H)
                    let lastCell = floorInt((b + segFixed + segHi + eps) / H)
                    if first > lastCell { continue }
                    for c in first...lastCell {
                        let cost = st.cost + abs(Double(c) * H - (b + segFixed + segNom)) / E + (c & 1 == 0 ? 0 : offGridCost)
                        // (The cell's state in this layer if it has one: a plain scan, in
                        // the order the states were added.)
                        var j = newStart
                        while j < states.count && states[j].cell != c { j += 1 }
                        if j < states.count {
                            if cost < states[j].cost - 1e-12 { states[j] = State(cell: c, cost: cost, from: si) }
                        } else {
                            states.append(State(cell: c, cost: cost, from: si))
                        }
                    }
                }
                if states.count > newStart {
                    layerStart.append(states.count)
                    keptAnchors.append((k, 0))
                    segFixed = 0; segNom = 0; segLo = 0; segHi = 0
                }
                // else: anchor k cannot reach the grid; it joins the next segment.
            }
            segFixed += flex[k].fixed; segNom += flex[k].nom; segLo += flex[k].lo; segHi += flex[k].hi
        }
        // The final segment: flush at the measure (justified) or natural (last line),
        // preferring the line-end mark at ½ em (its half is free, other changes cost).
        // When no grid position of the last anchor allows that, the anchors before
        // are tried in turn: the characters after it stay off the grid.
        let endMarkHalf = p.atoms[e - 1].cls.isCompressibleMark ? flex[count - 1].nom - flex[count - 1].lo : 0
        var bestIndex = -1, bestCost = Double.infinity, bestSpan = 0.0
        var layer = layerStart.count - 2
        while layer >= 0 {
            if layer < layerStart.count - 2 {
                // Extend the final segment back over the anchor given up: it now starts
                // at layer's anchor (the line start for layer 0).
                let from = layer == 0 ? 0 : keptAnchors[layer - 1].anchor, to = keptAnchors[layer].anchor
                for k in from..<to { segFixed += flex[k].fixed; segNom += flex[k].nom; segLo += flex[k].lo; segHi += flex[k].hi }
            }
            for si in layerStart[layer]..<layerStart[layer + 1] {
                let st = states[si]
                let b = base(st)
                let span: Double
                if justify {
                    span = width - b
                    guard span >= segFixed + segLo - eps, span <= segFixed + segHi + eps else { continue }
                } else {
                    span = min(segFixed + segNom, width - b)
                    guard span >= segFixed + segLo - eps else { continue }
                }
                let cost = st.cost + abs(span - (segFixed + segNom - endMarkHalf)) / E
                if cost < bestCost - 1e-12 { bestCost = cost; bestIndex = si; bestSpan = span }
            }
            if bestIndex >= 0 { break }
            layer -= 1
        }
        guard bestIndex >= 0 else { return nil }
        keptAnchors.removeLast(keptAnchors.count - layer)
        // Walk back: the cell of each kept anchor.
        var si = bestIndex
        for j in stride(from: keptAnchors.count, through: 1, by: -1) {
            keptAnchors[j - 1].cell = states[si].cell
            si = states[si].from
        }
        // Spread each segment's difference from nominal over its flexible elements.
        var out = filledArray(repeating: GridAdjustment(), count: count)
        var amount = filledArray(repeating: 0 as Double, count: count)
        var segStart = 0
        var x = indent
        for j in 0...keptAnchors.count {
            let segEnd = j < keptAnchors.count ? keptAnchors[j].anchor : count
            let span = j < keptAnchors.count ? Double(keptAnchors[j].cell) * H - x : bestSpan
            var f = 0.0, n = 0.0
            for k in segStart..<segEnd { f += flex[k].fixed; n += flex[k].nom }
            var delta = span - (f + n)
            if j == keptAnchors.count && delta < 0 && endMarkHalf > 0 {
                // The line-end mark gives its half first (clreq's shrink order).
                let take = min(-delta, endMarkHalf)
                amount[count - 1] -= take
                delta += take
            }
            // Stretch first without widening marks beyond their em, then with it.
            for phase in 0..<2 where abs(delta) > 1e-9 && (delta > 0 || phase == 0) {
                func room(_ k: Int) -> Double {
                    if delta < 0 { return max(0, flex[k].nom + amount[k] - flex[k].lo) }
                    return max(0, flex[k].hi - (phase == 0 ? flex[k].extra : 0) - flex[k].nom - amount[k])
                }
                var capacity = 0.0
                for k in segStart..<segEnd { capacity += room(k) }
                if capacity > 1e-12 {
                    let ratio = min(1, abs(delta) / capacity)
                    var moved = 0.0
                    for k in segStart..<segEnd {
                        let r = room(k) * ratio
                        amount[k] += delta < 0 ? -r : r
                        moved += r
                    }
                    delta += delta < 0 ? moved : -moved
                }
            }
            for k in segStart..<segEnd {
                let i = s + k
                let cls = p.atoms[i].cls, gap = p.atoms[i].gap
                let d = amount[k]
                if cls.isCompressibleMark {
                    let q = parts(i, start: s, end: e)
                    // Negative removal gives a trimmed half back (a 2 em pair), then
                    // widens the mark on its empty side (`gridExpansion`).
                    let removed = -d
                    if removed >= 0 {
                        out[k].shrinkR = min(removed, q.canR)
                        out[k].shrinkL = removed - out[k].shrinkR
                    } else {
                        var give = -removed
                        let backR = min(give, q.trimR); give -= backR
                        let backL = min(give, q.trimL); give -= backL
                        out[k].shrinkR = -backR; out[k].shrinkL = -backL
                        if give > 1e-9 {
                            if cls.emptyLeft { out[k].shrinkL -= give } else { out[k].shrinkR -= give }
                        }
                    }
                } else if cls == .space && i != e - 1 {
                    out[k].space = d
                } else if gap > 0 && i != e - 1 {
                    out[k].gap = gap + d
                }
            }
            x += span
            segStart = segEnd
        }
        return out
    }
}
