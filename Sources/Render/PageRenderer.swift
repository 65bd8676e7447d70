import Composer
import Interop
import Layout

/// Draws laid-out pages into a PDF. The only stage that talks to the PDF writer.
public struct PageRenderer {
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

        public func add(_ page: LaidOutPage) throws {
            writer.beginPage(size: page.size)
            try renderer.draw(page, on: writer)
            writer.endPage()
            pageCount += 1
        }

        public func finish() throws {
            guard pageCount > 0 else { throw PDFError.cairo("no pages to render") }
            try writer.finish()
        }
    }

    func draw(_ page: LaidOutPage, on writer: PDFWriter) throws {
        for element in page.elements {
            switch element {
            case let .text(l): writer.draw(l.line, at: l.origin)
            case let .image(img): try writer.drawImage(img.image, in: img.frame)
            case let .artwork(path, frame) where PageElement.isSVGArtwork(path):
                // Drawn into the page's own content: the press stage converts its
                // colours as it does the type's (only PDF artwork is placed as delivered).
                try writer.drawSVG(SVGDocument(path: path), in: frame)
            case let .artwork(path, frame):
                if !leavesOutArtwork { try writer.drawPDFPage(PDFDocument(path: path), page: 0, in: frame) }
            case let .fill(r, c): writer.fill(r, color: c)
            case let .frame(r, w, c): writer.stroke(r, width: w, color: c)
            case let .rule(a, b, w, c): writer.line(from: a, to: b, width: w, color: c)
            }
        }
    }
}
