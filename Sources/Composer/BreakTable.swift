import Interop
import Model

/// Where lines may end: kinsoku, the never-split units (—— ……, Latin words and
/// numbers with their signs and units) and Latin hyphenation points.
enum BreakTable {
    static func fill(_ items: inout ParagraphItems, level: KinsokuLevel, hyphenator: Hyphenator?) {
        let n = items.atoms.count
        guard n > 0 else { return }
        // (Through a buffer pointer: a write into the array checked its uniqueness per atom.)
        items.atoms.withUnsafeMutableBufferPointer { atoms in
            for i in 0..<(n - 1) {
                let a = atoms[i].cls, b = atoms[i + 1].cls
                let ok: Bool
                if b == .space {
                    ok = false                                  // a space stays with the word before it
                } else if a == .space {
                    ok = !Kinsoku.cannotStart(b, level: level)
                } else if a == .latin && b == .latin {
                    ok = atoms[i].word == atoms[i + 1].word && isExplicitHyphen(UnsafeBufferPointer(atoms), i)
                } else if (a == .dash && b == .dash) || (a == .ellipsis && b == .ellipsis) {
                    ok = false
                } else {
                    ok = !Kinsoku.cannotEnd(a, level: level) && !Kinsoku.cannotStart(b, level: level)
                }
                atoms[i].breakAfter = ok
            }
        }
        items.atoms[n - 1].breakAfter = true
        if let h = hyphenator {
            // Found on the atoms, then marked: writing while a copy of the array is
            // held would copy every atom of the paragraph.
            for i in hyphenationPoints(items.atoms, h) { items.atoms[i].hyphenAfter = true }
        }
    }

    /// `e-commerce`: a line may end after a hyphen that stands between letters.
    private static func isExplicitHyphen(_ atoms: UnsafeBufferPointer<Atom>, _ i: Int) -> Bool {
        guard atoms[i].text == "-", i > 0, i + 1 < atoms.count, atoms[i - 1].word == atoms[i].word,
              let p = atoms[i - 1].text.unicodeScalars.last, let q = atoms[i + 1].text.unicodeScalars.first else { return false }
        return p.properties.isAlphabetic && q.properties.isAlphabetic
    }

    /// Hyphenation points of each Latin word (letters only, leading and trailing
    /// punctuation stripped): the atoms after which the hyphen goes.
    private static func hyphenationPoints(_ atoms: [Atom], _ h: Hyphenator) -> [Int] {
        var points: [Int] = []
        var i = 0
        while i < atoms.count {
            guard atoms[i].cls == .latin else { i += 1; continue }
            var j = i + 1
            while j < atoms.count, atoms[j].cls == .latin, atoms[j].word == atoms[i].word { j += 1 }
            // [i, j) is one word; strip non-letters at both ends.
            var a = i, b = j
            while a < b, !isASCIILetter(atoms[a].text) { a += 1 }
            while b > a, !isASCIILetter(atoms[b - 1].text) { b -= 1 }
            // Only plain words: no brands or acronyms (inner capitals, ® ™, digits: PerfectEdge®, iPhone15).
            let plain = (i..<j).allSatisfy { k in k < a || k >= b || k == a || !isUppercase(atoms[k].text) }
                && (i..<j).allSatisfy { !isBrandSign(atoms[$0].text) }
            if plain, b - a >= 5, (a..<b).allSatisfy({ isASCIILetter(atoms[$0].text) }) {
                let word = (a..<b).map { atoms[$0].text }.joined()
                if word.count == b - a {
                    for p in h.breakPoints(word) where p > 0 && p < b - a { points.append(a + p - 1) }
                }
            }
            i = j
        }
        return points
    }

    /// ® ™ © (compared by scalar: a String comparison per Latin atom cost more than
    /// the rest of the break table).
    private static func isBrandSign(_ s: String) -> Bool {
        let u = s.unicodeScalars
        guard let f = u.first, f.value == 0xAE || f.value == 0x2122 || f.value == 0xA9 else { return false }
        return u.count == 1
    }

    private static func isUppercase(_ s: String) -> Bool {
        guard s.utf8.count == 1, let c = s.utf8.first else { return false }
        return c >= 65 && c <= 90
    }

    private static func isASCIILetter(_ s: String) -> Bool {
        guard s.utf8.count == 1, let c = s.utf8.first else { return false }
        return (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    }
}
