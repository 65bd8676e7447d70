import Foundation
import Interop

/// Bumped with every change that can change output; part of every issue's input hash.
public enum BroadsheetVersion {
    public static let string = "0.11.0"
}

/// What a batch run wrote for one issue and everything it was made from, kept next
/// to the outputs (`<date>/<paper>-<date>.record.json`). The record is written last,
/// atomically: its presence with matching hashes is what "done" means.
public struct IssueRecord: Codable, Sendable {
    public enum Status: String, Codable, Sendable { case ok, failed }

    public struct PageInfo: Codable, Sendable {
        public var number: Int
        /// Headlines of the articles on the page, top to bottom (for volume bookmarks).
        public var articles: [String]
        /// Thumbnail, relative to OUT_DIR.
        public var thumbnail: String?
        /// ALTO file, relative to OUT_DIR.
        public var alto: String?
    }

    public struct Copyfit: Codable, Sendable {
        public var fits = 0, overset = 0, underset = 0
        /// One line per overset article.
        public var oversetArticles: [String] = []
    }

    public var job: BatchJob
    public var status: Status
    /// The message as `render` would print it (names file and line).
    public var error: String?
    public var version: String
    /// Options that shape the outputs (profile, thumbnails, ALTO, strict, auto).
    public var recipe: String
    /// Input file (relative to the archive when inside it) → SHA-256.
    public var inputs: [String: String]
    /// Font files the issue's styles resolved to → size and modification time.
    public var fontFiles: [String: String]? = nil
    /// The issue folder's article files when it was rendered: a new article makes it stale.
    public var articleFiles: [String]
    /// The PDF, relative to OUT_DIR, and its size in bytes.
    public var pdf: String?
    public var pdfBytes: Int?
    public var pages: [PageInfo]
    public var copyfit: Copyfit?
    public var seconds: Double
    /// The shard that rendered it (`2/8`), nil for an unsharded run.
    public var shard: String?
    /// The worker process's resident memory after this issue and its peak so far, in MB
    /// (from /proc/self/status): the benchmark's check that memory stays flat.
    public var workerRSSMB: Double?
    public var workerPeakMB: Double?

    public func json() throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try enc.encode(self)
    }

    public static func read(_ path: String) -> IssueRecord? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(IssueRecord.self, from: data)
    }
}

/// Atomic file writes: temp file in the same folder, then rename. A reader (or a
/// run after a crash) sees the old file or the new one, never half of one.
public enum AtomicFile {
    /// Test hook: `BROADSHEET_FAIL_WRITE=substring` makes writes to matching paths
    /// fail as a full disk would (ENOSPC), to test that nothing is lost.
    static let injectedFailure = ProcessInfo.processInfo.environment["BROADSHEET_FAIL_WRITE"]

    public static func write(_ data: Data, to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let temp = dir + "/." + (path as NSString).lastPathComponent + ".tmp-\(getpid())"
        if let f = injectedFailure, !f.isEmpty, path.contains(f) {
            throw BatchError("\(path): cannot write: No space left on device (injected)")
        }
        guard FileManager.default.createFile(atPath: temp, contents: nil) else {
            throw BatchError("\(path): cannot write: \(String(cString: strerror(errno)))")
        }
        do {
            let h = try FileHandle(forWritingTo: URL(fileURLWithPath: temp))
            defer { try? h.close() }
            try h.write(contentsOf: data)
            try h.synchronize()
        } catch {
            unlink(temp)
            throw BatchError("\(path): cannot write: \(error.localizedDescription)")
        }
        if rename(temp, path) != 0 {
            let e = String(cString: strerror(errno))
            unlink(temp)
            throw BatchError("\(path): cannot write: \(e)")
        }
    }
}

/// Decides whether an issue must be rendered again: make's rule with content hashes.
public struct Staleness: Sendable {
    public var archiveRoot: String
    public var outDir: String
    public var recipe: String

    public init(archiveRoot: String, outDir: String, recipe: String) {
        self.archiveRoot = archiveRoot; self.outDir = outDir; self.recipe = recipe
    }

    /// nil when the issue's record says it was rendered from exactly these inputs and
    /// its outputs are still there; otherwise why it must be rendered.
    public func reason(_ job: BatchJob) -> String? {
        guard let rec = IssueRecord.read(outDir + "/" + job.recordPath) else { return "not rendered yet" }
        guard rec.status == .ok else { return "failed last time" }
        guard rec.version == BroadsheetVersion.string else { return "Broadsheet version changed" }
        guard rec.recipe == recipe else { return "options changed" }
        if let issuePath = job.issuePath {
            let dir = (issuePath as NSString).deletingLastPathComponent
            if Self.articleFiles(in: dir) != rec.articleFiles { return "article files added or removed" }
        }
        for (path, hash) in rec.inputs {
            let abs = path.hasPrefix("/") ? path : archiveRoot + "/" + path
            guard let now = try? ContentHash.sha256(file: abs) else { return "\(path) is gone" }
            if now != hash { return "\(path) changed" }
        }
        for (path, stamp) in rec.fontFiles ?? [:] where FileStamp.of(path) != stamp {
            return "font file \(path) changed"
        }
        if let pdf = rec.pdf {
            let attrs = try? FileManager.default.attributesOfItem(atPath: outDir + "/" + pdf)
            if (attrs?[.size] as? Int) != rec.pdfBytes { return "\(pdf) is missing or changed" }
        }
        for p in rec.pages {
            for f in [p.thumbnail, p.alto].compactMap({ $0 }) where !FileManager.default.fileExists(atPath: outDir + "/" + f) {
                return "\(f) is missing"
            }
        }
        return nil
    }

    public static func articleFiles(in dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.hasSuffix(".txt") && !$0.hasPrefix(".") }.sorted()
    }
}
