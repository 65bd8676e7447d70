/// Turns ASCII punctuation typed in Chinese text into the full-width marks the
/// composer's rules apply to (clreq: straight quotes in Chinese context are curly
/// quotes). Latin-context punctuation (1,000 3.5 3:30, English sentences,
/// apostrophes) is left alone. Spaces typed around a converted mark are dropped:
/// full-width marks carry their own space.
public enum PunctuationNormalizer {
    public static func normalize(_ s: String) -> String {
        let text = Array(s.unicodeScalars)
        guard text.contains(where: { isConvertible($0) }) else { return s }
        var out = String.UnicodeScalarView()
        var parens: [Bool] = []           // per open "(": was it converted?
        var doubleOpen: Bool? = nil       // inside "…": converted?
        var singleOpen: Bool? = nil
        var skipSpaces = false
        func chinese(_ c: Unicode.Scalar?) -> Bool { c.map { CharClass.of($0).isCJK } ?? false }
        func neighbour(_ i: Int, _ step: Int) -> Unicode.Scalar? {
            var j = i + step
            while j >= 0 && j < text.count && text[j] == " " { j += step }
            return j >= 0 && j < text.count ? text[j] : nil
        }
        func isDigit(_ c: Unicode.Scalar?) -> Bool { c.map { $0.properties.numericType != nil && $0.isASCII } ?? false }
        func isLetter(_ c: Unicode.Scalar?) -> Bool { c.map { $0.properties.isAlphabetic && CharClass.of($0) == .latin } ?? false }
        func emit(_ c: Unicode.Scalar) {
            while out.last == " " { out.removeLast() }
            out.append(c)
            skipSpaces = true
        }
        for (i, c) in text.enumerated() {
            if skipSpaces && c == " " { continue }
            skipSpaces = false
            let prev = neighbour(i, -1), next = neighbour(i, 1)
            let context = chinese(prev) || chinese(next)
            switch c {
            case ",", ";", ":", "?", "!":
                let betweenDigits = i > 0 && i + 1 < text.count && isDigit(text[i - 1]) && isDigit(text[i + 1])
                if context && !betweenDigits { emit(fullWidth(c)) } else { out.append(c) }
            case "(":
                parens.append(context)
                if context { emit("（") } else { out.append(c) }
            case ")":
                let converted = parens.popLast() ?? chinese(prev)
                if converted { emit("）") } else { out.append(c) }
            case "\"":
                if let open = doubleOpen {
                    if open { emit("”") } else { out.append(c) }
                    doubleOpen = nil
                } else {
                    doubleOpen = context
                    if context { emit("“") } else { out.append(c) }
                }
            case "'":
                let apostrophe = i > 0 && i + 1 < text.count && isLetter(text[i - 1]) && isLetter(text[i + 1])
                if apostrophe { out.append(c); break }
                if let open = singleOpen {
                    if open { emit("’") } else { out.append(c) }
                    singleOpen = nil
                } else {
                    singleOpen = context
                    if context { emit("‘") } else { out.append(c) }
                }
            default:
                out.append(c)
            }
        }
        return String(out)
    }

    private static func isConvertible(_ c: Unicode.Scalar) -> Bool {
        switch c { case ",", ";", ":", "?", "!", "(", ")", "\"", "'": return true; default: return false }
    }

    private static func fullWidth(_ c: Unicode.Scalar) -> Unicode.Scalar {
        switch c {
        case ",": return "，"
        case ";": return "；"
        case ":": return "："
        case "?": return "？"
        default: return "！"
        }
    }
}
