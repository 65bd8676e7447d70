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
    func rewrite(_ data: Data) -> Data {
        let bytes = [UInt8](data)
        var out = Data(capacity: data.count + data.count / 8)
        var copied = 0
        // (fill is black, stroke is black), saved and restored with q/Q.
        var state = (fill: false, stroke: false)
        var stack: [(fill: Bool, stroke: Bool)] = []
        for op in ContentStreamParser.operations(data) {
            switch op.op {
            case "q": stack.append(state)
            case "Q": if let s = stack.popLast() { state = s }
            case "rg", "RG", "g", "G":
                let v = op.operands.compactMap(\.number)
                guard v.count == (op.op.lowercased() == "rg" ? 3 : 1) else { continue }
                let rgb = v.count == 3 ? v : [v[0], v[0], v[0]]
                let c = cmyk(rgb[0], rgb[1], rgb[2])
                let black = c == [0, 0, 0, 1]
                let fill = op.op == "rg" || op.op == "g"
                if fill { state.fill = black } else { state.stroke = black }
                out.append(contentsOf: bytes[copied..<op.range.lowerBound])
                let name = "BsOv\(state.stroke ? 1 : 0)\(state.fill ? 1 : 0)"
                out.append(contentsOf: "\(c.map(fmt).joined(separator: " ")) \(fill ? "k" : "K") /\(name) gs".utf8)
                copied = op.range.upperBound
            default: continue
            }
        }
        out.append(contentsOf: bytes[copied...])
        return out
    }
}
