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
    }

    /// Places, lays out and writes the issue in one pass, using both cores: the pages
    /// split into two shares that no story crosses (a story continued from page 4 to 5
    /// keeps both pages in one share), and a second thread sets one share with its own
    /// composer and font library while this thread sets the other, each recording the
    /// drawing of its pages as it sets them. The recordings then go to the writer in page
    /// order — the writer needs every page before Cairo draws one, to hand it font
    /// subsets of exactly the glyphs the issue uses (`PDFWriter`). The PDF
    /// is the same, byte for byte, as `layOut` followed by `writePDF`, and appears only
    /// when every page rendered.
    public func layOutAndWrite(_ loaded: Loaded, to path: String, autoPlace: Bool = false,
                               profile: OutputProfile = .screen) throws -> (LaidOut, Timings) {
        guard profile == .screen else {
            let laidOut = try layOut(loaded, autoPlace: autoPlace)
            try writePDF(laidOut, of: loaded, to: path, profile: profile)
            return (laidOut, Timings(placement: .zero, layout: .zero, layoutAndPDF: .zero))
        }
        let clock = ContinuousClock()
        let start = clock.now
        // The second layout thread's fonts load on the other core while this one places
        // the pages (its errors, if any, are this thread's to report: the same fonts).
        let secondFonts = secondThread.preload(loaded.issue, fontConfig: loaded.fonts)
        defer { secondFonts.wait() }
        let placedIssue = try place(loaded, autoPlace: autoPlace)
        let issue = placedIssue.issue
        guard let first = issue.pages.first else { throw PipelineError("\(loaded.source.issuePath): the issue has no pages") }
        try ensureParentExists(path)
        let placed = clock.now

        // Each layout thread records its pages' drawing as it sets them (`PageRenderer.record`):
        // this thread then only hands the recordings to the writer, in page order.
        let renderer = PageRenderer()
        let (pages, recordings) = try layOutAndRecord(issue, composer: placedIssue.composer, fallback: loaded.fonts.fallback,
                                                      secondFontsReady: secondFonts, recordingWith: renderer)
        let laidOutAt = clock.now
        try CrossReferences.verify(placedIssue.references, pages: pages)
        let document = try PageRenderer.Document(path: path, firstPageSize: Size(width: first.template.trimWidth, height: first.template.trimHeight),
                                                 metadata: Self.metadata(for: issue), renderer: renderer)
        for recording in recordings { try document.add(recording) }
        try document.finish()
        let timings = Timings(placement: placed - start, layout: laidOutAt - placed, layoutAndPDF: clock.now - placed)
        return (LaidOut(pages: pages, placements: placedIssue.placements, references: placedIssue.references), timings)
    }

    /// Every page laid out, in issue order, and its drawing recorded by `renderer` on the
    /// thread that laid it out, as soon as it is: two shares on two threads when the issue
    /// splits into stories that stay within their pages, else one after another on this thread.
    func layOutAndRecord(_ issue: Issue, composer: Composer, fallback: [String], secondFontsReady: DispatchGroup? = nil,
                         recordingWith renderer: PageRenderer) throws -> (pages: [LaidOutPage], recordings: [PageRecording]) {
        // The second library is not used on two threads at once: its preload ends first.
        secondFontsReady?.wait()
        let shares = Self.shares(of: issue)
        guard shares.count == 2 else {
            let pages = try PageLayoutEngine(composer: composer).layout(issue)
            return (pages, pages.map(renderer.record))
        }
        let results = LaidOutPages(count: issue.pages.count)
        let second = Composer(fonts: secondThread.fonts, fallbackFamilies: fallback)
        let done = DispatchSemaphore(value: 0)
        let helper = Thread {
            do { try PageLayoutEngine(composer: second).layout(issue, pages: shares[1]) { results.set($1, renderer.record($1), at: $0) } }
            catch { results.fail(error) }
            done.signal()
        }
        helper.stackSize = 8 << 20
        helper.start()
        var mine: Error?
        do { try PageLayoutEngine(composer: composer).layout(issue, pages: shares[0]) { results.set($1, renderer.record($1), at: $0) } }
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

    /// Makes the library and loads the fonts `issue`'s templates and the fallback list
    /// name, on a thread of its own (Pango's font loading, fontconfig's matching and each
    /// font's set-up: tens of milliseconds that the second layout thread otherwise spends
    /// before its first line). Nothing else may use the library before the returned
    /// group's `wait()` returns.
    func preload(_ issue: Issue, fontConfig: FontConfig) -> DispatchGroup {
        let done = DispatchGroup()
        done.enter()
        let thread = Thread { [self] in
            _ = try? FontCheck.checkInstalled(issue, library: fonts, fontConfig: fontConfig)
            done.leave()
        }
        thread.start()
        return done
    }
}

/// Pages from both layout threads, with their recordings, by index.
private final class LaidOutPages: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [(page: LaidOutPage, recording: PageRecording)?]
    private var helperError: Error?

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ page: LaidOutPage, _ recording: PageRecording, at index: Int) {
        lock.lock(); slots[index] = (page, recording); lock.unlock()
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

    var pages: (pages: [LaidOutPage], recordings: [PageRecording]) {
        lock.lock(); defer { lock.unlock() }
        return (slots.map { $0!.page }, slots.map { $0!.recording })
    }
}
