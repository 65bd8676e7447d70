import Foundation
import XCTest

/// Runs the built `broadsheet` executable and the tools that read its outputs back.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum Tool {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    final class Marker {}

    /// The executable beside the test bundle (same build configuration and scratch path).
    static var broadsheet: String {
        var dir = Bundle(for: Marker.self).bundleURL.deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("broadsheet")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            dir = dir.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/broadsheet").path
    }

    /// Starts a process (for tests that kill it or run several at once).
    static func start(_ path: String, _ args: [String], env: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        for k in ["SOURCE_DATE_EPOCH", "JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "BROADSHEET_SHARDS"] { environment.removeValue(forKey: k) }
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        return (p, out, err)
    }

    static func finish(_ r: (Process, Pipe, Pipe)) -> Run {
        let o = r.1.fileHandleForReading.readDataToEndOfFile()
        let e = r.2.fileHandleForReading.readDataToEndOfFile()
        r.0.waitUntilExit()
        return Run(status: r.0.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    @discardableResult
    static func exec(_ path: String, _ args: [String], env: [String: String] = [:]) throws -> Run {
        finish(try start(path, args, env: env))
    }

    @discardableResult
    static func batch(_ args: [String], env: [String: String] = [:]) throws -> Run {
        try exec(broadsheet, ["batch"] + args, env: env)
    }

    /// A generated archive (scripts/make-archive.sh) in a fresh scratch folder.
    static func archive(days: Int, pages: Int = 2, start: String = "2024-01-01", name: String = #function) throws -> (archive: String, out: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-batch-\(getpid())-\(name.filter(\.isLetter))").path
        try? FileManager.default.removeItem(atPath: dir)
        let r = try exec("/bin/bash", [packageRoot.path + "/scripts/make-archive.sh", "\(days)", dir + "/archive", "\(pages)", start])
        XCTAssertEqual(r.status, 0, r.stderr)
        return (dir + "/archive", dir + "/out")
    }

    static func pdfPages(_ path: String) throws -> Int? {
        let r = try exec("/usr/bin/pdfinfo", [path])
        guard r.status == 0, let line = r.stdout.split(separator: "\n").first(where: { $0.hasPrefix("Pages:") }) else { return nil }
        return Int(line.split(separator: " ").last!)
    }

    static func sha(_ path: String) throws -> String {
        try exec("/usr/bin/sha256sum", [path]).stdout.split(separator: " ").first.map(String.init) ?? ""
    }

    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// All files under a folder (relative paths), for "nothing else was written" checks.
    static func files(under dir: String) -> [String] {
        (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? []).filter {
            var d: ObjCBool = false
            return FileManager.default.fileExists(atPath: dir + "/" + $0, isDirectory: &d) && !d.boolValue
        }.sorted()
    }

    /// Child processes of `pid` (from /proc), e.g. a batch's workers.
    static func children(of pid: Int32) -> [Int32] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.flatMap { t -> [Int32] in
            let s = (try? String(contentsOfFile: "/proc/\(pid)/task/\(t)/children", encoding: .utf8)) ?? ""
            return s.split(separator: " ").compactMap { Int32($0) }
        }
    }

    static func pdfs(under dir: String) -> [String] { files(under: dir).filter { $0.hasSuffix(".pdf") && !$0.hasPrefix("volumes/") } }
}
