import Foundation
import Interop

/// The verdict for one page number.
public struct PageDiff: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// No pixel differs beyond the channel tolerance (outside ignored regions).
        case equal
        /// Some pixels differ, but their area is within `maxArea`.
        case withinTolerance
        case different
        /// Page sizes in points; rasters are not compared.
        case sizeDiffers(old: Size, new: Size)
        case onlyInOld
        case onlyInNew
    }

    /// 1-based.
    public var page: Int
    public var kind: Kind
    public var differingPixels: Int = 0
    /// Area of the differing pixels, mm².
    public var differingArea: Double = 0
    /// Bounding boxes of the clusters of differing pixels, mm from the page's top-left.
    public var regions: [Rect] = []
    /// Report image file names (relative to the report directory), when a report was asked for.
    public var oldImage: String? = nil
    public var newImage: String? = nil
    public var diffImage: String? = nil
    /// Close-ups of the first regions: old, new and overlay file names per region.
    public var closeUps: [[String]] = []

    public var isDifferent: Bool {
        switch kind {
        case .equal, .withinTolerance: return false
        default: return true
        }
    }
}

public struct PDFDiffResult: Sendable {
    public var oldPath: String
    public var newPath: String
    public var oldPageCount: Int
    public var newPageCount: Int
    /// One entry per page number up to the larger page count.
    public var pages: [PageDiff]
    public var options: PDFDiffOptions

    public var differentPages: [PageDiff] { pages.filter(\.isDifferent) }
    public var isEqual: Bool { oldPageCount == newPageCount && differentPages.isEmpty }
}

/// Renders two PDFs page by page with poppler and compares the rasters.
public enum PDFDiff {
    /// Regions per page that get close-up images in a report.
    public static let maxCloseUps = 8

    public static func compare(old oldPath: String, new newPath: String, options: PDFDiffOptions = PDFDiffOptions()) throws -> PDFDiffResult {
        try options.validate()
        // Open both on this thread first so that unreadable input fails fast, naming the file.
        let (oldSizes, newSizes) = try (pageSizes(oldPath), pageSizes(newPath))
        var pages: [PageDiff?] = Array(repeating: nil, count: max(oldSizes.count, newSizes.count))
        var jobs: [Int] = []
        for i in pages.indices {
            if i >= newSizes.count {
                pages[i] = PageDiff(page: i + 1, kind: .onlyInOld)
            } else if i >= oldSizes.count {
                pages[i] = PageDiff(page: i + 1, kind: .onlyInNew)
            } else {
                jobs.append(i)
            }
        }
        if let dir = options.reportDirectory {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            } catch {
                throw DiffError("\(dir): cannot create report directory (\(error.localizedDescription))")
            }
        }

        let work = Work(jobs: jobs, pages: pages)
        let threads = max(1, min(options.threads, jobs.count))
        // One PDFDocument pair per thread: poppler documents are not safe to share
        // between threads, but separate documents render concurrently.
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            do {
                let old = try PDFDocument(path: oldPath), new = try PDFDocument(path: newPath)
                while let i = work.nextJob() {
                    let d = try comparePage(i, old: old, new: new, oldSize: oldSizes[i], newSize: newSizes[i], options: options)
                    work.store(d, at: i)
                }
            } catch {
                work.fail(error)
            }
        }
        if let e = work.error { throw e }
        var result = PDFDiffResult(oldPath: oldPath, newPath: newPath, oldPageCount: oldSizes.count,
                                   newPageCount: newSizes.count, pages: work.pages.map { $0! }, options: options)
        if let dir = options.reportDirectory {
            try HTMLReport.write(result, to: dir)
            result.options.reportDirectory = dir
        }
        return result
    }

    static func pageSizes(_ path: String) throws -> [Size] {
        do {
            let doc = try PDFDocument(path: path)
            return try (0..<doc.pageCount).map { try doc.pageSize($0) }
        } catch let e as PDFReadError {
            throw DiffError(e.description)
        }
    }

    static func comparePage(_ i: Int, old: PDFDocument, new: PDFDocument, oldSize: Size, newSize: Size,
                            options: PDFDiffOptions) throws -> PageDiff {
        let page = i + 1
        let dir = options.reportDirectory
        /// Pages of different sizes are not compared pixel by pixel; a report shows both.
        /// The rasters are asked for only then: without a report nothing is rendered.
        func sizeDiffers(_ rasters: () throws -> (RasterImage, RasterImage)) throws -> PageDiff {
            var d = PageDiff(page: page, kind: .sizeDiffers(old: oldSize, new: newSize))
            if let dir {
                let (o, n) = try rasters()
                (d.oldImage, d.newImage) = (ReportImages.name(page, "old"), ReportImages.name(page, "new"))
                try write(o, dir, d.oldImage!)
                try write(n, dir, d.newImage!)
            }
            return d
        }
        // Sub-point differences are float noise from the writer, not a size change.
        guard abs(oldSize.width - newSize.width) < 0.01, abs(oldSize.height - newSize.height) < 0.01 else {
            return try sizeDiffers { (try old.render(i, dpi: options.dpi), try new.render(i, dpi: options.dpi)) }
        }
        let oldRaster = try old.render(i, dpi: options.dpi)
        let newRaster = try new.render(i, dpi: options.dpi)
        // Sizes within 0.01 pt can still round to rasters a pixel apart: a size change too.
        guard oldRaster.width == newRaster.width, oldRaster.height == newRaster.height else {
            return try sizeDiffers { (oldRaster, newRaster) }
        }
        let scale = PageScale(pageSize: oldSize, rasterWidth: oldRaster.width, rasterHeight: oldRaster.height)
        let ignore = options.ignore.filter { $0.applies(to: page) }
            .compactMap { scale.pixels(of: $0.rect, width: oldRaster.width, height: oldRaster.height) }
        let cell = max(2, Int((options.clusterCell * (scale.x + scale.y) / 2).rounded()))
        let pd = RasterCompare.compare(oldRaster, newRaster, tolerance: options.channelTolerance, ignore: ignore, cellSize: cell)
        let area = Double(pd.count) * scale.pixelArea
        var d = PageDiff(page: page, kind: pd.count == 0 ? .equal : area > options.maxArea ? .different : .withinTolerance)
        d.differingPixels = pd.count
        d.differingArea = area
        guard pd.count > 0 else { return d }
        let boxes = Regions.cluster(pd)
        d.regions = boxes.map(scale.millimetres(of:))
        if let dir, d.isDifferent {
            d.oldImage = ReportImages.name(page, "old")
            d.newImage = ReportImages.name(page, "new")
            d.diffImage = ReportImages.name(page, "diff")
            try write(oldRaster, dir, d.oldImage!)
            try write(newRaster, dir, d.newImage!)
            let overlay = ReportImages.overlay(old: oldRaster, new: newRaster, tolerance: options.channelTolerance,
                                               ignore: ignore, regions: boxes)
            try write(overlay, dir, d.diffImage!)
            // Close-ups with about 10 mm of context, for the first few regions only:
            // a re-set page has hundreds of tiny regions and the full overlay shows them.
            let margin = Int(10 * scale.x)
            for (k, box) in boxes.prefix(maxCloseUps).enumerated() {
                let names = ["old", "new", "diff"].map { ReportImages.name(page, "r\(k + 1)-\($0)") }
                for (img, name) in zip([oldRaster, newRaster, overlay], names) {
                    try write(ReportImages.zoom(ReportImages.crop(img, box, margin: margin)), dir, name)
                }
                d.closeUps.append(names)
            }
        }
        return d
    }

    private static func write(_ r: RasterImage, _ dir: String, _ name: String) throws {
        do { try r.writePNG(to: dir + "/" + name) } catch { throw DiffError("\(error)") }
    }
}

/// Shared state of the page workers: a job queue and the results, behind one lock.
private final class Work: @unchecked Sendable {
    private let lock = NSLock()
    private let jobs: [Int]
    private var next = 0
    private(set) var pages: [PageDiff?]
    private(set) var error: Error?

    init(jobs: [Int], pages: [PageDiff?]) { self.jobs = jobs; self.pages = pages }

    func nextJob() -> Int? {
        lock.withLock {
            guard error == nil, next < jobs.count else { return nil }
            defer { next += 1 }
            return jobs[next]
        }
    }

    func store(_ d: PageDiff, at i: Int) { lock.withLock { pages[i] = d } }
    func fail(_ e: Error) { lock.withLock { if error == nil { error = e } } }
}
