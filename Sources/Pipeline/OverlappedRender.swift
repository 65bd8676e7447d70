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
        /// Laying out every page, on the layout thread.
        public var layout: Duration
        /// From the start of layout to the finished PDF file: layout and drawing overlap.
        public var layoutAndPDF: Duration
    }

    /// Places, lays out and writes the issue in one pass: pages are laid out on a
    /// second thread while this one draws each finished page into the PDF, so on two
    /// cores the layout runs alongside Cairo's page output. The PDF is the same, byte
    /// for byte, as `layOut` followed by `writePDF`, and appears only when every page
    /// rendered.
    ///
    /// Threads: the layout thread owns the composer and the font library (shaping,
    /// font loading, caches); this thread only hands each finished page's fonts to
    /// Cairo, whose scaled fonts and FreeType faces are locked by Cairo itself, and
    /// every font's Cairo scaled font exists before the page that uses it is handed over.
    public func layOutAndWrite(_ loaded: Loaded, to path: String, autoPlace: Bool = false,
                               profile: OutputProfile = .screen) throws -> (LaidOut, Timings) {
        guard profile == .screen else {
            let laidOut = try layOut(loaded, autoPlace: autoPlace)
            try writePDF(laidOut, of: loaded, to: path, profile: profile)
            return (laidOut, Timings(placement: .zero, layout: .zero, layoutAndPDF: .zero))
        }
        let clock = ContinuousClock()
        let start = clock.now
        let placedIssue = try place(loaded, autoPlace: autoPlace)
        let composer = placedIssue.composer, issue = placedIssue.issue
        guard let first = issue.pages.first else { throw PipelineError("\(loaded.source.issuePath): the issue has no pages") }
        try ensureParentExists(path)
        let placed = clock.now

        let document = try PageRenderer.Document(path: path, firstPageSize: Size(width: first.template.trimWidth, height: first.template.trimHeight),
                                                 metadata: Self.metadata(for: issue))
        let queue = PageQueue()
        let layoutThread = Thread {
            let t0 = clock.now
            do {
                try PageLayoutEngine(composer: composer).layout(issue) { queue.put($0) }
                queue.close(error: nil, layoutTime: clock.now - t0)
            } catch {
                queue.close(error: error, layoutTime: clock.now - t0)
            }
        }
        layoutThread.stackSize = 8 << 20
        layoutThread.start()

        var pages: [LaidOutPage] = []
        var drawError: Error?
        while let page = queue.take() {
            pages.append(page)
            guard drawError == nil else { continue }     // keep draining so the layout thread finishes
            do { try document.add(page) } catch { drawError = error }
        }
        let (layoutError, layoutTime) = queue.outcome
        if let e = layoutError ?? drawError { throw e }
        try CrossReferences.verify(placedIssue.references, pages: pages)
        try document.finish()
        let timings = Timings(placement: placed - start, layout: layoutTime, layoutAndPDF: clock.now - placed)
        return (LaidOut(pages: pages, placements: placedIssue.placements, references: placedIssue.references), timings)
    }
}

/// Finished pages from the layout thread to the PDF thread, in order.
private final class PageQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var pages: [LaidOutPage] = []
    private var next = 0
    private var closed = false
    private var error: Error?
    private var layoutTime = Duration.zero

    func put(_ page: LaidOutPage) {
        condition.lock(); defer { condition.unlock() }
        pages.append(page)
        condition.signal()
    }

    func close(error: Error?, layoutTime: Duration) {
        condition.lock(); defer { condition.unlock() }
        self.error = error
        self.layoutTime = layoutTime
        closed = true
        condition.signal()
    }

    /// The next page, waiting for it; nil once the layout thread has finished and every page was taken.
    func take() -> LaidOutPage? {
        condition.lock(); defer { condition.unlock() }
        while next == pages.count && !closed { condition.wait() }
        guard next < pages.count else { return nil }
        defer { next += 1 }
        return pages[next]
    }

    var outcome: (Error?, Duration) {
        condition.lock(); defer { condition.unlock() }
        return (error, layoutTime)
    }
}
