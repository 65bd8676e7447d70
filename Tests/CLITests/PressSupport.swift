import Foundation
import XCTest

/// One printing plate from Ghostscript's `tiffsep` device: 8-bit, uncompressed.
struct Plate {
    var width: Int
    var height: Int
    /// Ink per pixel, 0…255 (255 = solid).
    var ink: [UInt8]
    var dpi: Double

    /// Reads a plate TIFF (little-endian, strips, no compression).
    init(tiff path: String, dpi: Double) throws {
        let d = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func u16(_ o: Int) -> Int { Int(d[o]) | Int(d[o + 1]) << 8 }
        func u32(_ o: Int) -> Int { u16(o) | u16(o + 2) << 16 }
        guard d.count > 8, d[0] == 0x49, d[1] == 0x49 else { throw CLIError("\(path): not a little-endian TIFF") }
        let ifd = u32(4)
        var tags: [Int: (type: Int, count: Int, value: Int)] = [:]
        for i in 0..<u16(ifd) {
            let e = ifd + 2 + 12 * i
            tags[u16(e)] = (u16(e + 2), u32(e + 4), u32(e + 8))
        }
        func values(_ tag: Int) -> [Int] {
            guard let t = tags[tag] else { return [] }
            let size = t.type == 3 ? 2 : 4
            if t.count * size <= 4 { return [t.type == 3 ? (t.value & 0xffff) : t.value] }
            return (0..<t.count).map { size == 2 ? u16(t.value + 2 * $0) : u32(t.value + 4 * $0) }
        }
        width = values(256).first ?? 0
        height = values(257).first ?? 0
        guard values(259).first == 1, values(258).first == 8 else { throw CLIError("\(path): expected 8-bit uncompressed") }
        let minIsBlack = values(262).first == 1
        var px: [UInt8] = []
        px.reserveCapacity(width * height)
        for (o, n) in zip(values(273), values(279)) { px.append(contentsOf: d[o..<(o + n)]) }
        ink = minIsBlack ? px.map { 255 - $0 } : px
        self.dpi = dpi
    }

    /// Largest ink in a rectangle given in mm from the media box's top-left corner.
    func maxInk(xMM: ClosedRange<Double>, yMM: ClosedRange<Double>) -> Int {
        var m = 0
        let f = dpi / 25.4
        for y in max(0, Int(yMM.lowerBound * f))..<min(height, Int(yMM.upperBound * f)) {
            for x in max(0, Int(xMM.lowerBound * f))..<min(width, Int(xMM.upperBound * f)) { m = max(m, Int(ink[y * width + x])) }
        }
        return m
    }
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

enum Tools {
    /// Runs a tool that must succeed and returns its stdout.
    static func output(_ tool: String, _ args: [String]) throws -> String {
        let r = try CLI.exec("/usr/bin/" + tool, args)
        guard r.status == 0 else { throw CLIError("\(tool) \(args.joined(separator: " ")): exit \(r.status): \(r.stderr)") }
        return r.stdout
    }

    /// The separations of one page: Cyan, Magenta, Yellow, Black.
    static func separations(_ pdf: String, page: Int, dpi: Double) throws -> [String: Plate] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-sep-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try output("gs", ["-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", "-sCompression=none", "-r\(Int(dpi))",
                              "-dFirstPage=\(page)", "-dLastPage=\(page)", "-sOutputFile=\(dir.path)/p.tif", pdf])
        var plates: [String: Plate] = [:]
        for name in ["Cyan", "Magenta", "Yellow", "Black"] {
            plates[name] = try Plate(tiff: "\(dir.path)/p(\(name)).tif", dpi: dpi)
        }
        return plates
    }

    /// Every content stream and object of a PDF, uncompressed (qpdf's QDF form).
    static func qdf(_ pdf: String) throws -> String {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-qdf-\(getpid())-\(UUID().uuidString).pdf").path
        defer { unlink(out) }
        let r = try CLI.exec("/usr/bin/qpdf", ["--qdf", "--object-streams=disable", pdf, out])
        guard r.status == 0 || r.status == 3 else { throw CLIError("qpdf: \(r.stderr)") }
        return String(decoding: try Data(contentsOf: URL(fileURLWithPath: out)), as: UTF8.self)
    }

    /// Page boxes from pdfinfo, in mm: ["TrimBox": [x0, y0, x1, y1]] for page `page`.
    static func boxes(_ pdf: String, page: Int) throws -> [String: [Double]] {
        let s = try output("pdfinfo", ["-box", "-f", "\(page)", "-l", "\(page)", pdf])
        var out: [String: [Double]] = [:]
        for line in s.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].hasSuffix("Box") else { continue }
            let key = parts[0].split(separator: " ").last.map(String.init) ?? ""
            out[key] = parts[1].split(separator: " ").compactMap { Double($0) }.map { $0 * 25.4 / 72 }
        }
        return out
    }
}
