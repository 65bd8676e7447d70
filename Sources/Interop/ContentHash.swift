import CGraphics
import Foundation

/// SHA-256 of file contents, through GLib's GChecksum (already linked for Pango):
/// the content hashes batch runs use to decide what is stale.
public enum ContentHash {
    /// Hex SHA-256 of a file's bytes, read in 1 MiB chunks (constant memory).
    public static func sha256(file path: String) throws -> String {
        guard let fp = fopen(path, "rb") else {
            throw HashError(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(fp) }
        guard let sum = g_checksum_new(G_CHECKSUM_SHA256) else { throw HashError(path: path, reason: "no SHA-256") }
        defer { g_checksum_free(sum) }
        let size = 1 << 20
        let buf = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        defer { buf.deallocate() }
        while true {
            let n = fread(buf, 1, size, fp)
            if n > 0 { g_checksum_update(sum, buf, n) }
            if n < size {
                if ferror(fp) != 0 { throw HashError(path: path, reason: String(cString: strerror(errno))) }
                break
            }
        }
        return String(cString: g_checksum_get_string(sum))
    }

    /// Hex SHA-256 of a string's UTF-8 bytes.
    public static func sha256(string: String) -> String {
        let bytes = Array(string.utf8)
        guard let sum = g_checksum_new(G_CHECKSUM_SHA256) else { return "" }
        defer { g_checksum_free(sum) }
        bytes.withUnsafeBufferPointer { g_checksum_update(sum, $0.baseAddress, $0.count) }
        return String(cString: g_checksum_get_string(sum))
    }

    public struct HashError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): cannot read: \(reason)" }
    }
}
