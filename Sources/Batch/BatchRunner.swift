import Foundation
import Interop

/// A whole batch run: scan, pick this shard's slice, skip what is up to date, render
/// the rest on worker processes, then (when every shard is done) index and volumes.
public struct BatchRunner {
    public struct Options {
        public var settings: BatchSettings
        public var jobs = DefaultJobs.count()
        public var from: String?
        public var to: String?
        public var force = false
        public var shard: Shard?
        public var volume: VolumePeriod?
        public var executable: String
        public var progressOnTerminal = isatty(2) != 0
        public init(settings: BatchSettings, executable: String) { self.settings = settings; self.executable = executable }
    }

    /// What a run remembers in OUT_DIR for `--merge` and the final shard.
    struct RunConfig: Codable {
        var archiveRoot: String
        var from: String?
        var to: String?
        var volume: VolumePeriod?
    }

    public struct Outcome {
        public var exitStatus: Int32
        public var summary: String
    }

    public let options: Options
    public init(options: Options) { self.options = options }

    static func log(_ s: String) { FileHandle.standardError.write(Data(("broadsheet: " + s + "\n").utf8)) }

    public func run() throws -> Outcome {
        let clock = Date()
        var s = options.settings
        s.shard = options.shard?.description
        let all = try ArchiveScan.scan(s.archiveRoot, from: options.from, to: options.to)
        let mine = options.shard.map { $0.select(all) } ?? all
        try writeConfig()

        // Staleness from content hashes, in parallel (hashing is most of a no-change run).
        var reasons = [String?](repeating: nil, count: mine.count)
        let staleness = Staleness(archiveRoot: s.archiveRoot, outDir: s.outDir, recipe: s.recipe)
        let force = options.force
        reasons.withUnsafeMutableBufferPointer { buf in
            let b = UncheckedBox(buf)
            DispatchQueue.concurrentPerform(iterations: mine.count) { i in
                b.value[i] = force ? "--force" : staleness.reason(mine[i])
            }
        }
        let todo = zip(mine, reasons).filter { $0.1 != nil }.map(\.0)
        let upToDate = mine.count - todo.count
        let shardText = options.shard.map { "shard \($0): " } ?? ""
        if todo.isEmpty {
            Self.log("\(shardText)\(mine.count) issues up to date; nothing to render")
        } else {
            Self.log("\(shardText)\(todo.count) of \(mine.count) issues to render (\(upToDate) up to date) on \(min(options.jobs, todo.count)) workers")
        }

        // Counts only: the coordinator keeps no per-issue state, so its memory does not
        // grow with the archive (the records are on disk).
        let progress = Progress(total: todo.count, expectedPages: todo.reduce(0) { $0 + $1.pageCount },
                                terminal: options.progressOnTerminal)
        if !todo.isEmpty {
            let pool = WorkerPool(executable: options.executable, settings: s, workers: options.jobs)
            pool.run(todo) { r in progress.finished(r) }
        }
        let failed = progress.failed, rendered = progress.done - progress.failed, pages = progress.pages

        // The index and volumes need every shard's work: built here when this run
        // covers the whole archive, else by the last shard to finish (or --merge).
        var indexNote = ""
        if let shard = options.shard {
            try markShardDone(shard)
            if allShardsDone(shard) {
                let m = try BatchRunner.merge(outDir: s.outDir, volumeOverride: options.volume)
                indexNote = "; last shard: " + m
            }
        } else {
            indexNote = "; " + (try BatchRunner.merge(outDir: s.outDir, volumeOverride: options.volume))
        }
        let secs = Date().timeIntervalSince(clock)
        let rate = secs > 0 ? Double(pages) / secs : 0
        let summary = "\(shardText)\(mine.count) issues: \(rendered) rendered, \(failed) failed, \(upToDate) up to date; "
            + String(format: "%d pages in %.1f s (%.1f pages/s)", pages, secs, rate) + indexNote
        return Outcome(exitStatus: failed == 0 ? 0 : 1, summary: summary)
    }

    func writeConfig() throws {
        let s = options.settings
        let cfg = RunConfig(archiveRoot: s.archiveRoot, from: options.from, to: options.to, volume: options.volume)
        do {
            try FileManager.default.createDirectory(atPath: s.outDir, withIntermediateDirectories: true)
            try AtomicFile.write(JSONEncoder().encode(cfg), to: s.outDir + "/.batch/run.json")
        } catch {
            throw BatchError("\(s.outDir): the output folder is not writable: \(error)")
        }
    }

    func markShardDone(_ shard: Shard) throws {
        let dir = options.settings.outDir + "/.batch/shards-of-\(shard.count)"
        try AtomicFile.write(Data("done\n".utf8), to: dir + "/\(shard.index + 1).done")
    }

    func allShardsDone(_ shard: Shard) -> Bool {
        let dir = options.settings.outDir + "/.batch/shards-of-\(shard.count)"
        return (1...shard.count).allSatisfy { FileManager.default.fileExists(atPath: dir + "/\($0).done") }
    }

    /// Builds index.json, index.html and the volumes from the records in OUT_DIR,
    /// for the archive the runs were made from. Serialised by a lock file, so two
    /// shards finishing at once do not write the index together.
    public static func merge(outDir: String, volumeOverride: VolumePeriod? = nil) throws -> String {
        guard let data = FileManager.default.contents(atPath: outDir + "/.batch/run.json"),
              let cfg = try? JSONDecoder().decode(RunConfig.self, from: data) else {
            throw BatchError("\(outDir): not a batch output folder (no .batch/run.json); run `broadsheet batch ARCHIVE -o \(outDir)` first")
        }
        let lockPath = outDir + "/.batch/merge.lock"
        let fd = open(lockPath, O_CREAT | O_RDWR, 0o644)
        if fd >= 0 { flock(fd, LOCK_EX) }
        defer { if fd >= 0 { flock(fd, LOCK_UN); close(fd) } }

        let jobs = try ArchiveScan.scan(cfg.archiveRoot, from: cfg.from, to: cfg.to)
        var volumes: [String] = []
        var note = ""
        if let period = volumeOverride ?? cfg.volume {
            let records = jobs.compactMap { IssueRecord.read(outDir + "/" + $0.recordPath) }
            let built = try VolumeBuilder(outDir: outDir, period: period).build(records)
            volumes = built.volumes
            note = ", \(built.volumes.count) volumes (\(built.written) written)"
        }
        let index = ArchiveIndex(jobs: jobs, outDir: outDir, volumes: volumes)
        try index.write(to: outDir)
        return "index: \(index.ok) ok, \(index.failed) failed, \(index.pending) pending" + note
    }
}

/// Lets concurrentPerform write disjoint slots of one buffer.
struct UncheckedBox<T>: @unchecked Sendable {
    var value: T
    init(_ v: T) { value = v }
}
