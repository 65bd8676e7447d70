/// Guillotine search for automatic placement.
///
/// The page is cut recursively, horizontally or vertically, into rectangles until
/// every rectangle holds one article (Strecker & Hennig's packing of articles with
/// several shape variants, restricted to guillotine cuts as real pages are). Each
/// cut hands the top (or left) part a set of articles none of which is less
/// important than any article of the bottom (or right) part, so importance runs
/// top to bottom and left to right. Regions free of obstacles depend only on their
/// size, so their best fill is computed once per (width, article set) for every
/// height by dynamic programming over heights (as Jacobs et al. choose templates
/// by dynamic programming); regions that hold a banner are solved by position with
/// memoised branch-and-bound on top of that.
struct PlacementSearch {
    static let infinity = Int.max / 4

    struct Item {
        /// Order key: the lead is 0, then priority; equal keys may go either way.
        var rank: Int
        /// Shape options by width (index = columns); nil where the article cannot go.
        var options: [ShapeOption?]
        var isLead: Bool
        /// Lower bound of cells the article covers (smallest module).
        var minArea: Int
        /// Upper bound of cells it can fill without leaving any empty.
        var maxUseful: Int
    }

    struct Obstacle { var column: Int, columns: Int, line: Int, lines: Int }

    struct Leaf: Hashable { var item: Int, column: Int, columns: Int, line: Int, lines: Int }

    let items: [Item]
    let columns: Int
    let lines: Int
    let obstacles: [Obstacle]
    let cellCost = ShapeCatalog.cellCost

    /// Per article set (bit mask): members, smallest total area, most fillable cells.
    /// Precomputed because the search asks for them millions of times.
    let membersOf: [[Int]]
    let minAreaOf: [Int]
    let maxUsefulOf: [Int]
    let leadMask: Int

    init(items: [Item], columns: Int, lines: Int, obstacles: [Obstacle]) {
        self.items = items; self.columns = columns; self.lines = lines; self.obstacles = obstacles
        let count = 1 << items.count
        var members = [[Int]](repeating: [], count: count)
        var minArea = [Int](repeating: 0, count: count)
        var maxUseful = [Int](repeating: 0, count: count)
        for set in 1..<count {
            let low = set.trailingZeroBitCount
            let rest = set & (set - 1)
            members[set] = [low] + members[rest]
            minArea[set] = minArea[rest] + items[low].minArea
            maxUseful[set] = maxUseful[rest] + items[low].maxUseful
        }
        membersOf = members; minAreaOf = minArea; maxUsefulOf = maxUseful
        leadMask = items.indices.filter { items[$0].isLead }.reduce(0) { $0 | (1 << $1) }
    }

    // MARK: Tables

    /// A stacked or side-by-side choice for a block of one height.
    enum BlockChoice: Equatable {
        case none
        case leaf
        case stack(top: Int, topLines: Int)          // top set, its height
        case sideBySide(left: Int, leftColumns: Int)  // left set, its width
        case pad                                      // the block one line shorter, bottom modules one line deeper
    }

    final class BlockTable {
        var cost: [Int]
        var choice: [BlockChoice]
        var lowest: Int
        init(lines: Int) {
            cost = Array(repeating: PlacementSearch.infinity, count: lines + 1)
            choice = Array(repeating: .none, count: lines + 1)
            lowest = lines + 1
        }
    }

    enum RegionChoice: Equatable {
        case none
        case block
        case empty
        case horizontal(at: Int, top: Int)
        case vertical(at: Int, left: Int)
    }

    /// A region of the page and the articles it must hold. `cuts` says which cuts
    /// are still open: the top part of a horizontal cut is never cut horizontally
    /// again (nor the left part of a vertical cut vertically), because the same
    /// layout is reached by cutting the parent there; this keeps each layout to
    /// one cut tree and the search small.
    struct RegionKey: Hashable {
        var column: Int, line: Int, columns: Int, lines: Int, set: Int
        var cuts: Int = RegionKey.both
        static let horizontal = 1, vertical = 2, both = 3
        var packed: Int { (((((set << 2 | cuts) << 10 | line) << 10 | lines) << 6 | column) << 6) | columns }
    }

    /// Memo tables of one search.
    final class State {
        var blocks: [Int: BlockTable] = [:]
        var regions: [Int: (cost: Int, choice: RegionChoice)] = [:]
        var splits: [Int: [Int]] = [:]
        var evaluations = 0
    }

    // MARK: Set helpers

    func members(_ set: Int) -> [Int] { membersOf[set] }
    func minArea(_ set: Int) -> Int { minAreaOf[set] }
    func maxUseful(_ set: Int) -> Int { maxUsefulOf[set] }

    /// Every way to cut `set` into a first part (top or left) and a second part, both
    /// non-empty, where no article of the first part ranks below one of the second.
    func splits(_ set: Int, _ state: State) -> [Int] {
        if let s = state.splits[set] { return s }
        let m = members(set)
        let ranks = Array(Set(m.map { items[$0].rank })).sorted()
        var out: [Int] = []
        var seen = Set<Int>()
        for r in ranks {
            let below = m.filter { items[$0].rank < r }.reduce(0) { $0 | (1 << $1) }
            let level = m.filter { items[$0].rank == r }
            // Subsets of the boundary rank, in a fixed order for determinism.
            for bits in 0..<(1 << level.count) {
                var first = below
                for (j, i) in level.enumerated() where bits & (1 << j) != 0 { first |= 1 << i }
                if first == 0 || first == set || seen.contains(first) { continue }
                seen.insert(first)
                out.append(first)
            }
        }
        state.splits[set] = out
        return out
    }

    // MARK: Blocks (regions without obstacles)

    /// Best fill of a `width`-column block for every height, holding exactly `set`.
    func block(_ width: Int, _ set: Int, _ state: State) -> BlockTable {
        let key = set << 8 | width
        if let t = state.blocks[key] { return t }
        let t = BlockTable(lines: lines)
        state.blocks[key] = t
        let ms = members(set)
        if minArea(set) > width * lines { return t }
        if ms.count == 1, let o = items[ms[0]].options[width] {
            for n in o.minLines...min(o.maxLines, lines) where o.cost(lines: n) < t.cost[n] {
                t.cost[n] = o.cost(lines: n); t.choice[n] = .leaf
            }
        }
        if ms.count > 1 {
            for first in splits(set, state) {
                let second = set & ~first
                // Side by side.
                if width > 1 {
                    for w1 in 1..<width {
                        let a = block(w1, first, state), b = block(width - w1, second, state)
                        let lo = max(a.lowest, b.lowest)
                        if lo > lines { continue }
                        for h in lo...lines {
                            let c = a.cost[h] + b.cost[h]
                            if c < t.cost[h] { t.cost[h] = c; t.choice[h] = .sideBySide(left: first, leftColumns: w1) }
                        }
                    }
                }
                // Stacked.
                let a = block(width, first, state), b = block(width, second, state)
                if a.lowest + b.lowest > lines { continue }
                for h1 in a.lowest...(lines - b.lowest) {
                    let ca = a.cost[h1]
                    if ca >= Self.infinity { continue }
                    for h2 in b.lowest...(lines - h1) {
                        let c = ca + b.cost[h2]
                        if c < t.cost[h1 + h2] { t.cost[h1 + h2] = c; t.choice[h1 + h2] = .stack(top: first, topLines: h1) }
                    }
                }
                state.evaluations += 1
            }
        }
        // A deeper block can always leave its bottom line empty (modules one line deeper).
        if lines >= 1 {
            for h in 1...lines where t.cost[h - 1] < Self.infinity && t.cost[h - 1] + width * cellCost < t.cost[h] {
                t.cost[h] = t.cost[h - 1] + width * cellCost; t.choice[h] = .pad
            }
        }
        t.lowest = t.cost.firstIndex { $0 < Self.infinity } ?? lines + 1
        return t
    }

    // MARK: Regions (by position, may hold obstacles)

    func obstacleCells(column: Int, line: Int, columns w: Int, lines h: Int) -> (cells: Int, straddles: Bool) {
        var cells = 0
        var straddles = false
        for o in obstacles {
            let c0 = max(column, o.column), c1 = min(column + w, o.column + o.columns)
            let l0 = max(line, o.line), l1 = min(line + h, o.line + o.lines)
            guard c0 < c1, l0 < l1 else { continue }
            cells += (c1 - c0) * (l1 - l0)
            if (c1 - c0) * (l1 - l0) != o.columns * o.lines { straddles = true }
        }
        return (cells, straddles)
    }

    func containsLead(_ set: Int) -> Bool { set & leadMask != 0 }

    /// Cheap lower bound on the cost of a region, or infinity when it cannot hold the set.
    func lowerBound(_ k: RegionKey) -> Int {
        let free = k.columns * k.lines - obstacleCells(column: k.column, line: k.line, columns: k.columns, lines: k.lines).cells
        if k.set == 0 { return free * cellCost }
        if minArea(k.set) > free { return Self.infinity }
        if k.line > 0 && containsLead(k.set) { return Self.infinity }
        return max(0, free - maxUseful(k.set)) * cellCost
    }

    /// Best fill of the region holding exactly `set`; modules never cover an obstacle.
    func region(_ k: RegionKey, _ state: State) -> Int {
        let key = k.packed
        if let r = state.regions[key] { return r.cost }
        let obs = obstacleCells(column: k.column, line: k.line, columns: k.columns, lines: k.lines)
        var best = Self.infinity
        var choice = RegionChoice.none
        if k.set == 0 {
            best = (k.columns * k.lines - obs.cells) * cellCost; choice = .empty
        } else if obs.cells == 0 {
            // The lead must start at the top of the page.
            if !(k.line > 0 && containsLead(k.set)) {
                best = block(k.columns, k.set, state).cost[k.lines]; choice = .block
            }
        } else if lowerBound(k) < Self.infinity {
            let firsts = [0] + splits(k.set, state) + [k.set]
            func consider(_ a: RegionKey, _ b: RegionKey, _ c: RegionChoice) {
                let la = lowerBound(a)
                if la >= best { return }
                let lb = lowerBound(b)
                if la + lb >= best { return }
                let ca = region(a, state)
                if ca + lb >= best { return }
                let cb = region(b, state)
                if ca + cb < best { best = ca + cb; choice = c }
            }
            if k.cuts & RegionKey.horizontal != 0 {
                for y in 1..<max(1, k.lines) {
                    if obstacleCells(column: k.column, line: k.line, columns: k.columns, lines: y).straddles { continue }
                    for first in firsts {
                        consider(RegionKey(column: k.column, line: k.line, columns: k.columns, lines: y, set: first,
                                           cuts: RegionKey.vertical),
                                 RegionKey(column: k.column, line: k.line + y, columns: k.columns, lines: k.lines - y,
                                           set: k.set & ~first),
                                 .horizontal(at: y, top: first))
                    }
                }
            }
            if k.cuts & RegionKey.vertical != 0 && k.columns > 1 {
                for x in 1..<k.columns {
                    if obstacleCells(column: k.column, line: k.line, columns: x, lines: k.lines).straddles { continue }
                    for first in firsts {
                        consider(RegionKey(column: k.column, line: k.line, columns: x, lines: k.lines, set: first,
                                           cuts: RegionKey.horizontal),
                                 RegionKey(column: k.column + x, line: k.line, columns: k.columns - x, lines: k.lines,
                                           set: k.set & ~first),
                                 .vertical(at: x, left: first))
                    }
                }
            }
        }
        state.regions[key] = (best, choice)
        return best
    }

    // MARK: Reading the answer back

    func leaves(region k: RegionKey, _ state: State) -> [Leaf] {
        guard let r = state.regions[k.packed] else { return [] }
        switch r.choice {
        case .none, .empty: return []
        case .block: return leaves(block: k.set, column: k.column, line: k.line, columns: k.columns, lines: k.lines, state)
        case let .horizontal(y, first):
            return leaves(region: RegionKey(column: k.column, line: k.line, columns: k.columns, lines: y, set: first,
                                            cuts: RegionKey.vertical), state) +
                leaves(region: RegionKey(column: k.column, line: k.line + y, columns: k.columns, lines: k.lines - y,
                                         set: k.set & ~first), state)
        case let .vertical(x, first):
            return leaves(region: RegionKey(column: k.column, line: k.line, columns: x, lines: k.lines, set: first,
                                            cuts: RegionKey.horizontal), state) +
                leaves(region: RegionKey(column: k.column + x, line: k.line, columns: k.columns - x, lines: k.lines,
                                         set: k.set & ~first), state)
        }
    }

    func leaves(block set: Int, column: Int, line: Int, columns: Int, lines h: Int, _ state: State) -> [Leaf] {
        let t = block(columns, set, state)
        switch t.choice[h] {
        case .none: return []
        case .leaf: return [Leaf(item: members(set)[0], column: column, columns: columns, line: line, lines: h)]
        case let .stack(first, h1):
            return leaves(block: first, column: column, line: line, columns: columns, lines: h1, state) +
                leaves(block: set & ~first, column: column, line: line + h1, columns: columns, lines: h - h1, state)
        case let .sideBySide(first, w1):
            return leaves(block: first, column: column, line: line, columns: w1, lines: h, state) +
                leaves(block: set & ~first, column: column + w1, line: line, columns: columns - w1, lines: h, state)
        case .pad:
            // Modules along the bottom edge take the extra line (they span the block's width).
            return leaves(block: set, column: column, line: line, columns: columns, lines: h - 1, state).map {
                var l = $0
                if l.line + l.lines == line + h - 1 { l.lines += 1 }
                return l
            }
        }
    }

    /// Best placement of every item on the whole page, or nil when none exists.
    func solve() -> (cost: Int, leaves: [Leaf], evaluations: Int)? {
        let state = State()
        let all = (1 << items.count) - 1
        let page = RegionKey(column: 0, line: 0, columns: columns, lines: lines, set: all)
        let cost = region(page, state)
        guard cost < Self.infinity else { return nil }
        return (cost, leaves(region: page, state), state.evaluations)
    }
}
