import Foundation
import Model

/// A page reference written in an article: `{page:ID}` becomes the number of the
/// page where story ID is set, so a teaser (导读) reads “详见第{page:04-discipline}版”
/// and stays right when the story moves to another page.
public struct CrossReference: Sendable, Codable, Hashable {
    /// The article holding the reference, and where in its file (name only, so
    /// manifests do not depend on where the issue lives).
    public var from: String
    public var file: String
    public var line: Int?
    /// The story referred to and the page it was resolved to.
    public var target: String
    public var page: Int
    /// The article file's full path, for error messages.
    public var path: String = ""
    enum CodingKeys: String, CodingKey { case from, file, line, target, page }
}

/// Resolves cross-page references: page numbers come from the issue's pages (the
/// slots and automatic lists say on which page each story is set), and after layout
/// every reference is checked against the laid-out pages.
public enum CrossReferences {
    static let opener = "{page:"

    /// Replaces every `{page:ID}` in the placed articles with ID's first page.
    /// A reference to an unknown story or to one on no page is an error naming the
    /// article file and line.
    public static func resolve(_ issue: Issue) throws -> (issue: Issue, references: [CrossReference]) {
        var firstPage: [String: Int] = [:]
        for page in issue.pages {
            for id in Array(page.placements.values) + page.autoArticles where firstPage[id] == nil {
                firstPage[id] = page.number
            }
        }
        var out = issue
        var refs: [CrossReference] = []
        for id in firstPage.keys.sorted() {
            guard var article = issue.articles[id] else { continue }
            var found: [CrossReference] = []
            func fill(_ text: String) throws -> String {
                // Most texts have no brace at all: a byte scan answers for them without
                // Foundation's search (60 k instructions a paragraph, 72 M for 16 pages).
                guard text.utf8.contains(UInt8(ascii: "{")), text.contains(opener) else { return text }
                var result = ""
                var rest = Substring(text)
                while let open = rest.range(of: opener) {
                    result += rest[..<open.lowerBound]
                    guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                        throw LayoutError.article(path: article.sourcePath, line: lineOf(String(rest[open.lowerBound...].prefix(12)), in: article.sourcePath),
                                                  message: "page reference '\(rest[open.lowerBound...].prefix(24))' has no closing }")
                    }
                    let target = rest[open.upperBound..<close].trimmingCharacters(in: .whitespaces)
                    let token = "\(opener)\(rest[open.upperBound..<close])}"
                    let line = lineOf(token, in: article.sourcePath)
                    guard issue.articles[target] != nil else {
                        throw LayoutError.article(path: article.sourcePath, line: line,
                                                  message: "page reference \(token): there is no article '\(target)' in this issue")
                    }
                    guard let page = firstPage[target] else {
                        throw LayoutError.article(path: article.sourcePath, line: line,
                                                  message: "page reference \(token): story '\(target)' is on no page of this issue (place it, or remove the reference)")
                    }
                    found.append(CrossReference(from: id, file: (article.sourcePath as NSString).lastPathComponent, line: line,
                                                target: target, page: page, path: article.sourcePath))
                    result += "\(page)"
                    rest = rest[rest.index(after: close)...]
                }
                return result + rest
            }
            article.kicker = try article.kicker.map(fill)
            article.headline = try article.headline.map(fill)
            article.subhead = try article.subhead.map(fill)
            article.photos = try article.photos.map { p in
                var p = p; p.caption = try fill(p.caption); p.credit = try p.credit.map(fill); return p
            }
            article.body = try article.body.map { block in
                switch block {
                case let .paragraph(runs, line):
                    return .paragraph(try runs.map { InlineRun(try fill($0.text), $0.emphasis) }, line: line)
                case let .subhead(text, line):
                    return .subhead(try fill(text), line: line)
                }
            }
            if !found.isEmpty { out.articles[id] = article; refs += found }
        }
        return (out, refs)
    }

    /// After layout: every referenced story is really set on the page its reference names.
    public static func verify(_ refs: [CrossReference], pages: [LaidOutPage]) throws {
        for r in refs {
            let setOn = pages.filter { p in p.copyfit.contains { $0.articleID == r.target } }.map(\.number)
            guard setOn.first == r.page else {
                let where_ = setOn.isEmpty ? "on no page" : "first on page \(setOn[0])"
                throw LayoutError.article(path: r.path, line: r.line,
                                          message: "page reference to '\(r.target)' says page \(r.page), but the story was laid out \(where_)")
            }
        }
    }

    /// The 1-based line of the file where `token` first occurs.
    static func lineOf(_ token: String, in path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains(token) {
            return i + 1
        }
        return nil
    }
}
