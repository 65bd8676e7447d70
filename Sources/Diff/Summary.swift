import Foundation
import Interop

extension PDFDiffResult {
    /// The text report: one line per differing page, then `N of M pages differ`.
    /// Region boxes are printed as `x,y,w,h` in mm, the syntax `--ignore` takes,
    /// so a known, accepted change can be pasted straight into the CI job.
    public var summaryLines: [String] {
        var lines: [String] = []
        let oldName = (oldPath as NSString).lastPathComponent, newName = (newPath as NSString).lastPathComponent
        if oldPageCount != newPageCount {
            lines.append("page count differs: \(oldName) has \(oldPageCount) pages, \(newName) has \(newPageCount)")
        }
        for p in differentPages {
            switch p.kind {
            case .equal, .withinTolerance:
                break
            case .different:
                let n = p.regions.count
                let boxes = p.regions.map { "\(mm($0.x)),\(mm($0.y)),\(mm($0.width)),\(mm($0.height))" }
                lines.append("page \(p.page): \(String(format: "%.2f", p.differingArea)) mm² differ in \(n) region\(n == 1 ? "" : "s") (x,y,w,h mm): "
                             + boxes.joined(separator: "; "))
            case let .sizeDiffers(old, new):
                lines.append("page \(p.page): page size differs: \(sizeMM(old)) → \(sizeMM(new))")
            case .onlyInOld:
                lines.append("page \(p.page): only in \(oldName)")
            case .onlyInNew:
                lines.append("page \(p.page): only in \(newName)")
            }
        }
        lines.append(pagesDiffer(differentPages.count, pages.count))
        return lines
    }
}

func sizeMM(_ s: Size) -> String { "\(mm(Units.toMM(s.width)))×\(mm(Units.toMM(s.height))) mm" }

/// "2 of 16 pages differ", the last line of every summary.
func pagesDiffer(_ m: Int, _ n: Int) -> String { n == 1 ? "\(m) of 1 page differs" : "\(m) of \(n) pages differ" }
