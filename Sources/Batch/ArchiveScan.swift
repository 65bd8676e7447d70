import Foundation
import Yams

/// One unit of batch work: an issue file found in the archive, or a problem found
/// while scanning (a folder of articles with no issue file, two issue files for one
/// date) that is reported like a failed issue so nothing goes unnoticed.
public struct BatchJob: Sendable, Codable, Hashable {
    /// The issue file (or, for a folder with no issue file, the folder), relative to the archive.
    public var id: String
    /// Absolute path of the issue file; nil when there is none.
    public var issuePath: String?
    public var newspaper: String?
    public var date: String?
    public var number: Int?
    /// Pages listed in the issue file (1 when it cannot be read): the weight for sharding.
    public var pageCount: Int
    /// Why this job cannot be rendered, found while scanning; nil for a normal issue.
    public var problem: String?

    /// `<paper>-<date>`: the stem of every output of this issue.
    public var stem: String? {
        guard problem == nil, let newspaper, let date else { return nil }
        return BatchJob.fileSafe(newspaper) + "-" + date
    }

    /// Where this job's outputs go, relative to OUT_DIR: `<date>/` for issues,
    /// `_problems/` for what could not be identified as one issue.
    public var outputFolder: String { stem != nil ? date! : "_problems" }

    /// The per-issue record (input hashes, outputs, status), relative to OUT_DIR.
    public var recordPath: String {
        if let stem { return "\(outputFolder)/\(stem).record.json" }
        return "_problems/\(BatchJob.fileSafe(id)).record.json"
    }

    static func fileSafe(_ s: String) -> String {
        String(s.map { "/\\:*?\"<>| \t\n".contains($0) ? "_" : $0 })
    }
}

/// Finds every issue under an archive folder: files named `issue.yaml` (or `issue.yml`).
public enum ArchiveScan {
    public static let issueFileNames: Set<String> = ["issue.yaml", "issue.yml"]

    /// Every issue (and scan problem) under `root`, sorted by date then path;
    /// `from`/`to` (YYYY-MM-DD, inclusive) keep only issues in that range.
    public static func scan(_ root: String, from: String? = nil, to: String? = nil) throws -> [BatchJob] {
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: rootURL.path, isDirectory: &isDir), isDir.boolValue else {
            throw BatchError("\(root): no such archive folder")
        }
        var jobs: [BatchJob] = []
        try walk(rootURL.path, relative: "", into: &jobs)

        // Two issue files for one paper and date would write the same outputs: render neither.
        var byKey: [String: [Int]] = [:]
        for (i, j) in jobs.enumerated() where j.problem == nil {
            if let d = j.date, let n = j.newspaper { byKey["\(n)|\(d)", default: []].append(i) }
        }
        for (_, idx) in byKey where idx.count > 1 {
            let names = idx.map { jobs[$0].id }
            for i in idx {
                jobs[i].problem = "two issue files for \(jobs[i].newspaper!) \(jobs[i].date!): \(names.joined(separator: " and ")); keep one"
            }
        }
        jobs = jobs.filter { j in
            guard let d = j.date else { return true }
            if let from, d < from { return false }
            if let to, d > to { return false }
            return true
        }
        return jobs.sorted { ($0.date ?? "", $0.id) < ($1.date ?? "", $1.id) }
    }

    private static func walk(_ dir: String, relative: String, into jobs: inout [BatchJob]) throws {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted() } catch {
            if relative.isEmpty { throw BatchError("\(dir): cannot list the archive folder: \(error.localizedDescription)") }
            jobs.append(BatchJob(id: relative, issuePath: nil, pageCount: 1,
                                 problem: "\(dir): cannot list the folder: \(error.localizedDescription)"))
            return
        }
        let issueFiles = names.filter { issueFileNames.contains($0) }
        let hasArticles = names.contains { $0.hasSuffix(".txt") && !$0.hasPrefix(".") }
        for name in issueFiles {
            let rel = relative.isEmpty ? name : relative + "/" + name
            jobs.append(readHeader(dir + "/" + name, id: rel))
        }
        if issueFiles.isEmpty && hasArticles {
            jobs.append(BatchJob(id: relative.isEmpty ? "." : relative, issuePath: nil, pageCount: 1,
                                 problem: "\(dir): article files but no issue file (issue.yaml)"))
        }
        if issueFiles.count > 1 {
            for i in jobs.indices.suffix(issueFiles.count) {
                jobs[i].problem = "\(dir): two issue files (\(issueFiles.joined(separator: ", "))); keep one"
            }
        }
        // An issue folder's subfolders are its photos and ads, not more issues.
        if !issueFiles.isEmpty { return }
        for name in names where !name.hasPrefix(".") {
            let path = dir + "/" + name
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else { continue }
            // Templates and fonts live beside the issues; they are never issue folders.
            if relative.isEmpty && (name == "Layouts" || name == "Fonts") { continue }
            try walk(path, relative: relative.isEmpty ? name : relative + "/" + name, into: &jobs)
        }
    }

    /// Reads only the issue file's masthead fields and page count (no articles, no
    /// templates): enough to name outputs, find records and shard. A file this cannot
    /// read still becomes a job; the real load reports its error with file:line.
    static func readHeader(_ path: String, id: String) -> BatchJob {
        var job = BatchJob(id: id, issuePath: path, pageCount: 1)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let composed = try? Yams.compose(yaml: text), let map = composed.mapping else {
            if !FileManager.default.isReadableFile(atPath: path) {
                job.problem = "\(path): cannot read the issue file"
            }
            return job
        }
        job.newspaper = map["newspaper"]?.string
        job.date = map["date"]?.string
        job.number = map["number"]?.int
        if let pages = map["pages"]?.sequence { job.pageCount = max(1, pages.count) }
        if let d = job.date, !isISODate(d) { job.date = nil }
        if job.newspaper == nil || job.date == nil {
            // Let the full load explain what is wrong; name outputs after the folder meanwhile.
            job.newspaper = nil; job.date = nil
        }
        return job
    }

    static func isISODate(_ s: String) -> Bool {
        let p = s.split(separator: "-")
        return p.count == 3 && p[0].count == 4 && p[1].count == 2 && p[2].count == 2 && p.allSatisfy { $0.allSatisfy(\.isNumber) }
    }
}

public struct BatchError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
