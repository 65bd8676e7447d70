import Composer
import Interop

/// The cells of a vertical line on the page's baseline grid (竖排 on the grid).
///
/// A page set by Founder FIT keeps a vertical block on the same grid as the
/// horizontal text beside it: the characters down a vertical line stand in cells that
/// line up with the page's grid rows. The composer breaks and justifies a vertical
/// line on its own em grid (one em per Han character, marks compressed in halves);
/// this maps that em grid onto cells of the page grid.
///
/// The rule: the cell is `pitch × m / n` for the smallest `n` (1…4), then the
/// smallest `m`, that gives a cell from the style's em to 1¼ em (at most ¼ em of
/// space between two characters). Every n-th cell then starts on a grid row, every
/// m-th row: an 11 pt face on a 13.5 pt grid takes one row per character (n = m = 1);
/// a 10 pt face on a 15 pt grid takes 10 pt cells, three characters to two rows. When
/// no such cell exists (a face larger than the grid allows) the cell is the em and
/// only the tier tops are on grid rows.
struct VerticalCells: Equatable {
    /// Cell pitch down the line (points) and the em the composer set the line in.
    let cell: Double
    let em: Double
    /// n characters take m grid rows (n = 0: not tied to the rows).
    let characters: Int
    let rows: Int

    init(cell: Double, em: Double, characters: Int, rows: Int) {
        self.cell = cell; self.em = em; self.characters = characters; self.rows = rows
    }

    init(em: Double, pitch: Double) {
        self.em = em
        for n in 1...4 {
            for m in 1...(4 * n) {
                let c = pitch * Double(m) / Double(n)
                if c >= em - 1e-9 && c <= 1.25 * em + 1e-9 {
                    cell = c; characters = n; rows = m
                    return
                }
            }
        }
        cell = em; characters = 0; rows = 0
    }

    var ratio: Double { cell / em }

    /// Cells whose count `n` of characters fills a whole number of grid rows, rounded
    /// down (a tier of `rows` grid rows holds this many characters).
    func cellsFitting(gridRows: Int, pitch: Double) -> Int {
        Int((Double(gridRows) * pitch / cell + 1e-6).rounded(.down))
    }

    /// The line with each cluster moved from its em position to its cell: a stretch
    /// [a, b) of the em line becomes [a·r, b·r) (r = cell / em) and what stands in it
    /// is centred there, so a Han character is centred in its cell and a compressed
    /// mark in its half cell. A rotated run (a Latin word, a long number) moves as a
    /// whole, its letters keeping their kerning; the widened space falls evenly
    /// before and after it.
    func apply(to line: ComposedLine) -> ComposedLine {
        let r = ratio
        guard abs(r - 1) > 1e-12 else { return line }
        var out = line
        // Units: a single cluster, or a maximal run of consecutive rotated clusters.
        var flat: [(run: Int, cluster: Int)] = []
        for (ri, run) in line.runs.enumerated() { for ci in run.clusters.indices { flat.append((ri, ci)) } }
        var i = 0
        while i < flat.count {
            var j = i + 1
            let first = line.runs[flat[i].run].clusters[flat[i].cluster]
            if first.orientation == .rotated {
                while j < flat.count, line.runs[flat[j].run].clusters[flat[j].cluster].orientation == .rotated { j += 1 }
            }
            let last = line.runs[flat[j - 1].run].clusters[flat[j - 1].cluster]
            let a = first.x, b = last.x + last.width
            // A hung mark (`½^`, `^`) starts where the line's last cell ends: its em box
            // stands in the room below the line, which is counted from there.
            let hung = j == flat.count && first.adjustment.hasSuffix("^")
            let start = hung ? a * r : a * r + (b - a) * (r - 1) / 2
            for k in i..<j {
                let (ri, ci) = flat[k]
                out.runs[ri].clusters[ci].x = start + (line.runs[ri].clusters[ci].x - a)
            }
            i = j
        }
        out.measure = line.measure * r
        out.usedWidth = line.usedWidth * r
        return out
    }
}
