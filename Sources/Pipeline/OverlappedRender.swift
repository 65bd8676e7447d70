import Composer
import Foundation
import Interop
import Layout
import Model
import Render

extension IssuePipeline {
    /// How long each part of `layOutAndWrite` took (wall clock).
    public struct Timings: Sendable {
        /// Placement of automatic pages (before any page can be laid out).
        public var placement: Duration
        /// Laying out every page, on both threads when the issue splits.
        public var layout: Duration
        /// From the start of layout to the finished PDF file.
        public var layoutAndPDF: Duration
        /// Whether the PDF was drawn while the pages were laid out (else after the layout).
        public var pdfAlongsideLayout = false
    }

    /// Places, lays out and writes the issue in one pass, using both cores: the pages
    /// split into two shares that no story crosses (a story continued from page 4 to 5
    /// keeps both pages in one share), and a second thread sets one share with its own
    /// composer and font library while this thread sets the other. A third thread adds
    /// the pages to the PDF writer in page order as they are laid out (it records them);
    /// Cairo draws them at `finish()`, from font subsets of exactly the glyphs the issue
    /// uses. With BROADSHEET_PDF_ALONGSIDE_LAYOUT=1 that thread draws each page as it
    /// comes, from subsets made for every character the issue may show
    /// (`PDFWriter.drawAsAdded`). The PDF is the same, byte for byte, either way and as
    /// `layOut` followed by `writePDF`, and appears only when every page rendered.
    public func layOutAndWrite(_ loaded: Loaded, to path: String, autoPlace: Bool = false,
                               profile: OutputProfile = .screen) throws -> (LaidOut, Timings) {
        guard profile == .screen else {
            let laidOut = try layOut(loaded, autoPlace: autoPlace)
            try writePDF(laidOut, of: loaded, to: path, profile: profile)
            return (laidOut, Timings(placement: .zero, layout: .zero, layoutAndPDF: .zero))
        }
        let clock = ContinuousClock()
        let start = clock.now
        guard let first = loaded.issue.pages.first else { throw PipelineError("\(loaded.source.issuePath): the issue has no pages") }
        try ensureParentExists(path)
        let document = try PageRenderer.Document(path: path, firstPageSize: Size(width: first.template.trimWidth, height: first.template.trimHeight),
                                                 metadata: Self.metadata(for: loaded.issue))
        // Alongside the layout, the writer thread starts with the font subsets while this
        // thread places the pages (one core is idle then).
        var prepared: [Font] = []
        if Self.drawsPDFAlongsideLayout {
            // With cross-page references filled in (`place` does it again): "见第4版".
            let referenced = (try? CrossReferences.resolve(loaded.issue).0) ?? loaded.issue
            let expected = IssueCharacters.expected(referenced, fonts: fonts)
            document.drawAsAdded(expecting: expected.perFont, any: expected.any)
            prepared = expected.withText
        }
        let writer = PageWriter(document: document, preparing: prepared)
        // On any error the writer stops and the document is given up: the CLI exits at once.
        func fail(_ error: Error) -> Error { writer.stop(); document.discard(); return error }
        let placedIssue: Placed
        do { placedIssue = try place(loaded, autoPlace: autoPlace) } catch { throw fail(error) }
        let issue = placedIssue.issue
        writer.expect(issue.pages.count)
        let placed = clock.now

        let pages: [LaidOutPage]
        do { pages = try layOutOnTwoThreads(issue, composer: placedIssue.composer, fallback: loaded.fonts.fallback) { writer.offer($1, at: $0) } }
        catch { throw fail(error) }
        let laidOutAt = clock.now
        do { try CrossReferences.verify(placedIssue.references, pages: pages) } catch { throw fail(error) }
        do { try writer.wait() } catch { document.discard(); throw error }
        try document.finish()
        let timings = Timings(placement: placed - start, layout: laidOutAt - placed, layoutAndPDF: clock.now - placed,
                              pdfAlongsideLayout: document.drewAsAdded)
        return (LaidOut(pages: pages, placements: placedIssue.placements, references: placedIssue.references), timings)
    }

    /// Whether `layOutAndWrite` draws the PDF while the pages are laid out (on the writer
    /// thread, from subsets for the expected characters) instead of at `finish()`: only with
    /// BROADSHEET_PDF_ALONGSIDE_LAYOUT=1. Measured on 2 shared cores it was no faster: the
    /// writer competes with the two layout threads, and subsets for the expected characters
    /// cost more than exact ones (16-page issue, load 0.6–1.2: 0.54 s wall, 0.68 s CPU
    /// against 0.52 s, 0.62 s after the layout; README, Speed). The PDF is the same either way.
    static var drawsPDFAlongsideLayout: Bool {
        ProcessInfo.processInfo.environment["BROADSHEET_PDF_ALONGSIDE_LAYOUT"] == "1"
    }

    /// Every page laid out, in issue order: two shares on two threads when the issue splits
    /// into stories that stay within their pages, else one after another on this thread.
    /// `ready` hears of each page (index, page) as soon as it is laid out, on either thread.
    func layOutOnTwoThreads(_ issue: Issue, composer: Composer, fallback: [String],
                            ready: @escaping @Sendable (Int, LaidOutPage) -> Void = { _, _ in }) throws -> [LaidOutPage] {
        let shares = Self.shares(of: issue)
        guard shares.count == 2 else {
            var pages: [LaidOutPage] = []
            try PageLayoutEngine(composer: composer).layout(issue) { ready(pages.count, $0); pages.append($0) }
            return pages
        }
        let results = LaidOutPages(count: issue.pages.count, ready: ready)
        let second = Composer(fonts: secondThread.fonts, fallbackFamilies: fallback)
        let done = DispatchSemaphore(value: 0)
        let helper = Thread {
            do { try PageLayoutEngine(composer: second).layout(issue, pages: shares[1]) { results.set($1, at: $0) } }
            catch { results.fail(error) }
            done.signal()
        }
        helper.stackSize = 8 << 20
        helper.start()
        var mine: Error?
        do { try PageLayoutEngine(composer: composer).layout(issue, pages: shares[0]) { results.set($1, at: $0) } }
        catch { mine = error }
        done.wait()
        // The error of the first page in issue order that failed, as a single thread reports it.
        if let e = results.firstError(shares: shares, mine: mine) { throw e }
        return results.pages
    }

    /// Page indices in two shares of about equal size that no story crosses (groups of
    /// pages linked by a story placed on each, given whole to the smaller share in issue
    /// order); one share when the issue does not split.
    static func shares(of issue: Issue) -> [[Int]] {
        let n = issue.pages.count
        guard n >= 2 else { return [Array(0..<n)] }
        var parent = Array(0..<n)
        func root(_ i: Int) -> Int { var i = i; while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }; return i }
        var firstPage: [String: Int] = [:]
        for (i, page) in issue.pages.enumerated() {
            for id in page.placements.values.sorted() {
                if let j = firstPage[id] { parent[root(i)] = root(j) } else { firstPage[id] = i }
            }
        }
        var groups: [Int: [Int]] = [:]
        var order: [Int] = []
        for i in 0..<n {
            let r = root(i)
            if groups[r] == nil { order.append(r) }
            groups[r, default: []].append(i)
        }
        var shares: [[Int]] = [[], []]
        for r in order {
            let g = groups[r]!
            let k = shares[1].count < shares[0].count ? 1 : 0
            shares[k] += g
        }
        if shares[1].isEmpty { return [shares[0]] }
        return shares.map { $0.sorted() }
    }
}

/// The font library of the second layout thread, made on first use and kept with the
/// pipeline (Pango font maps are single-threaded: one per thread).
final class SecondThreadFonts: @unchecked Sendable {
    private let lock = NSLock()
    private var library: FontLibrary?
    var fonts: FontLibrary {
        lock.lock(); defer { lock.unlock() }
        if let library { return library }
        let l = FontLibrary()
        library = l
        return l
    }
}

/// Pages from both layout threads, by index.
private final class LaidOutPages: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [LaidOutPage?]
    private var helperError: Error?

    private let ready: @Sendable (Int, LaidOutPage) -> Void

    init(count: Int, ready: @escaping @Sendable (Int, LaidOutPage) -> Void) {
        slots = Array(repeating: nil, count: count)
        self.ready = ready
    }

    func set(_ page: LaidOutPage, at index: Int) {
        lock.lock(); slots[index] = page; lock.unlock()
        ready(index, page)
    }
    func fail(_ error: Error) { lock.lock(); helperError = error; lock.unlock() }

    /// Each share stops at its first failing page: the failing page of a share is its first page without a result.
    func firstError(shares: [[Int]], mine: Error?) -> Error? {
        lock.lock(); defer { lock.unlock() }
        let failed = [(shares[0], mine), (shares[1], helperError)].compactMap { share, error -> (Int, Error)? in
            guard let error else { return nil }
            return (share.first { slots[$0] == nil } ?? Int.max, error)
        }
        return failed.min { $0.0 < $1.0 }?.1
    }

    var pages: [LaidOutPage] { lock.lock(); defer { lock.unlock() }; return slots.map { $0! } }
}

/// Draws laid-out pages into the PDF on its own thread, in page order, as the layout
/// threads finish them.
private final class PageWriter: @unchecked Sendable {
    private let document: PageRenderer.Document
    private let fonts: [Font]
    private let condition = NSCondition()
    private var slots: [LaidOutPage?] = []
    private var count: Int?
    private var stopped = false
    private var error: Error?
    private let done = DispatchSemaphore(value: 0)

    /// Starts the writer thread: it makes the subsets of `fonts` first.
    init(document: PageRenderer.Document, preparing fonts: [Font]) {
        self.document = document
        self.fonts = fonts
        let thread = Thread { [self] in run() }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The number of pages to draw (known once the issue is placed).
    func expect(_ n: Int) {
        condition.lock(); slots = Array(repeating: nil, count: n); count = n; condition.broadcast(); condition.unlock()
    }

    func offer(_ page: LaidOutPage, at index: Int) {
        condition.lock(); slots[index] = page; condition.broadcast(); condition.unlock()
    }

    /// The layout failed: draw no more pages.
    func stop() {
        condition.lock(); stopped = true; condition.broadcast(); condition.unlock()
        done.wait()
    }

    /// Waits for every page to be drawn; rethrows the writer's error.
    func wait() throws {
        done.wait()
        if let error { throw error }
    }

    private func run() {
        defer { done.signal() }
        document.prepareSubsets(for: fonts)
        condition.lock()
        while count == nil && !stopped { condition.wait() }
        let n = count ?? 0
        condition.unlock()
        for i in 0..<n {
            condition.lock()
            while slots[i] == nil && !stopped { condition.wait() }
            let page = slots[i]
            slots[i] = nil
            condition.unlock()
            guard let page else { return }
            do { try document.add(page) } catch { self.error = error; return }
        }
    }
}

/// The characters each font of an issue may show, for `PDFWriter.drawAsAdded`: article
/// texts by the style that sets them (body, bold lead phrases, headlines, captions…), for
/// the fonts the templates name for those styles. Every font also gets the strings of the
/// templates and the issue (masthead, header and ear texts) and the characters the layout
/// writes itself (dates, lunar dates, page and jump lines: the literals of Layout and
/// Model); the body's font gets the punctuation the composer substitutes.
/// A face no font named here draws from (the masthead's own styles, a traditional
/// article's face, a fallback) gets all of it except the body text, and ASCII, Latin-1,
/// CJK and full-width punctuation: a face drawing body text that no style names (a
/// fallback for a rare character) makes the writer draw the document again. A character missed costs time only: the writer
/// then draws the document again once every glyph is known.
enum IssueCharacters {
    static let written = "©®¶¼½×–‘’“”…™→⇆⟳　、。「」『』一丁七三上下丑丙乙九二五亥兔八六冬初十午卯四壬子寅对己巳年庚廿总戊戌接日星月期未校正版牛狗猪猴甲申癸第编羊腊虎蛇转辑辛辰酉闰马鸡鼠龙！（），：；？续见共页农历星期天零〇百千万0123456789-‐"
    static let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0xA0...0xFF, 0x2010...0x205E, 0x3000...0x303F, 0xFF01...0xFF5E, 0xFF61...0xFF65]

    /// A set of Unicode scalars, a bit each.
    struct Scalars {
        var words = [UInt64](repeating: 0, count: 0x110000 / 64)
        mutating func add(_ v: UInt32) { words[Int(v >> 6)] |= 1 << UInt64(v & 63) }
        mutating func add(_ s: String?) { if let s { for u in s.unicodeScalars { add(u.value) } } }
        mutating func add(_ other: Scalars) { for i in words.indices where other.words[i] != 0 { words[i] |= other.words[i] } }
        var values: [UInt32] {
            var out: [UInt32] = []
            for (w, word) in words.enumerated() where word != 0 {
                var bits = word
                while bits != 0 { out.append(UInt32(w * 64 + bits.trailingZeroBitCount)); bits &= bits - 1 }
            }
            return out
        }
    }

    /// `withText`: the fonts of styles that have text of their own in the issue (those its
    /// pages will surely draw with).
    static func expected(_ issue: Issue, fonts: FontLibrary) -> (perFont: [(Font, [UInt32])], any: [UInt32], withText: [Font]) {
        var body = Scalars(), bold = Scalars(), inBodySubhead = Scalars(), kicker = Scalars(), headline = Scalars()
        var subhead = Scalars(), byline = Scalars(), caption = Scalars(), credit = Scalars(), pullQuote = Scalars()
        for article in issue.articles.values {
            kicker.add(article.kicker)
            for h in article.headline { headline.add(h) }
            subhead.add(article.subhead)
            byline.add(article.byline)
            pullQuote.add(article.pullQuote)
            for p in article.photos { caption.add(p.caption); credit.add(p.credit) }
            for block in article.body {
                switch block {
                case let .paragraph(runs, _): for r in runs { if r.emphasis == .bold { bold.add(r.text) } else { body.add(r.text) } }
                case let .subhead(t, _): inBodySubhead.add(t)
                }
            }
        }
        // What every font may show: the templates' strings, the issue's own, the layout's.
        var common = Scalars()
        var templates: [String: PageTemplate] = [:]
        for page in issue.pages {
            templates[page.template.sourcePath] = page.template
            common.add(page.section); common.add(page.editor); common.add(page.proofreader)
        }
        func collect(_ value: Any) {
            if let s = value as? String { common.add(s); return }
            if value is Double || value is Int || value is Bool { return }
            for child in Mirror(reflecting: value).children { collect(child.value) }
        }
        for t in templates.values { collect(t.header); collect(t.footer); collect(t.banners); collect(t.masthead as Any); common.add(t.jumpTo); common.add(t.jumpFrom) }
        common.add(issue.newspaper); common.add(issue.date); common.add(String(issue.number)); common.add(issue.weather)
        for lines in issue.ears.values { for l in lines { common.add(l) } }
        // What the layout writes: the furniture's dates and page lines, jump lines (also in
        // the masthead's own styles, whose fonts are those of other roles).
        var furniture = Scalars()
        furniture.add(written)
        common.add(written)
        // The composer's substitutes in body text: full-width forms of ASCII punctuation,
        // curly quotes, dashes, the hyphen of a hyphenated Latin word.
        for v in UInt32(0x21)...0x7E where body.words[0] & (1 << UInt64(v & 63)) != 0 || (v >= 64 && body.words[1] & (1 << UInt64(v & 63)) != 0) {
            body.add(0xFF00 + v - 0x20)
        }
        body.add("“”‘’—…‐-·")
        // Headlines set in a smaller style, and subheads as headlines, on other pages.
        let display = { var d = headline; d.add(subhead); d.add(kicker); return d }()
        var perFont: [ObjectIdentifier: (Font, Scalars)] = [:]
        var withText: [Font] = []
        var any = common
        any.add(furniture)
        for r in ranges { for v in r { any.add(v) } }
        for t in templates.values {
            let st = t.styles
            var roles: [(TextStyle, Scalars)] = [(st.body, body), (st.bold, bold), (st.inBodySubhead, inBodySubhead),
                (st.kicker, kicker), (st.headline, display), (st.secondaryHeadline, display), (st.subhead, display),
                (st.byline, byline), (st.caption, caption), (st.credit, credit), (st.pullQuote, pullQuote),
                (st.header, furniture), (st.footer, furniture), (st.banner, furniture), (st.jump, furniture), (st.jump, display)]
            if let v = st.verticalBody { roles.append((v, body)) }
            for (style, chars) in roles {
                guard let font = try? fonts.font(FontSpec(family: style.family, weight: style.weight, size: style.size)) else { continue }
                let id = ObjectIdentifier(font)
                if perFont[id] == nil { perFont[id] = (font, common) }
                perFont[id]!.1.add(chars)
                if chars.words.contains(where: { $0 != 0 }), !withText.contains(where: { $0 === font }) { withText.append(font) }
            }
        }
        // Display text (not the body's) may also be set in a face of its own: a traditional
        // Chinese article's kicker in the TC face of its style's family.
        for chars in [bold, inBodySubhead, kicker, display, byline, caption, credit, pullQuote] { any.add(chars) }
        return (perFont.values.map { ($0.0, $0.1.values) }, any.values, withText)
    }
}
