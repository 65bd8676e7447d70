import Foundation
import Interop
import Pipeline

/// Reprint volumes (合订本): every page of a month's or a year's issues in one PDF,
/// in date order, with bookmarks (issue → page → articles by headline) and page
/// labels (`01-12 第3版`). Pages are placed from the issue PDFs as vectors (poppler
/// draws them onto Cairo); Cairo writes the outline and labels.
public enum VolumePeriod: String, Sendable, CaseIterable, Codable { case month, year }

public struct VolumeBuilder {
    public var outDir: String
    public var period: VolumePeriod

    public init(outDir: String, period: VolumePeriod) { self.outDir = outDir; self.period = period }

    /// Writes (or keeps, when its issues are unchanged) every volume; returns their
    /// paths relative to OUT_DIR and how many were written this time.
    public func build(_ records: [IssueRecord]) throws -> (volumes: [String], written: Int) {
        var groups: [String: [IssueRecord]] = [:]
        for r in records where r.status == .ok && r.pdf != nil {
            guard r.job.stem != nil, let date = r.job.date, let paper = r.job.newspaper else { continue }
            let key = BatchJob.fileSafe(paper) + "-" + (period == .month ? String(date.prefix(7)) : String(date.prefix(4)))
            groups[key, default: []].append(r)
        }
        var out: [String] = []
        var written = 0
        for key in groups.keys.sorted() {
            let issues = groups[key]!.sorted { ($0.job.date ?? "", $0.job.id) < ($1.job.date ?? "", $1.job.id) }
            let rel = "volumes/\(key).pdf"
            let stamp = outDir + "/volumes/.\(key).inputs"
            // The volume is stale when any of its issues' PDFs changed: their sizes and input hashes say so.
            let fingerprint = ContentHash.sha256(string: issues.map { r in
                "\(r.pdf!) \(r.pdfBytes ?? 0) " + r.inputs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + " \(r.recipe)"
            }.joined(separator: "\n"))
            if FileManager.default.fileExists(atPath: outDir + "/" + rel),
               (try? String(contentsOfFile: stamp, encoding: .utf8)) == fingerprint {
                out.append(rel)
                continue
            }
            try write(issues, to: outDir + "/" + rel, title: key)
            try AtomicFile.write(Data(fingerprint.utf8), to: stamp)
            out.append(rel)
            written += 1
        }
        return (out, written)
    }

    func write(_ issues: [IssueRecord], to path: String, title: String) throws {
        try ensureParentExists(path)
        let first = try PDFDocument(path: outDir + "/" + issues[0].pdf!)
        let writer = try PDFWriter(path: path, firstPageSize: try first.pageSize(0),
                                   metadata: PDFMetadata(title: "\(title) 合订本", author: issues[0].job.newspaper ?? "",
                                                         creator: "Broadsheet", date: IssuePipeline.pdfDate(issueDate: issues[0].job.date ?? "1970-01-01")),
                                   subsetsFonts: false)   // only other PDFs' pages: draw at once, keep nothing
        var pageNo = 0
        for r in issues {
            let doc = try PDFDocument(path: outDir + "/" + r.pdf!)
            let date = r.job.date ?? ""
            let issueTitle = "\(date) 总第\(r.job.number ?? 0)期"
            let issueItem = writer.addOutline(issueTitle, page: pageNo + 1)
            for i in 0..<doc.pageCount {
                let size = try doc.pageSize(i)
                writer.beginPage(size: size)
                pageNo += 1
                let info = i < r.pages.count ? r.pages[i] : nil
                let number = info?.number ?? (i + 1)
                writer.setPageLabel("\(date.dropFirst(5)) 第\(number)版")
                try writer.drawPDFPage(doc, page: i, in: Rect(x: 0, y: 0, width: size.width, height: size.height))
                let pageItem = writer.addOutline("第\(number)版", page: pageNo, parent: issueItem)
                for headline in info?.articles ?? [] {
                    writer.addOutline(headline, page: pageNo, parent: pageItem)
                }
                writer.endPage()
            }
        }
        try writer.finish()
    }
}
