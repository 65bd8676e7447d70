import Foundation

/// `OUT_DIR/index.json` and `OUT_DIR/index.html`: every issue of the archive with its
/// status, pages, copyfit and failure message; built from the per-issue records, so
/// any shard (or `--merge`) can build it from what all shards wrote.
public struct ArchiveIndex: Codable, Sendable {
    public struct Entry: Codable, Sendable {
        public var id: String
        public var newspaper: String?
        public var date: String?
        public var number: Int?
        /// ok, failed, or pending (no record yet).
        public var status: String
        public var error: String?
        public var pdf: String?
        public var pages: [IssueRecord.PageInfo]
        public var copyfit: IssueRecord.Copyfit?
        public var record: String
    }
    public var version: String
    public var issues: Int
    public var ok: Int
    public var failed: Int
    public var pending: Int
    public var pages: Int
    public var volumes: [String]
    public var entries: [Entry]

    public init(jobs: [BatchJob], outDir: String, volumes: [String] = []) {
        entries = jobs.map { job in
            if let r = IssueRecord.read(outDir + "/" + job.recordPath) {
                return Entry(id: job.id, newspaper: job.newspaper, date: job.date, number: job.number, status: r.status.rawValue,
                             error: r.error, pdf: r.pdf, pages: r.pages, copyfit: r.copyfit, record: job.recordPath)
            }
            return Entry(id: job.id, newspaper: job.newspaper, date: job.date, number: job.number, status: "pending",
                         error: job.problem, pdf: nil, pages: [], copyfit: nil, record: job.recordPath)
        }
        version = BroadsheetVersion.string
        issues = entries.count
        ok = entries.filter { $0.status == "ok" }.count
        failed = entries.filter { $0.status == "failed" }.count
        pending = entries.filter { $0.status == "pending" }.count
        pages = entries.filter { $0.status == "ok" }.reduce(0) { $0 + $1.pages.count }
        self.volumes = volumes
    }

    /// Up to this many issues, index.html shows every page; beyond, it is an overview
    /// (months, failures) linking to one page per month (`index-2024-01.html`), so a
    /// ten-year archive does not become one page of 58,000 thumbnails.
    public static let onePageLimit = 62

    public func write(to outDir: String, onePageLimit: Int = ArchiveIndex.onePageLimit) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(enc.encode(self), to: outDir + "/index.json")
        if entries.count <= onePageLimit {
            try AtomicFile.write(Data(html().utf8), to: outDir + "/index.html")
            return
        }
        for (month, list) in months() {
            try AtomicFile.write(Data(html(list, heading: "Archive index: \(month)", month: month).utf8),
                                 to: outDir + "/index-\(month).html")
        }
        try AtomicFile.write(Data(overviewHTML().utf8), to: outDir + "/index.html")
    }

    /// Entries by month (`2024-01`; `undated` for issues whose date is unknown), in order.
    func months() -> [(String, [Entry])] {
        var order: [String] = []
        var by: [String: [Entry]] = [:]
        for e in entries {
            let m = e.date.map { String($0.prefix(7)) } ?? "undated"
            if by[m] == nil { order.append(m) }
            by[m, default: []].append(e)
        }
        return order.map { ($0, by[$0]!) }
    }

    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The overview of a large archive: totals, volumes, a row per month, every failure.
    func overviewHTML() -> String {
        let esc = Self.esc
        var h = head("Archive index")
        h += "<table class=\"months\"><tr><th>month</th><th>issues</th><th>pages</th><th>failed</th><th>pending</th></tr>\n"
        for (m, list) in months() {
            let f = list.filter { $0.status == "failed" }.count, p = list.filter { $0.status == "pending" }.count
            let pg = list.filter { $0.status == "ok" }.reduce(0) { $0 + $1.pages.count }
            h += "<tr\(f > 0 ? " class=\"bad\"" : "")><td><a href=\"index-\(esc(m)).html\">\(esc(m))</a></td><td>\(list.count)</td><td>\(pg)</td><td>\(f)</td><td>\(p)</td></tr>\n"
        }
        h += "</table>\n"
        let failures = entries.filter { $0.status == "failed" }
        if !failures.isEmpty {
            h += "<h2>Failures</h2>\n"
            for e in failures { h += section(e, thumbnails: false) }
        }
        return h + "</body></html>\n"
    }

    /// A page that opens from disk: relative links, no scripts, no server.
    public func html() -> String { html(entries, heading: "Archive index", month: nil) }

    func html(_ list: [Entry], heading: String, month: String?) -> String {
        var h = head(heading)
        if month != nil { h += "<p><a href=\"index.html\">← all months</a></p>\n" }
        for e in list { h += section(e, thumbnails: true) }
        return h + "</body></html>\n"
    }

    func head(_ heading: String) -> String {
        let esc = Self.esc
        var h = """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>\(esc(heading))</title>
        <style>
        body{font-family:"Noto Sans CJK SC",sans-serif;margin:16px;background:#f4f4f2;color:#222}
        h1{font-size:20px;margin:0 0 4px} .summary{margin:0 0 16px;color:#555}
        section{background:#fff;border:1px solid #ccc;border-radius:4px;margin:0 0 12px;padding:8px 12px}
        section.failed{border-color:#c33;background:#fff4f4} section.pending{opacity:.7}
        h2{font-size:16px;margin:0 0 6px} .st{font-size:12px;padding:1px 6px;border-radius:3px;color:#fff;margin-left:8px}
        .ok .st{background:#393} .failed .st{background:#c33} .pending .st{background:#888}
        .pages{display:flex;flex-wrap:wrap;gap:8px} figure{margin:0;text-align:center;font-size:12px}
        figure img{height:160px;border:1px solid #999;background:#fff;display:block}
        .noimg{height:160px;width:113px;border:1px dashed #999;display:flex;align-items:center;justify-content:center}
        pre{white-space:pre-wrap;color:#a00;margin:4px 0} pre.warn{color:#a60} .cf{font-size:12px;color:#555;margin:4px 0}
        table.months{border-collapse:collapse;background:#fff;margin:0 0 16px} .months td,.months th{border:1px solid #ccc;padding:2px 10px;text-align:right}
        .months tr.bad{background:#fff4f4}
        </style></head><body>
        <h1>\(esc(heading))</h1>
        <p class="summary">\(issues) issues: \(ok) rendered, \(failed) failed, \(pending) pending; \(pages) pages. Broadsheet \(esc(version)).</p>

        """
        if !volumes.isEmpty {
            h += "<section><h2>Volumes</h2>" + volumes.map { "<a href=\"\(esc($0))\">\(esc(($0 as NSString).lastPathComponent))</a>" }.joined(separator: " · ") + "</section>\n"
        }
        return h
    }

    func section(_ e: Entry, thumbnails: Bool) -> String {
        let esc = Self.esc
        let title = [e.newspaper, e.date, e.number.map { "总第\($0)期" }].compactMap { $0 }.joined(separator: " ")
        var h = "<section class=\"\(e.status)\" id=\"\(esc(e.id))\"><h2>\(esc(title.isEmpty ? e.id : title))<span class=\"st\">\(e.status)</span></h2>\n"
        if let pdf = e.pdf { h += "<div class=\"cf\"><a href=\"\(esc(pdf))\">\(esc((pdf as NSString).lastPathComponent))</a> · \(e.pages.count) pages" }
        else { h += "<div class=\"cf\">\(esc(e.id))" }
        if let c = e.copyfit { h += " · copyfit: \(c.fits) fit, \(c.overset) overset, \(c.underset) underset" }
        h += "</div>\n"
        if let c = e.copyfit, !c.oversetArticles.isEmpty { h += "<pre class=\"warn\">" + esc(c.oversetArticles.joined(separator: "\n")) + "</pre>\n" }
        if let err = e.error { h += "<pre>\(esc(err))</pre>\n" }
        if thumbnails && !e.pages.isEmpty {
            h += "<div class=\"pages\">"
            for (i, p) in e.pages.enumerated() {
                let link = e.pdf.map { "\($0)#page=\(i + 1)" } ?? "#"
                let img = p.thumbnail.map { "<img src=\"\(esc($0))\" alt=\"page \(p.number)\" loading=\"lazy\">" } ?? "<div class=\"noimg\">\(p.number)</div>"
                h += "<figure><a href=\"\(esc(link))\">\(img)</a><figcaption>第\(p.number)版</figcaption></figure>"
            }
            h += "</div>\n"
        }
        return h + "</section>\n"
    }
}
