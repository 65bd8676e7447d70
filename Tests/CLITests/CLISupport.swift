import Foundation
import XCTest

/// Runs the built `broadsheet` executable, as a user would, and captures its output.
struct CLIRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum CLI {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The executable beside the test bundle (same build configuration and scratch path).
    static var executable: URL {
        var dir = Bundle(for: Marker.self).bundleURL.deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("broadsheet")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/broadsheet")
    }

    final class Marker {}

    @discardableResult
    static func run(_ args: [String], cwd: URL? = nil, env: [String: String] = [:]) throws -> CLIRun {
        try exec(executable.path, args, cwd: cwd, env: env)
    }

    static func exec(_ path: String, _ args: [String], cwd: URL? = nil, env: [String: String] = [:]) throws -> CLIRun {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        if let cwd { p.currentDirectoryURL = cwd }
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "SOURCE_DATE_EPOCH")
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read before waiting so a full pipe cannot block the child.
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLIRun(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// A scratch copy of the demo issue with Layouts/ and Fonts/ beside it, so tests can break things.
    static func scratchProject(_ name: String = #function) throws -> URL {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("broadsheet-cli-\(getpid())-\(name.filter(\.isLetter))")
        try? fm.removeItem(at: dir)
        try fm.createDirectory(at: dir.appendingPathComponent("Articles"), withIntermediateDirectories: true)
        try fm.copyItem(at: packageRoot.appendingPathComponent("Articles/2024-01-12"), to: dir.appendingPathComponent("Articles/2024-01-12"))
        try fm.copyItem(at: packageRoot.appendingPathComponent("Layouts"), to: dir.appendingPathComponent("Layouts"))
        try fm.copyItem(at: packageRoot.appendingPathComponent("Fonts"), to: dir.appendingPathComponent("Fonts"))
        return dir
    }

    static func edit(_ file: URL, _ transform: (String) -> String) throws {
        let s = try String(contentsOf: file, encoding: .utf8)
        try transform(s).write(to: file, atomically: true, encoding: .utf8)
    }
}

extension CLI {
    /// Waits until a `watch` log holds `needle` (the watcher writes each pass unbuffered).
    static func waitFor(_ needle: String, in log: URL, timeout: TimeInterval = 180) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if text.contains(needle) { return text }
            usleep(100_000)
        }
        XCTFail("no '\(needle)' in the watch log:\n" + ((try? String(contentsOf: log, encoding: .utf8)) ?? ""))
        throw XCTSkip("watch did not report \(needle)")
    }
}
