import Composer
import Interop
import Layout

/// Draws laid-out pages into a PDF. The only stage that talks to the PDF writer.
public struct PageRenderer: Sendable {
    /// Leave placed PDF ads out (the press stage places them itself, as delivered,
    /// instead of redrawing them through Cairo's RGB).
    public var leavesOutArtwork: Bool

    public init(leavesOutArtwork: Bool = false) { self.leavesOutArtwork = leavesOutArtwork }

    /// Writes `pages` to `path`; the file appears only if every page rendered.
    public func render(_ pages: [LaidOutPage], to path: String, metadata: PDFMetadata) throws {
        guard let first = pages.first else { throw PDFError.cairo("no pages to render") }
        let document = try Document(path: path, firstPageSize: first.size, metadata: metadata, renderer: self)
        for page in pages { try document.add(page) }
        try document.finish()
    }

    /// A PDF written page by page as pages become ready; the file appears at `finish()`
    /// only (dropping an unfinished document leaves nothing behind).
    public final class Document {
        private let writer: PDFWriter
        private let renderer: PageRenderer
        public private(set) var pageCount = 0

        public init(path: String, firstPageSize: Size, metadata: PDFMetadata, renderer: PageRenderer = PageRenderer()) throws {
            writer = try PDFWriter(path: path, firstPageSize: firstPageSize, metadata: metadata)
            self.renderer = renderer
        }

        /// Adds `page`, recorded now (`PageRenderer.record`).
        public func add(_ page: LaidOutPage) throws { try add(renderer.record(page)) }

        /// Adds a page recorded elsewhere, after the pages added before it.
        public func add(_ page: PageRecording) throws {
            try writer.add(page)
            pageCount += 1
        }

        public func finish() throws {
            guard pageCount > 0 else { throw PDFError.cairo("no pages to render") }
            try writer.finish()
        }
    }

    /// `page`'s drawing, for a `Document` to add: on any thread, as it touches no Cairo
    /// object (pages laid out with another thread's fonts are recorded on that thread).
    /// A page whose artwork cannot be read is recorded up to it, with the error, which
    /// `Document.add` throws.
    public func record(_ page: LaidOutPage) -> PageRecording {
        let recorder = PageRecorder(size: page.size)
        do { try draw(page, on: recorder) } catch { return recorder.finish(failure: error) }
        return recorder.finish()
    }

    func draw(_ page: LaidOutPage, on recorder: PageRecorder) throws {
        for element in page.elements {
            switch element {
            case let .text(l): recorder.draw(l.line, at: l.origin)
            case let .image(img): recorder.drawImage(img.image, in: img.frame)
            case let .artwork(path, frame) where PageElement.isSVGArtwork(path):
                // Drawn into the page's own content: the press stage converts its
                // colours as it does the type's (only PDF artwork is placed as delivered).
                recorder.drawSVG(try SVGDocument(path: path), in: frame)
            case let .artwork(path, frame):
                if !leavesOutArtwork { try recorder.drawPDFPage(PDFDocument(path: path), page: 0, in: frame) }
            case let .fill(r, c): recorder.fill(r, color: c)
            case let .frame(r, w, c): recorder.stroke(r, width: w, color: c)
            case let .rule(a, b, w, c): recorder.line(from: a, to: b, width: w, color: c)
            }
        }
    }
}
