import Foundation
import Yams

/// Loads an issue: the issue file, its templates and its articles.
///
/// ## Issue file format (`issue.yaml`)
///
/// ```yaml
/// newspaper: 平顶山日报           # required string
/// date: 2024-01-12               # required, YYYY-MM-DD, a real calendar date
/// number: 12345                  # required whole number (总第N期)
/// pages:                         # required, non-empty list
///   - number: 5                  # required whole number ≥ 1, unique in the issue
///     template: broadsheet-6col  # required; Layouts/broadsheet-6col.yaml
///     section: 示范区新闻          # optional, default ""
///     editor: 张三                # optional
///     proofreader: 李四           # optional
///     slots:                     # slot name (from the template) → article id
///       lead: 01-economy
///       second: 04-discipline
///     ads:                       # slot → advertisement (PDF placed as vectors, or JPEG/PNG)
///       ad: ads/subscribe.pdf
///   - number: 4
///     template: broadsheet-auto
///     articles: [05-returnees, 01-economy]   # instead of slots: placed automatically
/// ```
///
/// * An article listed on a later page as well continues there: the text that
///   does not fit on the first page jumps (续转) to the later one.
///
/// * Articles are the `*.txt` files in the issue file's folder (not subfolders),
///   all loaded (placed or not) with that folder as the issue folder for their
///   photos. An article's id is its file name without extension unless its
///   front matter sets `id`; two files with one id are an error.
/// * Errors name the issue file and the line: an article id with no file, a
///   slot name not in the page's template (listing its slots), an unknown
///   template (listing those in the layouts folder), an article placed twice on
///   one page. An article may appear on several pages (e.g. continued with a
///   jump), once per page. A slot written with no id (`ear:`) is left empty,
///   as is any template slot not listed.
/// * Unknown keys are errors.
public enum IssueLoader {
    public static func load(path: String, layoutsDirectory: String, fonts: FontConfig) throws -> Issue {
        let doc = YAMLDoc(file: path)
        let root = try doc.rootMap(doc.compose(TextFile.read(path)), what: "issue",
                                   allowed: ["newspaper", "date", "number", "pages", "output", "weather", "ears"])
        let newspaper = try root.required("newspaper", root.text)
        let date = try root.required("date", root.text)
        if !isValidDate(date) {
            throw doc.error(root.value("date"), "date must be a calendar date written YYYY-MM-DD, got '\(date)'")
        }
        let number = try root.required("number") { try root.int($0, min: 0) }

        let issueDir = Paths.directory(path)
        let articles = try loadArticles(in: issueDir)

        guard let pageNodes = try root.list("pages") else { throw root.missing("pages") }
        if pageNodes.isEmpty { throw doc.error(root.value("pages"), "pages is empty; an issue needs at least one page") }
        var templates: [String: PageTemplate] = [:]
        var pages: [IssuePage] = []
        var pageLines: [Int: Int?] = [:]
        for node in pageNodes {
            let p = try YAMLMap(node, doc: doc, what: "page",
                                allowed: ["number", "template", "section", "editor", "proofreader", "slots", "ads", "articles", "set"])
            let pageNumber = try p.required("number") { try p.int($0, min: 1) }
            if let first = pageLines[pageNumber] {
                throw doc.error(p.value("number"), "page \(pageNumber) is listed twice (first on line \(first.map(String.init) ?? "?"))")
            }
            pageLines[pageNumber] = p.lineOf("number")

            let templateName = try p.required("template", p.text)
            let template: PageTemplate
            if let t = templates[templateName] {
                template = t
            } else {
                let available = TemplateLoader.availableTemplates(in: layoutsDirectory)
                guard available.contains(templateName), !templateName.contains("/") else {
                    let list = available.isEmpty ? "none found in \(layoutsDirectory)" : available.joined(separator: ", ")
                    throw doc.error(p.value("template"), "unknown template '\(templateName)'; available templates: \(list)")
                }
                template = try TemplateLoader.load(name: templateName, layoutsDirectory: layoutsDirectory, fonts: fonts)
                templates[templateName] = template
            }

            var placements: [String: String] = [:]
            if let slots = try p.map("slots", what: "slots of page \(pageNumber)", allowed: nil) {
                var slotOf: [String: String] = [:]
                for (slotName, keyNode, value) in slots.entries {
                    guard template.slots.contains(where: { $0.name == slotName }) else {
                        throw doc.error(keyNode, "unknown slot '\(slotName)' in template \(templateName); slots are: \(template.slots.map(\.name).joined(separator: ", "))")
                    }
                    guard let id = try slots.text(slotName) else {
                        // An empty slot (`second:` with no id) is simply left unfilled.
                        continue
                    }
                    guard articles[id] != nil else {
                        throw doc.error(value, "no article '\(id)' in \(issueDir) (articles are: \(articles.keys.sorted().joined(separator: ", ")))")
                    }
                    if let other = slotOf[id] {
                        throw doc.error(value, "article '\(id)' is already placed in slot '\(other)' on page \(pageNumber); an article may appear only once per page")
                    }
                    slotOf[id] = slotName
                    placements[slotName] = id
                }
            }
            var ads: [String: String] = [:]
            if let adMap = try p.map("ads", what: "ads of page \(pageNumber)", allowed: nil) {
                for (slotName, keyNode, value) in adMap.entries {
                    guard template.slots.contains(where: { $0.name == slotName }) else {
                        throw doc.error(keyNode, "unknown slot '\(slotName)' for an ad in template \(templateName); slots are: \(template.slots.map(\.name).joined(separator: ", "))")
                    }
                    if let id = placements[slotName] {
                        throw doc.error(keyNode, "slot '\(slotName)' holds article '\(id)' and an ad; give the ad a slot of its own")
                    }
                    guard let file = try adMap.text(slotName) else { continue }
                    let ext = (file as NSString).pathExtension.lowercased()
                    guard ["pdf", "jpg", "jpeg", "png"].contains(ext) else {
                        throw doc.error(value, "ad '\(file)' must be a PDF, JPEG or PNG file")
                    }
                    ads[slotName] = try ArticleLoader.resolveInside(file, base: issueDir, issueDir: issueDir, what: "ad",
                                                                   doc: doc, line: doc.line(value))
                }
            }
            var auto: [String] = []
            if let list = try p.stringList("articles") {
                if !placements.isEmpty {
                    throw doc.error(p.value("articles"), "page \(pageNumber) has both slots and articles; list articles only for automatic placement")
                }
                for id in list where articles[id] == nil {
                    throw doc.error(p.value("articles"), "no article '\(id)' in \(issueDir) (articles are: \(articles.keys.sorted().joined(separator: ", ")))")
                }
                auto = list
            }
            let settings = try moduleSettings(p, pageNumber: pageNumber, listed: auto, doc: doc)
            pages.append(IssuePage(number: pageNumber, templateName: templateName, template: template,
                                   section: try p.text("section") ?? "", editor: try p.text("editor"),
                                   proofreader: try p.text("proofreader"), placements: placements,
                                   ads: ads, autoArticles: auto, moduleSettings: settings))
        }
        var issue = Issue(sourcePath: path, newspaper: newspaper, date: date, number: number, pages: pages,
                          articles: articles)
        issue.output = try OutputSettings.parse(root, doc: doc, file: path)
        issue.weather = try root.text("weather")
        if let ears = try root.map("ears", what: "ears", allowed: Masthead.Side.allCases.map(\.rawValue)) {
            for side in Masthead.Side.allCases {
                if let lines = try ears.stringList(side.rawValue) { issue.ears[side] = lines }
            }
        }
        // What the masthead asks of the issue is checked here, where the issue file's lines are known.
        for page in pages {
            guard let masthead = page.template.masthead else { continue }
            let used = masthead.fieldsUsed.union(issue.ears.values.flatMap { $0.flatMap(Masthead.fields(in:)) })
            if used.contains("lunar") {
                do { _ = try LunarDate(iso: date) } catch {
                    throw doc.error(root.value("date"), "\(error) (page \(page.number)'s masthead prints the lunar date)")
                }
            }
            if used.contains("weather") && issue.weather == nil {
                throw doc.error(line: root.line ?? 1, "page \(page.number)'s masthead (template \(page.templateName)) prints {weather}, but the issue file has no weather: line")
            }
        }
        return issue
    }

    /// Every `*.txt` in the folder, by id.
    static func loadArticles(in dir: String) throws -> [String: Article] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: dir) } catch {
            throw LoadError(file: dir, "cannot list the issue folder: \(error.localizedDescription)")
        }
        let files = names.sorted().filter { $0.hasSuffix(".txt") && !$0.hasPrefix(".") }.map { Paths.join(dir, $0) }
        // Each file parses on its own: on both cores (a 16-page issue has hundreds of
        // articles, read before anything else can start). Then checked in file order, so
        // the error reported is the one a file-by-file load meets first.
        let loaded = LoadedFiles(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            loaded.set(i, Result { try ArticleLoader.loadWithLocations(path: files[i], issueDirectory: dir) })
        }
        var articles: [String: Article] = [:]
        for (i, file) in files.enumerated() {
            let (article, idLine) = try loaded.result(i).get()
            if let other = articles[article.id] {
                throw LoadError(file: file, line: idLine, "article id '\(article.id)' is also used by \(other.sourcePath); ids must be unique in an issue")
            }
            articles[article.id] = article
        }
        return articles
    }

    static func isValidDate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m) else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return (1...days).contains(d)
    }

    /// Walks up from the issue file (or folder) looking for a `Layouts` folder.
    public static func findLayoutsDirectory(startingAt issuePath: String) -> String? {
        var dir = Paths.isDirectory(issuePath) ? Paths.absolute(issuePath) : Paths.directory(Paths.absolute(issuePath))
        while true {
            let candidate = Paths.join(dir, "Layouts")
            if Paths.isDirectory(candidate) { return candidate }
            let up = Paths.directory(dir)
            if up == dir || dir == "/" { return nil }
            dir = up
        }
    }
}

extension IssueLoader {
    /// A page's `set:` map: article id → `vertical`, `vertical-headline` or `framed`
    /// (or a list of them), for stories listed under `articles:` (a page of slots
    /// takes these from its template's slots).
    static func moduleSettings(_ p: YAMLMap, pageNumber: Int, listed: [String], doc: YAMLDoc) throws -> [String: ModuleSetting] {
        guard let map = try p.map("set", what: "set of page \(pageNumber)", allowed: nil) else { return [:] }
        guard !listed.isEmpty else {
            throw doc.error(p.keyNode("set"), "page \(pageNumber): set: is for stories listed under articles: (a template slot says how its story is set)")
        }
        var out: [String: ModuleSetting] = [:]
        for (id, keyNode, value) in map.entries {
            guard listed.contains(id) else {
                throw doc.error(keyNode, "page \(pageNumber): '\(id)' is not in the page's articles: \(listed.joined(separator: ", "))")
            }
            let words: [String]
            if case .sequence = value { words = try map.stringList(id) ?? [] } else { words = [try map.required(id, map.text)] }
            var setting = ModuleSetting()
            for w in words {
                switch w {
                case "vertical": setting.vertical = true
                case "vertical-headline": setting.verticalHeadline = true
                case "framed": setting.framed = true
                default:
                    throw doc.error(value, "set of '\(id)' must be one or more of: \(ModuleSetting.words.joined(separator: ", ")); got '\(w)'")
                }
            }
            if setting.vertical && setting.verticalHeadline {
                throw doc.error(value, "set of '\(id)': vertical already sets the headline vertically; give vertical or vertical-headline")
            }
            out[id] = setting
        }
        return out
    }
}

/// Articles loaded on several threads, by file index.
private final class LoadedFiles: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<(article: Article, idLine: Int?), Error>?]
    init(count: Int) { results = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<(article: Article, idLine: Int?), Error>) { lock.lock(); results[i] = r; lock.unlock() }
    func result(_ i: Int) -> Result<(article: Article, idLine: Int?), Error> { lock.lock(); defer { lock.unlock() }; return results[i]! }
}
