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
        // CRLF and CR become LF on the bytes (a CR is never part of a multi-byte sequence).
        if bytes.contains(0x0D) {
            var lf: [UInt8] = []
            lf.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                if bytes[i] == 0x0D {
                    lf.append(0x0A)
                    if i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
                } else {
                    lf.append(bytes[i])
                }
                i += 1
            }
            bytes = lf
        }
        // Valid UTF-8 (the usual case) in one pass; otherwise find the line of the bad bytes.
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var lineNo = 1
        for lineBytes in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if String(validating: lineBytes, as: UTF8.self) == nil {
                throw LoadError(file: file, line: lineNo, "invalid UTF-8 (is the file saved in another encoding, e.g. GBK?); save it as UTF-8")
            }
            lineNo += 1
        }
        throw LoadError(file: file, "invalid UTF-8 (is the file saved in another encoding, e.g. GBK?); save it as UTF-8")
    }
}

/// Line splitting and blank trimming scalar by scalar: the same results as splitting
/// on the "\n" Character and `trimmingCharacters(in: .whitespaces)`, without walking
/// grapheme clusters or going through NSString (a tenth of the cost on article files).
public enum TextLines {
    /// The lines of LF-separated text, empty ones kept (LF is always a grapheme of its own).
    public static func lines(_ text: String) -> [String] {
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(Substring($0)) }
    }

    /// What `CharacterSet.whitespaces` holds: tab, general category Zs (the ideographic
    /// space U+3000 included) and U+200B.
    public static func isBlank(_ u: Unicode.Scalar) -> Bool {
        u == "\t" || u.value == 0x200B || u.properties.generalCategory == .spaceSeparator
    }

    public static func trimmed(_ s: Substring.UnicodeScalarView) -> String {
        guard let first = s.firstIndex(where: { !isBlank($0) }), let last = s.lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(Substring(s[first...last]))
    }

    public static func trimmed(_ s: String) -> String { trimmed(Substring(s).unicodeScalars) }
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
