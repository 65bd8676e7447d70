/// Clusters differing pixels into regions: connected components (8-neighbour) of the
/// non-empty cells of a `PixelDiff` grid. Working on cells rather than pixels keeps
/// this cheap and makes nearby glyph changes (one re-set word, a line) a single box,
/// while changes more than about a cell apart stay separate boxes.
enum Regions {
    static func cluster(_ diff: PixelDiff) -> [PixelBox] {
        let gw = diff.gridWidth, gh = diff.gridHeight
        var seen = [Bool](repeating: false, count: diff.cells.count)
        var regions: [PixelBox] = []
        var stack: [Int] = []
        for start in diff.cells.indices where !diff.cells[start].isEmpty && !seen[start] {
            var box = PixelBox.empty
            seen[start] = true
            stack.append(start)
            while let c = stack.popLast() {
                box.formUnion(diff.cells[c])
                let cx = c % gw, cy = c / gw
                for ny in max(0, cy - 1)...min(gh - 1, cy + 1) {
                    for nx in max(0, cx - 1)...min(gw - 1, cx + 1) {
                        let n = ny * gw + nx
                        if !seen[n] && !diff.cells[n].isEmpty {
                            seen[n] = true
                            stack.append(n)
                        }
                    }
                }
            }
            regions.append(box)
        }
        // Reading order: top to bottom, then left to right.
        return regions.sorted { ($0.minY, $0.minX) < ($1.minY, $1.minX) }
    }
}
