import Foundation

/// Runs jobs on N worker processes (`broadsheet batch-worker`), each a long-lived
/// process with one `IssueRenderer` (fonts loaded once per worker). Processes rather
/// than threads: a crash in one issue (a C library abort, an out-of-memory kill)
/// fails that issue only, the worker is replaced and the batch goes on; and a
/// worker's memory is returned whole when it is recycled.
public final class WorkerPool: @unchecked Sendable {
    public let executable: String
    public let settings: BatchSettings
    public let workers: Int
    /// A worker is replaced after this many issues, so memory stays flat however long the run.
    public var issuesPerWorker = 100

    public init(executable: String, settings: BatchSettings, workers: Int) {
        self.executable = executable; self.settings = settings; self.workers = max(1, workers)
    }

    /// Renders every job; `done` is called (serialised) as each finishes, in completion order.
    public func run(_ jobs: [BatchJob], done: @escaping (IssueRecord) -> Void) {
        signal(SIGPIPE, SIG_IGN)
        let queue = JobQueue(jobs: jobs, done: done)
        let group = DispatchGroup()
        for _ in 0..<min(workers, jobs.count) {
            group.enter()
            Thread.detachNewThread { [self] in
                var worker: WorkerProcess?
                var served = 0
                while let job = queue.take() {
                    if worker == nil || served >= issuesPerWorker {
                        worker?.close()
                        worker = try? WorkerProcess(executable: executable, settings: settings)
                        served = 0
                    }
                    let record: IssueRecord
                    if let w = worker, let r = w.render(job) {
                        record = r
                        served += 1
                    } else {
                        let why = worker?.close() ?? "could not start a worker process (\(executable))"
                        worker = nil
                        record = crashRecord(job, why)
                    }
                    queue.finished(record)
                }
                worker?.close()
                group.leave()
            }
        }
        group.wait()
    }

    /// The jobs left and the completion callback, shared by the worker threads under one lock.
    final class JobQueue: @unchecked Sendable {
        private let lock = NSLock()
        private var jobs: [BatchJob]
        private var next = 0
        private let done: (IssueRecord) -> Void
        init(jobs: [BatchJob], done: @escaping (IssueRecord) -> Void) { self.jobs = jobs; self.done = done }
        func take() -> BatchJob? {
            lock.lock(); defer { lock.unlock() }
            guard next < jobs.count else { return nil }
            next += 1
            return jobs[next - 1]
        }
        func finished(_ r: IssueRecord) { lock.lock(); defer { lock.unlock() }; done(r) }
    }

    private func crashRecord(_ job: BatchJob, _ why: String) -> IssueRecord {
        let rec = IssueRecord(job: job, status: .failed, error: "\(job.issuePath ?? job.id): \(why)",
                              version: BroadsheetVersion.string, recipe: settings.recipe, inputs: [:],
                              articleFiles: [], pdf: nil, pdfBytes: nil, pages: [], copyfit: nil, seconds: 0)
        try? AtomicFile.write(rec.json(), to: settings.outDir + "/" + job.recordPath)
        return rec
    }
}

/// How many workers by default: the cores, but no more than a container's CPU quota
/// (cgroup v2 `cpu.max`), so a 2-CPU pod on a 64-core node starts 2 workers, not 64.
public enum DefaultJobs {
    public static func count(cores: Int = ProcessInfo.processInfo.activeProcessorCount,
                             cpuMax: String? = try? String(contentsOfFile: "/sys/fs/cgroup/cpu.max", encoding: .utf8)) -> Int {
        guard let parts = cpuMax?.split(separator: " "), parts.count == 2,
              let quota = Double(parts[0]), let period = Double(parts[1].trimmingCharacters(in: .whitespacesAndNewlines)),
              period > 0 else { return max(1, cores) }
        return max(1, min(cores, Int((quota / period).rounded(.up))))
    }
}

/// One worker process and its pipes: a job as one JSON line in, its record as one JSON line out.
final class WorkerProcess {
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    private lazy var reader = WorkerLoop.LineReader(fd: output.fileHandleForReading.fileDescriptor)

    init(executable: String, settings: BatchSettings) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["batch-worker"]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        guard send(try JSONEncoder().encode(settings)) else { throw BatchError("worker did not start") }
    }

    private func send(_ data: Data) -> Bool {
        var bytes = [UInt8](data)
        bytes.append(0x0A)
        let fd = input.fileHandleForWriting.fileDescriptor
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            off += n
        }
        return true
    }

    private func readLine() -> Data? { reader.next() }

    /// The record, or nil when the worker died before answering.
    func render(_ job: BatchJob) -> IssueRecord? {
        guard let data = try? JSONEncoder().encode(job), send(data), let line = readLine() else { return nil }
        return try? JSONDecoder().decode(IssueRecord.self, from: line)
    }

    /// Ends the worker (closing its input ends its loop) and says how it ended.
    @discardableResult
    func close() -> String {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? output.fileHandleForReading.close()
        if process.terminationReason == .uncaughtSignal {
            return "the worker process was killed by signal \(process.terminationStatus) while rendering this issue"
        }
        return "the worker process exited with status \(process.terminationStatus) while rendering this issue"
    }
}

/// The worker side: reads settings, then jobs, one JSON line each, from stdin and
/// answers each with its record on stdout. Ends when stdin closes.
public enum WorkerLoop {
    public static func run() -> Int32 {
        var reader = LineReader(fd: 0)
        guard let first = reader.next(), let settings = try? JSONDecoder().decode(BatchSettings.self, from: first) else {
            return 2
        }
        // Records go to the original stdout; anything a library prints goes to stderr,
        // so it can never corrupt the protocol.
        let protocolOut = FileHandle(fileDescriptor: dup(1), closeOnDealloc: true)
        dup2(2, 1)
        let renderer = IssueRenderer(settings: settings)
        let enc = JSONEncoder()
        while let line = reader.next() {
            guard let job = try? JSONDecoder().decode(BatchJob.self, from: line) else { return 2 }
            if let f = ProcessInfo.processInfo.environment["BROADSHEET_CRASH_ON"], !f.isEmpty, job.id.contains(f) {
                abort()   // test hook: a worker that dies in the middle of an issue
            }
            let record = renderer.render(job)
            guard var data = try? enc.encode(record) else { return 2 }
            data.append(0x0A)
            protocolOut.write(data)
        }
        return 0
    }

    /// Newline-delimited messages read straight from a file descriptor (no
    /// FileHandle buffering, so nothing is read past the message being waited for).
    struct LineReader {
        let fd: Int32
        var buffer: [UInt8] = []
        init(fd: Int32) { self.fd = fd }
        mutating func next() -> Data? {
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                if let nl = buffer.firstIndex(of: 0x0A) {
                    let line = Data(buffer[..<nl])
                    buffer.removeSubrange(...nl)
                    return line
                }
                let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return nil }
                buffer.append(contentsOf: chunk[..<n])
            }
        }
    }
}
