import Foundation
import Interop

extension LineBreaker {
    /// Positions the atoms of a chosen line: justification by level, glyph shifts for
    /// left-compressed marks, notes for the dump.
    func build(_ c: LineChoice, start s: Int, width: Double, indent: Double) -> ComposedLine {
        let n = p.atoms.count
        let isFinal = c.end >= n
        let lineEnd = c.hang ? c.end - 1 : c.end
        let m = measure(start: s, end: lineEnd, indent: indent, hyphen: c.hyphen)
        let justify = style.align == .justify && !isFinal
        let j = Justification.solve(m, width: width, allowStretch: justify)
        // Most lines need nothing from the grid: at natural widths they already fill
        // the measure with every Han character on it (no allocation on that path).
        // (A line-end mark after a run or another mark may still get its ½ em there.)
        let endFixed = !p.atoms[lineEnd - 1].cls.isCompressibleMark || (lineEnd - 2 >= s && p.atoms[lineEnd - 2].cls == .han)
        let natural = endFixed && (justify ? abs(m.natural - width) < 1e-6 : m.natural <= width + 1e-6)
        let grid = gridMode && !(natural && naturalIsOnGrid(start: s, end: lineEnd, indent: indent))
            ? gridPlan(start: s, end: lineEnd, width: width, indent: indent, justify: justify, hyphen: c.hyphen) : nil
        var x = indent
        if !justify {
            var used = m.natural
            for level in 0..<8 { used -= m.shrink[level] * j.shrinkRatio[level] }
            switch style.align {
            case .center: x += max(0, width - used) / 2
            case .right: x += max(0, width - used)
            default: break
            }
        }
        var runs: [GlyphRun] = []
        var runFont: UInt16 = .max, runColor: UInt16 = .max
        func emit(_ cluster: LineCluster, _ a: Atom) {
            if a.font == runFont && a.color == runColor {
                runs[runs.count - 1].clusters.append(cluster)
            } else {
                runs.append(GlyphRun(font: p.fonts[Int(a.font)], color: p.colors[Int(a.color)], clusters: [cluster]))
                runFont = a.font; runColor = a.color
            }
        }
        for i in s..<lineEnd {
            let a = p.atoms[i]
            let q = parts(i, start: s, end: lineEnd)
            let last = i == lineEnd - 1
            let g = grid?[i - s]
            let shrinkL = g?.shrinkL ?? q.canL * j.shrinkRatio[ShrinkLevel.bracket]
            let shrinkR = g?.shrinkR ?? q.canR * j.shrinkRatio[last ? ShrinkLevel.lineEndMark : ShrinkLevel.forRightHalf(of: a.cls)]
            var w = q.box - q.trimL - q.trimR - shrinkL - shrinkR
            var note = ""
            if a.cls.isCompressibleMark {
                let styleL = a.cls.emptyLeft ? a.em - a.box : 0
                let styleR = a.cls.emptyRight ? a.em - a.box : 0
                note += removalNote(styleL + q.trimL + shrinkL, em: a.em, left: true)
                note += removalNote(styleR + q.trimR + shrinkR, em: a.em, left: false)
            }
            if a.cls == .space && !last {
                if let g { w += g.space } else {
                    w += -max(0, a.box - a.em / 4) * j.shrinkRatio[ShrinkLevel.wordSpace] + max(0, a.em / 2 - a.box) * j.stretchRatio[0]
                }
            }
            if !last {
                if a.gap > 0 {
                    let gw = g?.gap ?? a.gap - a.gap / 2 * j.shrinkRatio[ShrinkLevel.hanLatin] + hanLatinStretch(a.gap) * j.stretchRatio[1]
                    w += gw
                    note += abs(gw - 0.25 * a.em) < 1e-6 ? "+¼" : "+" + number(gw)
                }
                w += a.tracking
                var extra = 0.0
                if grid != nil {}
                else if isStretchableGap(i) { extra = j.perGap }
                else if a.cls == .latin && p.atoms[i + 1].cls == .latin { extra = j.perLetter }
                if extra > 0 {
                    w += extra
                    note += "~" + number(extra)
                }
            }
            var glyphs = Array(p.glyphs[Int(a.glyphStart)..<Int(a.glyphStart + a.glyphCount)])
            let shift = q.trimL + shrinkL
            if shift != 0 { for g in glyphs.indices { glyphs[g].xOffset -= shift } }
            if last && c.hyphen, let h = p.hyphens[Int(a.font)] {
                glyphs.append(h)
                w += h.advance
                note += "hy"
            }
            emit(LineCluster(text: a.text, x: x, width: w, glyphs: glyphs, adjustment: note, orientation: a.orientation), a)
            x += w
        }
        if c.hang {
            // The hanging mark keeps only its ink half, outside the measure.
            let a = p.atoms[lineEnd]
            let glyphs = Array(p.glyphs[Int(a.glyphStart)..<Int(a.glyphStart + a.glyphCount)])
            let w = a.box - a.trimL - (a.canR + a.trimR)
            emit(LineCluster(text: a.text, x: x, width: w, glyphs: glyphs, adjustment: "½^"), a)
            x += w
        }
        var line = ComposedLine(runs: runs, measure: width, usedWidth: x, isParagraphEnd: isFinal, em: p.em)
        line.vertical = style.vertical
        return line
    }

    /// Dump note for the empty half taken off a mark: `½` / `½l` for exactly half an
    /// em, `-0.250` / `-l0.250` for part of it.
    private func removalNote(_ removed: Double, em atomEm: Double, left: Bool) -> String {
        // A mark widened beyond its em on the grid: space added on that side.
        if removed < -1e-6 { return (left ? "wl" : "w") + number(-removed) }
        guard removed > 1e-6 else { return "" }
        if abs(removed - atomEm / 2) < 1e-6 { return left ? "½l" : "½" }
        return (left ? "-l" : "-") + number(removed)
    }

    /// A length in the paragraph's em, three decimals: the dump's unit.
    func number(_ v: Double) -> String {
        let r = (v / em * 1000).rounded() / 1000
        return String(format: "%.3f", r == 0 ? 0 : r)
    }
}
