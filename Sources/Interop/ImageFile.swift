import Foundation

/// A photo file read and checked up front: kind and pixel size from its header.
/// Checking here means a corrupt file is reported with its path before any drawing.
public struct ImageFile: Sendable {
    public enum Kind: String, Sendable { case jpeg, png }
    public var path: String
    public var kind: Kind
    public var pixelWidth: Int
    public var pixelHeight: Int
    public var data: Data

    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(String)
        case unsupported(String)
        case corrupt(String, String)
        public var description: String {
            switch self {
            case let .unreadable(p): return "\(p): cannot read image file"
            case let .unsupported(p): return "\(p): not a JPEG or PNG image"
            case let .corrupt(p, why): return "\(p): corrupt image (\(why))"
            }
        }
    }

    public init(path: String) throws {
        guard let d = FileManager.default.contents(atPath: path) else { throw LoadError.unreadable(path) }
        self.path = path
        data = d
        let b = [UInt8](d)
        if b.count >= 3, b[0] == 0xFF, b[1] == 0xD8, b[2] == 0xFF {
            kind = .jpeg
            (pixelWidth, pixelHeight) = try ImageFile.jpegSize(b, path: path)
        } else if b.count >= 24, b[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            kind = .png
            func be32(_ i: Int) -> Int { Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3]) }
            pixelWidth = be32(16); pixelHeight = be32(20)
            guard pixelWidth > 0, pixelHeight > 0, b.count > 33 else { throw LoadError.corrupt(path, "bad PNG header") }
            guard b.suffix(12).starts(with: [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44]) else {
                throw LoadError.corrupt(path, "PNG data is truncated (no IEND chunk)")
            }
        } else {
            throw LoadError.unsupported(path)
        }
    }

    /// Walks the JPEG marker segments to the first SOFn; requires the EOI marker at the end.
    static func jpegSize(_ b: [UInt8], path: String) throws -> (Int, Int) {
        var i = 2
        var size: (Int, Int)? = nil
        while i + 4 <= b.count {
            guard b[i] == 0xFF else { throw LoadError.corrupt(path, "bad JPEG marker at byte \(i)") }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }
            if marker == 0xD9 { break }
            let len = Int(b[i + 2]) << 8 | Int(b[i + 3])
            guard len >= 2, i + 2 + len <= b.count else { throw LoadError.corrupt(path, "JPEG segment runs past end of file") }
            if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC {
                guard len >= 7 else { throw LoadError.corrupt(path, "short JPEG frame header") }
                size = (Int(b[i + 7]) << 8 | Int(b[i + 8]), Int(b[i + 5]) << 8 | Int(b[i + 6]))
            }
            if marker == 0xDA { break }  // start of scan: entropy-coded data follows
            i += 2 + len
        }
        guard let s = size, s.0 > 0, s.1 > 0 else { throw LoadError.corrupt(path, "no JPEG frame header") }
        guard b.count >= 4, b[b.count - 2] == 0xFF, b[b.count - 1] == 0xD9 else {
            throw LoadError.corrupt(path, "JPEG data is truncated (no end-of-image marker)")
        }
        return s
    }
}
