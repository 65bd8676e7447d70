import Foundation
import Interop

/// Rewrites the colours of a content stream Cairo wrote (DeviceRGB `rg`/`RG`)
/// into DeviceCMYK before Ghostscript packages the file as PDF/X:
///
/// - black (0 0 0) becomes 100 % K only (`0 0 0 1 k`) and overprints, so black
///   text and hairline rules print on the black plate alone and never knock out
///   what lies under them (no mis-registration on a coldset web press);
/// - other neutral greys become K-only tints;
/// - every other colour is converted through the output ICC profile with the ink limit held.
///
/// Overprint is switched through four ExtGStates (fill × stroke), always with both
/// `/OP` and `/op` given, because `/op` defaults to `/OP` when absent.
struct ColorRewriter {
    let conversion: CMYKConversion
    /// Plate names in the slug: pure RGB primaries stand for single plates.
    var plates = false

    static let overprintStates: [String: String] = [
        "BsOv00": "<< /Type /ExtGState /OP false /op false >>",
        "BsOv01": "<< /Type /ExtGState /OP true /op false /OPM 1 >>",
        "BsOv10": "<< /Type /ExtGState /OP false /op true /OPM 1 >>",
        "BsOv11": "<< /Type /ExtGState /OP true /op true /OPM 1 >>",
    ]

    private func cmyk(_ r: Double, _ g: Double, _ b: Double) -> [Double] {
        if plates {
            switch (r, g, b) {
            case (0, 1, 1): return [1, 0, 0, 0]
            case (1, 0, 1): return [0, 1, 0, 0]
            case (1, 1, 0): return [0, 0, 1, 0]
            default: break
            }
        }
        if abs(r - g) < 0.002 && abs(g - b) < 0.002 { return [0, 0, 0, 1 - r] }
        return conversion.convert(red: r, green: g, blue: b)
    }

    /// The rewritten stream. Black text and rules overprint; everything else knocks out.
    ///
    /// A lean scan rather than the full `ContentStreamParser`: only colour operators
    /// and q/Q matter here, and a page of body text is hundreds of kilobytes of
    /// glyph strings, so strings are skipped without being decoded and numbers are
    /// parsed only when a colour operator follows them.
    func rewrite(_ data: Data) -> Data {
        let b = [UInt8](data)
        let n = b.count
        var out = Data(capacity: n + n / 8)
        var copied = 0
        var state = (fill: false, stroke: false)
        var stack: [(fill: Bool, stroke: Bool)] = []
        var numbers: [Range<Int>] = []   // the numeric tokens just before the current one
        func isWhite(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09 || c == 0x0c || c == 0 }
        func isDelimiter(_ c: UInt8) -> Bool {
            c == 0x28 || c == 0x29 || c == 0x3c || c == 0x3e || c == 0x5b || c == 0x5d || c == 0x7b || c == 0x7d || c == 0x2f || c == 0x25
        }
        var i = 0
        while i < n {
            let c = b[i]
            if isWhite(c) { i += 1; continue }
            switch c {
            case 0x25:  // % comment
                while i < n && b[i] != 0x0a && b[i] != 0x0d { i += 1 }
                numbers.removeAll(keepingCapacity: true)
                continue
            case 0x28:  // ( literal string )
                var depth = 0
                while i < n {
                    if b[i] == 0x5c { i += 2; continue }
                    if b[i] == 0x28 { depth += 1 } else if b[i] == 0x29 { depth -= 1; if depth == 0 { i += 1; break } }
                    i += 1
                }
                numbers.removeAll(keepingCapacity: true)
                continue
            case 0x3c:  // <hex> or <<
                if i + 1 < n && b[i + 1] == 0x3c { i += 2 } else { while i < n && b[i] != 0x3e { i += 1 }; i += 1 }
                numbers.removeAll(keepingCapacity: true)
                continue
            case 0x2f:  // /name
                i += 1
                while i < n && !isWhite(b[i]) && !isDelimiter(b[i]) { i += 1 }
                numbers.removeAll(keepingCapacity: true)
                continue
            case 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x29:
                i += 1
                numbers.removeAll(keepingCapacity: true)
                continue
            default:
                break
            }
            let start = i
            while i < n && !isWhite(b[i]) && !isDelimiter(b[i]) { i += 1 }
            if c == 0x2d || c == 0x2b || c == 0x2e || (c >= 0x30 && c <= 0x39) {
                numbers.append(start..<i)
                continue
            }
            let len = i - start
            defer { numbers.removeAll(keepingCapacity: true) }
            if len == 1 && c == 0x71 { stack.append(state); continue }                           // q
            if len == 1 && c == 0x51 { if let s = stack.popLast() { state = s }; continue }     // Q
            if len == 2 && c == 0x42 && b[start + 1] == 0x49 {                                  // BI … ID … EI
                while i + 1 < n && !(b[i] == 0x45 && b[i + 1] == 0x49 && isWhite(b[i - 1]) && (i + 2 >= n || isWhite(b[i + 2]))) { i += 1 }
                i += 2
                continue
            }
            let isRG = len == 2 && (c == 0x72 || c == 0x52) && b[start + 1] == (c == 0x72 ? 0x67 : 0x47)
            let isG = len == 1 && (c == 0x67 || c == 0x47)
            guard isRG || isG else { continue }
            let count = isRG ? 3 : 1
            guard numbers.count >= count else { continue }
            let operands = numbers.suffix(count)
            let v = operands.compactMap { Double(String(decoding: b[$0], as: UTF8.self)) }
            guard v.count == count else { continue }
            let rgb = count == 3 ? v : [v[0], v[0], v[0]]
            let cmyk = cmyk(rgb[0], rgb[1], rgb[2])
            let black = cmyk == [0, 0, 0, 1]
            let fill = c == 0x72 || c == 0x67
            if fill { state.fill = black } else { state.stroke = black }
            out.append(contentsOf: b[copied..<operands.first!.lowerBound])
            let name = "BsOv\(state.stroke ? 1 : 0)\(state.fill ? 1 : 0)"
            out.append(contentsOf: "\(cmyk.map(fmt).joined(separator: " ")) \(fill ? "k" : "K") /\(name) gs".utf8)
            copied = i
        }
        out.append(contentsOf: b[copied...])
        return out
    }
}
