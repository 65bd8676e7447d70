import Composer

/// Pours composed body lines into the free grid cells of an article's columns.
///
/// Two rules shape the pour, as in a newspaper layout system:
/// - balancing: the columns end level (the shortest depth that holds everything)
///   instead of the last column running short;
/// - no paragraph leaves a single line alone at the bottom of a column (its first
///   line) or at the top of the next (its last line); the pour leaves the bottom
///   cell empty instead, and gives up that rule only when the text would not fit.
struct ColumnFlow {
    let lines: [ComposedLine]

    /// For each column, the (cell, line index) pairs it receives, in order.
    /// Lines that do not appear anywhere are overset.
    func pour(into free: [[Int]]) -> [[(Int, Int)]] {
        let capacity = free.reduce(0) { $0 + $1.count }
        let maxDepth = (free.compactMap(\.last).max() ?? -1) + 1
        if lines.count < capacity {
            // Shallowest depth at which the rule-keeping pour places every line.
            for depth in 0...maxDepth {
                let cut = free.map { $0.filter { $0 < depth } }
                guard cut.reduce(0, { $0 + $1.count }) >= lines.count else { continue }
                let (placed, result) = fill(cut, keepRules: true)
                if placed == lines.count { return result }
            }
        }
        let (placed, result) = fill(free, keepRules: true)
        if placed == min(lines.count, capacity) { return result }
        return fill(free, keepRules: false).1
    }

    private func isStart(_ i: Int) -> Bool { i == 0 || lines[i - 1].isParagraphEnd }
    private func isEnd(_ i: Int) -> Bool { lines[i].isParagraphEnd }

    private func fill(_ columns: [[Int]], keepRules: Bool) -> (Int, [[(Int, Int)]]) {
        var next = 0
        var out: [[(Int, Int)]] = []
        for (c, cells) in columns.enumerated() {
            var col: [(Int, Int)] = []
            let lastColumn = c == columns.count - 1
            for (p, cell) in cells.enumerated() where next < lines.count {
                let bottom = p == cells.count - 1
                if keepRules && bottom && !lastColumn {
                    // First line of a paragraph alone at the bottom: move it over.
                    if isStart(next) && !isEnd(next) { break }
                    // Last line of a paragraph would start the next column alone.
                    if next + 1 < lines.count && !isEnd(next) && isEnd(next + 1) && !isStart(next) { break }
                }
                col.append((cell, next))
                next += 1
            }
            out.append(col)
        }
        return (next, out)
    }
}
