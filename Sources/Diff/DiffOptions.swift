import Foundation
import Interop

/// A failure that stops a diff before it can say "same" or "different" (exit 2 in the CLI).
public struct DiffError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A rectangle on one page (or on every page) whose pixels never count as a change:
/// dates, page numbers, anything that legitimately differs between two runs.
public struct IgnoreRegion: Hashable, Sendable, CustomStringConvertible {
    /// 1-based page number; nil means every page.
    public var page: Int?
    /// In millimetres from the page's top-left corner.
    public var rect: Rect

    public init(page: Int?, rect: Rect) { self.page = page; self.rect = rect }

    /// Parses `PAGE:x,y,w,h` (mm), PAGE being a page number or `*`.
    public init(parsing spec: String) throws {
        let bad = DiffError("bad --ignore '\(spec)': expected PAGE:x,y,w,h in mm, PAGE a page number or *")
        let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw bad }
        let p = parts[0].trimmingCharacters(in: .whitespaces)
        if p == "*" {
            page = nil
        } else if let n = Int(p), n >= 1 {
            page = n
        } else {
            throw bad
        }
        let nums = parts[1].split(separator: ",", omittingEmptySubsequences: false)
            .map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard nums.count == 4, let x = nums[0], let y = nums[1], let w = nums[2], let h = nums[3],
              [x, y, w, h].allSatisfy(\.isFinite), w > 0, h > 0 else { throw bad }
        rect = Rect(x: x, y: y, width: w, height: h)
    }

    public func applies(to page: Int) -> Bool { self.page == nil || self.page == page }

    public var description: String {
        "\(page.map(String.init) ?? "*"):\(mm(rect.x)),\(mm(rect.y)),\(mm(rect.width)),\(mm(rect.height))"
    }
}

/// How two PDFs are compared. Tolerances are physical (mm², mm) so that the verdict
/// does not change with `dpi`; only the precision of the boxes does.
public struct PDFDiffOptions: Sendable {
    /// Raster resolution for both documents.
    public var dpi: Double = 100
    /// A pixel differs when any of its R, G, B values differs by more than this (0…255):
    /// absorbs anti-aliasing noise between poppler/FreeType versions.
    public var channelTolerance: Int = 16
    /// A page differs when its differing pixels cover more than this many mm².
    public var maxArea: Double = 0.5
    public var ignore: [IgnoreRegion] = []
    /// Side of the grid cells used to cluster differing pixels into regions (mm):
    /// changes closer than about one cell are reported as one box.
    public var clusterCell: Double = 3
    /// Where to write the HTML report with page images; nil for none.
    public var reportDirectory: String? = nil
    /// Rendering threads; each opens its own copy of both documents.
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    public init() {}

    public func validate() throws {
        guard dpi.isFinite, dpi >= 10, dpi <= 1200 else { throw DiffError("--dpi must be between 10 and 1200, got \(dpi)") }
        guard (0...255).contains(channelTolerance) else { throw DiffError("--channel-tolerance must be 0…255, got \(channelTolerance)") }
        guard maxArea.isFinite, maxArea >= 0 else { throw DiffError("--max-area must be a non-negative area in mm², got \(maxArea)") }
        guard clusterCell.isFinite, clusterCell > 0 else { throw DiffError("cluster cell must be positive") }
        guard threads >= 1 else { throw DiffError("--jobs must be at least 1") }
    }
}

/// One decimal, as every mm figure in reports is printed.
func mm(_ v: Double) -> String { String(format: "%.1f", v) }
