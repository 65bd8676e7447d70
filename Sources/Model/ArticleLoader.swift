import Foundation
import Yams

/// Loads an article file.
///
/// ## Article file format (`*.txt`, UTF-8)
///
/// ```text
/// ---
/// kicker: "滨湖街道："
/// headline: 用好为民平台解决民生问题
/// byline: 本报讯（记者张亚丹）
/// priority: 3
/// ---
/// 第一段……
///
/// **坚持系统推进，推动各方同向发力。**该区……
///
/// ## 小标题
/// ```
///
/// * The first line must be `---`; the YAML front matter runs to the next line
///   that is exactly `---` (trailing spaces allowed). Everything after it is the body.
/// * Front matter fields (any other key is an error naming the allowed ones):
///   - `headline` (required): a string, or a list of one or two strings (a
///     two-line headline). Empty headlines are errors.
///   - `kicker`: string, the line above the headline (引题).
///   - `subhead`: string, the line below the headline (副题).
///   - `byline`: string, the run-in dateline set before the first paragraph
///     (本报讯（记者张亚升）).
///   - `priority`: whole number ≥ 1, default 3 (1 = lead story).
///   - `photos`: list of maps with `file` (required; relative to the article's
///     folder), `caption` (required, non-empty) and `credit`. The file must exist
///     and, after resolving `..` and symlinks, lie inside the issue folder (the
///     folder holding issue.yaml; for a lone article, the article's own folder).
///     `Photo.path` is the absolute resolved path.
///   - `normalize-punctuation`: true/false, default true.
///   - `box`: true/false, default false: set the story in a framed box (sidebar).
///   - `pullquote`: string, a sentence of the body set large as a float the body
///     wraps around (引语); placed by the slot's `pullquote` (see TemplateLoader).
///   - `id`: string, default the file name without extension.
///   Null values (`subhead:` with nothing after it) count as not given.
/// * Body: paragraphs are separated by blank lines (whitespace-only lines count
///   as blank). Each line is trimmed (including ideographic spaces typed as an
///   indent); the lines of a paragraph are joined with no separator, because
///   Chinese has no spaces between words, except that a single space is put
///   between two lines when the last character of one and the first of the next
///   are both Latin letters or digits (English words broken across lines).
/// * `**…**` marks bold text anywhere in a paragraph (usually a run-in lead
///   phrase); a `**` without its partner is an error at the line of the opening
///   `**`. Bold may span lines of the same paragraph.
/// * A line starting with `## ` is an in-body subhead (a block of its own; it also
///   ends the paragraph before it). `**` markers in a subhead are dropped, since a
///   subhead has its own style.
/// * `Block` line numbers are 1-based lines of the file (a paragraph's is its
///   first line).
/// * Invalid UTF-8 is an error at the line of the first bad byte. A UTF-8 BOM is
///   ignored and CRLF line ends are accepted.
public enum ArticleLoader {
    public static let fields = ["id", "kicker", "headline", "subhead", "byline", "priority", "photos",
                                "normalize-punctuation", "box", "pullquote"]

    /// - Parameters:
    ///   - path: the article file.
    ///   - issueDirectory: photos must stay inside this folder; nil = the article's own folder.
    public static func load(path: String, issueDirectory: String? = nil) throws -> Article {
        try loadWithLocations(path: path, issueDirectory: issueDirectory).article
    }

    /// Parses article text (already read) as if it came from `path`.
    public static func parse(_ text: String, path: String, issueDirectory: String? = nil) throws -> Article {
        try parseWithLocations(text, path: path, issueDirectory: issueDirectory).article
    }

    /// Also returns the line of the `id` field, for the issue loader's duplicate-id error.
    static func loadWithLocations(path: String, issueDirectory: String?) throws -> (article: Article, idLine: Int?) {
        try parseWithLocations(TextFile.read(path), path: path, issueDirectory: issueDirectory)
    }

    static func parseWithLocations(_ text: String, path: String, issueDirectory: String?) throws -> (article: Article, idLine: Int?) {
        let lines = TextLines.lines(text)
        func isFence(_ l: String) -> Bool { TextLines.trimmed(l) == "---" }
        guard let first = lines.first, isFence(first) else {
            throw LoadError(file: path, line: 1, "an article must start with front matter: a first line '---', the fields, and a closing '---'")
        }
        guard let close = lines.indices.dropFirst().first(where: { isFence(lines[$0]) }) else {
            throw LoadError(file: path, line: 1, "front matter opened on line 1 is never closed with a '---' line")
        }
        // Front matter starts on file line 2: Yams' line 1 + offset 1.
        let doc = YAMLDoc(file: path, lineOffset: 1)
        let yaml = lines[1..<close].joined(separator: "\n")
        let fm = try doc.rootMap(doc.compose(yaml), what: "front matter", allowed: fields)

        let headline = try parseHeadline(fm, doc: doc, path: path)
        let id = try fm.text("id") ?? Paths.baseName(path)
        let articleDir = Paths.directory(path)
        let photos = try (fm.list("photos") ?? []).map {
            try parsePhoto($0, doc: doc, articleDir: articleDir, issueDir: issueDirectory ?? articleDir)
        }
        let article = Article(
            id: id, sourcePath: path,
            kicker: try fm.text("kicker"), headline: headline, subhead: try fm.text("subhead"),
            byline: try fm.text("byline"), priority: try fm.int("priority", min: 1) ?? 3, photos: photos,
            body: try parseBody(lines[(close + 1)...], firstLine: close + 2, path: path),
            normalizePunctuation: try fm.bool("normalize-punctuation") ?? true,
            boxed: try fm.bool("box") ?? false, pullQuote: try fm.text("pullquote"))
        return (article, fm.value("id").flatMap(doc.line))
    }

    static func parseHeadline(_ fm: YAMLMap, doc: YAMLDoc, path: String) throws -> [String] {
        guard let node = fm.value("headline") else {
            if fm.keyNode("headline") != nil { throw doc.error(fm.keyNode("headline"), "headline is empty") }
            throw LoadError(file: path, line: fm.line ?? 1, "missing required field 'headline'")
        }
        var parts: [(String, Node)]
        switch node {
        case let .scalar(s): parts = [(s.string, node)]
        case let .sequence(seq):
            parts = try seq.map { item in
                guard case let .scalar(s) = item, !isNull(item) else {
                    throw doc.error(item, "headline must be a string or a list of strings, got \(describe(item)) in the list")
                }
                return (s.string, item)
            }
            guard (1...2).contains(parts.count) else {
                throw doc.error(node, "headline must have one or two lines, got \(parts.count)")
            }
        case .mapping:
            throw doc.error(node, "headline must be a string or a list of strings, got a map")
        }
        return try parts.map { text, n in
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if t.isEmpty { throw doc.error(n, "headline is empty") }
            return t
        }
    }

    static func parsePhoto(_ node: Node, doc: YAMLDoc, articleDir: String, issueDir: String) throws -> Photo {
        let m = try YAMLMap(node, doc: doc, what: "photo", allowed: ["file", "caption", "credit"])
        let file = try m.required("file", m.text)
        let caption = try m.required("caption", m.text)
        let credit = try m.text("credit")
        let fileLine = m.lineOf("file")

        let real = try resolveInside(file, base: articleDir, issueDir: issueDir, what: "photo", doc: doc, line: fileLine)
        return Photo(path: real, caption: caption, credit: credit)
    }

    /// Resolves a file named in an article or issue file, refusing anything outside
    /// the issue folder (checked on the written path, then after symlinks).
    static func resolveInside(_ file: String, base: String, issueDir: String, what: String, doc: YAMLDoc, line: Int?) throws -> String {
        let joined = file.hasPrefix("/") ? file : Paths.join(base, file)
        let lexical = Paths.absolute(joined)
        guard let issueReal = Paths.real(issueDir) else {
            throw doc.error(line: line, "issue folder '\(issueDir)' does not exist")
        }
        // Check the written path first so `../../etc/passwd` is refused as an
        // escape even when it exists; then again after symlinks are resolved.
        let outside = "\(what) '\(file)' is outside the issue folder \(issueReal); \(what)s must be inside it"
        if !Paths.isInside(lexical, Paths.absolute(issueDir)) && !Paths.isInside(lexical, issueReal) {
            throw doc.error(line: line, outside)
        }
        guard let real = Paths.real(joined) else {
            throw doc.error(line: line, "\(what) file '\(file)' not found (looked for \(lexical))")
        }
        guard Paths.isInside(real, issueReal) else {
            throw doc.error(line: line, outside + " (it resolves to \(real))")
        }
        if Paths.isDirectory(real) {
            throw doc.error(line: line, "\(what) '\(file)' is a folder, not a file")
        }
        return real
    }

    // MARK: Body

    static func parseBody(_ lines: ArraySlice<String>, firstLine: Int, path: String) throws -> [Block] {
        var blocks: [Block] = []
        var para: [(text: String, line: Int)] = []
        func flush() throws {
            if !para.isEmpty { blocks.append(try paragraph(para, path: path)) }
            para = []
        }
        for (i, raw) in lines.enumerated() {
            let lineNo = firstLine + i
            let trimmed = TextLines.trimmed(raw)
            if trimmed.isEmpty {
                try flush()
            } else if raw.hasPrefix("## ") {
                try flush()
                let text = String(raw.dropFirst(3)).replacingOccurrences(of: "**", with: "")
                    .trimmingCharacters(in: .whitespaces)
                if text.isEmpty { throw LoadError(file: path, line: lineNo, "in-body subhead ('## ') has no text") }
                blocks.append(.subhead(text, line: lineNo))
            } else {
                para.append((trimmed, lineNo))
            }
        }
        try flush()
        return blocks
    }

    /// Latin letters (ASCII and Latin-1/Extended-A/B) and ASCII digits.
    static func isLatinAlphanumeric(_ c: Character) -> Bool {
        guard let u = c.unicodeScalars.first, c.unicodeScalars.count == 1 else { return false }
        if u.isASCII { return c.isLetter || c.isNumber }
        return (0xC0...0x24F).contains(u.value) && u.value != 0xD7 && u.value != 0xF7
    }

    static func paragraph(_ lines: [(text: String, line: Int)], path: String) throws -> Block {
        if !lines.contains(where: { $0.text.utf8.contains(UInt8(ascii: "*")) }) { return plainParagraph(lines) }
        return try markedParagraph(lines, path: path)
    }

    /// A paragraph that may have `**bold**` runs.
    static func markedParagraph(_ lines: [(text: String, line: Int)], path: String) throws -> Block {
        // Join, remembering the file line of every character for the `**` error.
        var chars: [Character] = []
        var lineOf: [Int] = []
        for (text, line) in lines {
            if let prev = chars.last(where: { $0 != "*" }), let next = text.first(where: { $0 != "*" }),
               isLatinAlphanumeric(prev), isLatinAlphanumeric(next) {
                chars.append(" "); lineOf.append(line)
            }
            chars.append(contentsOf: text)
            lineOf.append(contentsOf: repeatElement(line, count: text.count))
        }
        var runs: [InlineRun] = []
        var current = ""
        var bold = false
        var openedAt = 0
        func emit() {
            guard !current.isEmpty else { return }
            let e: Emphasis = bold ? .bold : .regular
            if let last = runs.last, last.emphasis == e { runs[runs.count - 1].text += current }
            else { runs.append(InlineRun(current, e)) }
            current = ""
        }
        var i = 0
        while i < chars.count {
            if chars[i] == "*", i + 1 < chars.count, chars[i + 1] == "*" {
                emit()
                bold.toggle()
                if bold { openedAt = lineOf[i] }
                i += 2
            } else {
                current.append(chars[i]); i += 1
            }
        }
        if bold {
            throw LoadError(file: path, line: openedAt, "'**' opens bold text that is never closed in this paragraph")
        }
        emit()
        return .paragraph(runs, line: lines[0].line)
    }

    /// A paragraph without `*`: its lines joined as `paragraph` joins them, in one regular
    /// run, without the character-by-character copy that finding `**` needs (most
    /// paragraphs have no bold, and that copy was most of the time spent loading an issue).
    static func plainParagraph(_ lines: [(text: String, line: Int)]) -> Block {
        var text = ""
        var last: Character?
        for (line, _) in lines {
            guard let first = line.first else { continue }
            if let last, isLatinAlphanumeric(last), isLatinAlphanumeric(first) { text += " " }
            text += line
            last = line.last
        }
        return .paragraph(text.isEmpty ? [] : [InlineRun(text, .regular)], line: lines[0].line)
    }
}
