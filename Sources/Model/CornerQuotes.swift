/// Corner quotes (「」『』) for Traditional Chinese, as Taiwan and Hong Kong papers
/// set quotations: a text transformation before composition, so the page and its
/// text layer carry the same marks.
///
/// “…” and ‘…’ (and straight " and ' used as quotes) are paired by nesting; the
/// outermost pair becomes 「…」, a pair inside it 『…』, one inside that 「…」
/// again. Corner brackets already in the text count in the nesting and stay as
/// written. An apostrophe between two letters (don't, don’t) is not a quote. A
/// paragraph (or headline, caption…) whose quotes do not pair up is left as
/// written and reported, with its file and line.
public enum CornerQuotes {
    /// A paragraph whose quotes could not be paired (left as written).
    public struct Unbalanced: Hashable, Sendable, CustomStringConvertible {
        public var path: String
        /// 1-based line of the paragraph in the source, when known.
        public var line: Int?
        /// Which part of the article (body, headline, kicker, caption…).
        public var part: String
        public var message: String
        public var description: String {
            (line.map { "\(path):\($0)" } ?? path) + ": \(part): \(message); its quotes are left as written"
        }
    }

    private enum Family { case double, single, corner, whiteCorner }

    /// The text with its quotes as corner brackets, or nil and why when they do not pair.
    public enum Outcome: Equatable, Sendable {
        case converted(String)
        case unbalanced(String)
    }

    public static func convert(_ text: String) -> Outcome {
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains(where: { "“”‘’\"'".unicodeScalars.contains($0) }) else { return .converted(text) }
        func letter(_ i: Int) -> Bool {
            i >= 0 && i < scalars.count && scalars[i].properties.isAlphabetic && scalars[i].value < 0x2E80
        }
        var stack: [(family: Family, index: Int, straight: Bool)] = []
        var depthAt: [Int: Int] = [:]          // index of a quote mark → nesting depth of its pair
        var openers = Set<Int>()
        for (i, c) in scalars.enumerated() {
            switch c {
            case "“": stack.append((.double, i, false))
            case "‘": stack.append((.single, i, false))
            case "「": stack.append((.corner, i, false))
            case "『": stack.append((.whiteCorner, i, false))
            case "”", "’", "」", "』":
                if c == "’" && letter(i - 1) && letter(i + 1) { continue }     // don’t
                let family: Family = c == "”" ? .double : c == "’" ? .single : c == "」" ? .corner : .whiteCorner
                guard let top = stack.last, top.family == family, !top.straight else {
                    return .unbalanced("closing \(c) at character \(i + 1) has no opening mark")
                }
                stack.removeLast()
                depthAt[top.index] = stack.count; depthAt[i] = stack.count; openers.insert(top.index)
            case "\"", "'":
                if c == "'" && letter(i - 1) && letter(i + 1) { continue }     // don't
                let family: Family = c == "\"" ? .double : .single
                if let top = stack.last, top.family == family, top.straight {
                    stack.removeLast()
                    depthAt[top.index] = stack.count; depthAt[i] = stack.count; openers.insert(top.index)
                } else {
                    stack.append((family, i, true))
                }
            default: continue
            }
        }
        if let open = stack.last {
            return .unbalanced("\(scalars[open.index]) at character \(open.index + 1) is never closed")
        }
        var out = String.UnicodeScalarView()
        for (i, c) in scalars.enumerated() {
            guard let depth = depthAt[i], c != "「", c != "」", c != "『", c != "』" else { out.append(c); continue }
            let opening = openers.contains(i)
            out.append(depth % 2 == 0 ? (opening ? "「" : "」") : (opening ? "『" : "』"))
        }
        return .converted(String(out))
    }

    /// The article with every part's quotes as corner brackets, and the parts left as written.
    public static func apply(to article: Article) -> (Article, [Unbalanced]) {
        var a = article
        var problems: [Unbalanced] = []
        func fix(_ text: String, part: String, line: Int? = nil) -> String {
            switch convert(text) {
            case let .converted(t): return t
            case let .unbalanced(why):
                problems.append(Unbalanced(path: article.sourcePath, line: line, part: part, message: why))
                return text
            }
        }
        a.kicker = a.kicker.map { fix($0, part: "kicker") }
        a.headline = a.headline.map { fix($0, part: "headline") }
        a.subhead = a.subhead.map { fix($0, part: "subhead") }
        a.byline = a.byline.map { fix($0, part: "byline") }
        a.pullQuote = a.pullQuote.map { fix($0, part: "pull quote") }
        a.photos = a.photos.map { p in var p = p; p.caption = fix(p.caption, part: "caption"); return p }
        a.body = a.body.map { block in
            switch block {
            case let .subhead(t, line): return .subhead(fix(t, part: "subhead", line: line), line: line)
            case let .paragraph(runs, line):
                // Pair across the paragraph's runs (a quote may open in bold and close
                // in regular text), then cut the result back at the same places.
                let joined = runs.map(\.text).joined()
                let fixed = Array(fix(joined, part: "paragraph", line: line).unicodeScalars)
                var k = 0
                let out = runs.map { r -> InlineRun in
                    let n = r.text.unicodeScalars.count
                    var s = String.UnicodeScalarView(); s.append(contentsOf: fixed[k..<(k + n)]); k += n
                    return InlineRun(String(s), r.emphasis)
                }
                return .paragraph(out, line: line)
            }
        }
        return (a, problems)
    }
}
