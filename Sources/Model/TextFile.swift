import Foundation

/// Reads a UTF-8 text file for the loaders: rejects invalid UTF-8 naming the
/// line of the first bad byte (editors saving in GBK is the usual cause), drops
/// a byte-order mark and normalises CRLF/CR to LF so line numbers match editors.
enum TextFile {
    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
                throw LoadError(file: path, "is a directory, expected a file")
            }
            throw LoadError(file: path, "cannot read file (missing or not readable)")
        }
        return try decode(data, file: path)
    }

    static func decode(_ data: Data, file: String) throws -> String {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        // Validate line by line so the error can say where the bad bytes are.
        var lineNo = 1
        for lineBytes in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            let s = String(decoding: lineBytes, as: UTF8.self)
            if Array(s.utf8) != Array(lineBytes) {
                throw LoadError(file: file, line: lineNo, "invalid UTF-8 (is the file saved in another encoding, e.g. GBK?); save it as UTF-8")
            }
            lineNo += 1
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}

/// Path helpers shared by the loaders.
enum Paths {
    static func directory(_ path: String) -> String {
        let d = (path as NSString).deletingLastPathComponent
        return d.isEmpty ? "." : d
    }
    static func join(_ dir: String, _ name: String) -> String {
        (dir as NSString).appendingPathComponent(name)
    }
    static func baseName(_ path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }
    static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
    /// Absolute path with `.`/`..` and every symlink resolved (realpath(3)),
    /// or nil if it does not exist. Used for the "stays inside the issue
    /// folder" check, which must look through symlinks.
    static func real(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
    /// Absolute path with `.` and `..` removed textually — no symlinks
    /// followed (Foundation's standardizingPath may resolve them, which would
    /// hide what the file actually wrote).
    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for c in full.split(separator: "/") {
            if c == "." { continue }
            if c == ".." { _ = parts.popLast(); continue }
            parts.append(c)
        }
        return "/" + parts.joined(separator: "/")
    }
    static func isInside(_ path: String, _ dir: String) -> Bool {
        let d = dir.hasSuffix("/") ? dir : dir + "/"
        return path.hasPrefix(d)
    }
}
