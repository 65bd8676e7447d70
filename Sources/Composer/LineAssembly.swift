import Foundation
import Interop

extension LineBreaker {
    /// Positions the atoms of a chosen line: justification by level, glyph shifts for
    /// left-compressed marks, notes for the dump.
    func build(_ c: LineChoice, start s: Int, width: Double, indent: Double) -> ComposedLine {
        let n = p.atoms.count
        let isFinal = c.end >= n
        let lineEnd = c.hang ? c.end - 1 : c.end
        // (From the total-fit prefix sums when the paragraph has them: constant time.)
        let m = lineEnd - s >= 2 && lineStartPart.count == n && lineEndPart.count == n + 1
            ? lineMeasure(s, lineEnd, indent: indent, hyphen: c.hyphen)
            : measure(start: s, end: lineEnd, indent: indent, hyphen: c.hyphen)
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
        // Clusters in line order; the runs of one font and colour are cut from them
        // at the end (a line of one run takes the array whole: an append into a run
        // inside the runs array checked two arrays per cluster).
        var clusters: [LineCluster] = []
        clusters.reserveCapacity(c.end - s)
        var runs: [GlyphRun] = []
        var runFont: UInt16 = .max, runColor: UInt16 = .max, runStart = 0
        // (`consuming`: the cluster moves into the array; a borrowed one was copied,
        // a retain and a release of its strings per cluster.)
        func emit(_ cluster: consuming LineCluster, font: UInt16, color: UInt16) {
            if font != runFont || color != runColor {
                if !clusters.isEmpty {
                    runs.append(GlyphRun(font: p.fonts[Int(runFont)], color: p.colors[Int(runColor)],
                                         clusters: Array(clusters[runStart...])))
                }
                runFont = font; runColor = color; runStart = clusters.count
            }
            clusters.append(cluster)
        }
        // The line's glyph store: the itemizer wrote each atom's glyphs after the
        // previous atom's, so a line's glyphs are one stretch of the paragraph's, copied
        // at once; a cluster's are its atom's range moved by `glyphBase`. Shifted marks
        // are adjusted in the copy; a hyphen is appended after the last cluster's.
        let glyphBase = p.atoms[s].glyphStart
        let glyphEnd = p.atoms[c.end - 1].glyphStart + p.atoms[c.end - 1].glyphCount
        var glyphs = Array(p.glyphs[Int(glyphBase)..<Int(glyphEnd)])
        // Atom fields are read in place (a copy of an Atom retains its text).
        for i in s..<lineEnd {
            let q = parts(i, start: s, end: lineEnd)
            let cls = p.atoms[i].cls, aEm = p.atoms[i].em, aBox = p.atoms[i].box, aGap = p.atoms[i].gap
            let aTracking = p.atoms[i].tracking, gStart = p.atoms[i].glyphStart, gCount = p.atoms[i].glyphCount, aFont = p.atoms[i].font
            let aColor = p.atoms[i].color, aOrientation = p.atoms[i].orientation
            let last = i == lineEnd - 1
            let g = grid?[i - s]
            let shrinkL = g?.shrinkL ?? q.canL * j.shrinkRatio[ShrinkLevel.bracket]
            let shrinkR = g?.shrinkR ?? q.canR * j.shrinkRatio[last ? ShrinkLevel.lineEndMark : ShrinkLevel.forRightHalf(of: cls)]
            // On the grid the line's measure counts the half the adjacent-mark rule took
            // off as stretch (`add`); a line the grid planner could not set is justified
            // plainly and must give that half back here, or it ends short.
            let giveL = grid == nil && gridMode && !last ? q.trimL * j.stretchRatio[1] : 0
            let giveR = grid == nil && gridMode && !last ? q.trimR * j.stretchRatio[1] : 0
            var w = q.box - q.trimL - q.trimR - shrinkL - shrinkR + giveL + giveR
            var note = ""
            if cls.isCompressibleMark {
                let styleL = cls.emptyLeft ? aEm - aBox : 0
                let styleR = cls.emptyRight ? aEm - aBox : 0
                let noteL = removalNote(styleL + q.trimL + shrinkL - giveL, em: aEm, left: true)
                // (A line-end mark's half taken by `line-end-mark: half` shows in q.box.)
                let noteR = removalNote(styleR + q.trimR + shrinkR - giveR + (aBox - q.box), em: aEm, left: false)
                // (Mostly one side or neither: no append of an empty string.)
                note = noteL.isEmpty ? noteR : noteR.isEmpty ? noteL : noteL + noteR
            }
            if cls == .space && !last {
                if let g { w += g.space } else {
                    w += -max(0, aBox - aEm / 4) * j.shrinkRatio[ShrinkLevel.wordSpace] + max(0, aEm / 2 - aBox) * j.stretchRatio[0]
                }
            }
            if !last {
                if aGap > 0 {
                    let gw = g?.gap ?? aGap - aGap / 2 * j.shrinkRatio[ShrinkLevel.hanLatin] + hanLatinStretch(aGap) * j.stretchRatio[1]
                    w += gw
                    appendNote(&note, abs(gw - 0.25 * aEm) < 1e-6 ? "+¼" : number(gw, after: "+"))
                }
                w += aTracking
                var extra = 0.0
                if grid != nil {}
                else if isStretchableGap(i) { extra = j.perGap }
                else if cls == .latin && p.atoms[i + 1].cls == .latin { extra = j.perLetter }
                if extra > 0 {
                    w += extra
                    appendNote(&note, number(extra, after: "~"))
                }
            }
            let shift = q.trimL + shrinkL - giveL
            // The cluster's glyphs in the line's store: a range, no array of its own.
            let glyphStart = gStart - glyphBase
            var glyphCount = gCount
            if shift != 0 { for g in Int(glyphStart)..<Int(glyphStart + gCount) { glyphs[g].xOffset -= shift } }
            if last && c.hyphen, let h = p.hyphens[Int(aFont)] {
                glyphs.append(h)   // (after this cluster's glyphs: it is the line's last)
                glyphCount += 1
                w += h.advance
                appendNote(&note, "hy")
            }
            // (The note moves into the cluster: a copy would be retained here and
            // released at the end of the iteration.)
            emit(LineCluster(text: atomText(i), x: x, width: w, glyphStart: glyphStart, glyphCount: glyphCount,
                             adjustment: consume note, orientation: aOrientation),
                 font: aFont, color: aColor)
            x += w
        }
        if c.hang {
            // The hanging mark keeps only its ink half, outside the measure (a mark
            // centred in its em box, zh-Hant in a vertical line, its whole em).
            let a = p.atoms[lineEnd]
            let glyphStart = a.glyphStart - glyphBase   // (in the copy: no hyphen on a line that hangs)
            let w = a.box - a.trimL - (a.canR + a.trimR)
            emit(LineCluster(text: a.text, x: x, width: w, glyphStart: glyphStart, glyphCount: a.glyphCount,
                             adjustment: w < a.em - 1e-9 ? "½^" : "^"),
                 font: a.font, color: a.color)
            x += w
        }
        if runs.isEmpty {
            if !clusters.isEmpty { runs = [GlyphRun(font: p.fonts[Int(runFont)], color: p.colors[Int(runColor)], clusters: clusters)] }
        } else {
            runs.append(GlyphRun(font: p.fonts[Int(runFont)], color: p.colors[Int(runColor)], clusters: Array(clusters[runStart...])))
        }
        var line = ComposedLine(runs: runs, glyphs: glyphs, measure: width, usedWidth: x, isParagraphEnd: isFinal, em: p.em)
        line.vertical = style.vertical
        return line
    }

    /// Atom i's text. (Read apart from the loop over a line's atoms: there, taking
    /// the text copied the whole Atom, with its other fields, for every cluster.)
    @inline(never)
    func atomText(_ i: Int) -> String { p.atoms[i].text }

    /// Dump note for the empty half taken off a mark: `½` / `½l` for exactly half an
    /// em, `-0.250` / `-l0.250` for part of it.
    private func removalNote(_ removed: Double, em atomEm: Double, left: Bool) -> String {
        // A mark widened beyond its em on the grid: space added on that side.
        if removed < -1e-6 { return number(-removed, after: left ? "wl" : "w") }
        guard removed > 1e-6 else { return "" }
        if abs(removed - atomEm / 2) < 1e-6 { return left ? "½l" : "½" }
        return number(removed, after: left ? "-l" : "-")
    }

    /// A length in the paragraph's em, three decimals: the dump's unit.
    func number(_ v: Double) -> String {
        thousandths(Int((v / em * 1000).rounded()))
    }

    /// `prefix + number(v)` written as one string (a concatenation cost a few
    /// hundred instructions per note).
    func number(_ v: Double, after prefix: StaticString) -> String {
        thousandths(Int((v / em * 1000).rounded()), after: prefix)
    }

    /// `note += s`, a plain assignment when the note is still empty (most are).
    @inline(__always)
    func appendNote(_ note: inout String, _ s: String) {
        if note.isEmpty { note = s } else { note += s }
    }
}

/// "%.3f" of n / 1000 without Foundation's formatter (notes are written for every
/// adjusted cluster of every line): "0.250", "-0.457", "1.000"; never "-0.000".
func thousandths(_ n: Int, after prefix: StaticString = "") -> String {
    let m = n < 0 ? -n : n
    // Written as UTF-8 straight into the (small) string: string interpolation and
    // concatenation cost several hundred instructions per note.
    return String(unsafeUninitializedCapacity: 32) { buf in
        var k = 0
        prefix.withUTF8Buffer { for b in $0 { buf[k] = b; k += 1 } }
        if n < 0 { buf[k] = UInt8(ascii: "-"); k += 1 }
        var whole = m / 1000
        var digits = 1
        while whole >= 10 { whole /= 10; digits += 1 }
        whole = m / 1000
        for d in stride(from: digits - 1, through: 0, by: -1) {
            buf[k + d] = UInt8(ascii: "0") + UInt8(whole % 10); whole /= 10
        }
        k += digits
        buf[k] = UInt8(ascii: ".")
        let frac = m % 1000
        buf[k + 1] = UInt8(ascii: "0") + UInt8(frac / 100)
        buf[k + 2] = UInt8(ascii: "0") + UInt8(frac / 10 % 10)
        buf[k + 3] = UInt8(ascii: "0") + UInt8(frac % 10)
        return k + 4
    }
}
