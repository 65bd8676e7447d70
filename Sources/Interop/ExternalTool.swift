import Foundation

/// Runs a command-line tool (Ghostscript) as a subprocess and returns its stderr;
/// a non-zero exit becomes an error with the tool's own message.
public enum ExternalTool {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Where `name` is on PATH, or nil.
    public static func find(_ name: String) -> String? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for d in dirs where FileManager.default.isExecutableFile(atPath: "\(d)/\(name)") { return "\(d)/\(name)" }
        return nil
    }

    @discardableResult
    public static func run(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (stdout: String, stderr: String) {
        guard let exe = find(name) else {
            throw Failure(description: "\(name) not found on PATH (install it with scripts/install-deps.sh)")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        // Output goes to files, so a chatty tool never blocks on a full pipe.
        let base = NSTemporaryDirectory() + "broadsheet-tool-\(getpid())-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: base + ".out", contents: nil)
        FileManager.default.createFile(atPath: base + ".err", contents: nil)
        defer { unlink(base + ".out"); unlink(base + ".err") }
        p.standardOutput = FileHandle(forWritingAtPath: base + ".out")
        p.standardError = FileHandle(forWritingAtPath: base + ".err")
        p.standardInput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let stdout = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
        guard p.terminationStatus == 0 else {
            let msg = (stderr + stdout).split(separator: "\n").prefix(6).joined(separator: "; ")
            throw Failure(description: "\(name) failed (exit \(p.terminationStatus)): \(msg)")
        }
        return (stdout, stderr)
    }
}
