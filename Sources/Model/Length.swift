import Foundation

/// Lengths in layout files: a bare number is points; a string carries a unit,
/// `mm` or `pt` (`390mm`, `12pt`, `12`, `0.5 mm`). Everything is converted to
/// points (1 in = 25.4 mm = 72 pt).
public enum Length {
    public static let pointsPerInch = 72.0
    public static let millimetresPerInch = 25.4

    public enum Unit: String, Sendable, CaseIterable { case mm, pt }

    /// Millimetres to points. Done in `Decimal` so values written in decimal
    /// (25.4mm, 12.7mm) convert exactly instead of picking up binary rounding
    /// (25.4mm must be exactly 72pt so grids built from mm add up).
    public static func points(millimetres text: String) -> Double? {
        guard let d = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        return NSDecimalNumber(decimal: d * 720 / 254).doubleValue
    }

    public static func points(millimetres value: Double) -> Double {
        value / millimetresPerInch * pointsPerInch
    }

    /// Parses `"390mm"`, `"12pt"`, `"12"`; nil when the text is not a length.
    /// Negative values parse (callers decide whether they are allowed).
    public static func parse(_ raw: String) -> Double? {
        var text = raw.trimmingCharacters(in: .whitespaces)
        var unit = Unit.pt
        for u in Unit.allCases where text.hasSuffix(u.rawValue) {
            unit = u
            text = String(text.dropLast(u.rawValue.count)).trimmingCharacters(in: .whitespaces)
        }
        // Only plain decimal numbers: Double() would also take "inf", "nan" and hex.
        guard isDecimalNumber(text) else { return nil }
        switch unit {
        case .pt: return Double(text)
        case .mm: return points(millimetres: text)
        }
    }

    static func isDecimalNumber(_ s: String) -> Bool {
        var body = Substring(s)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        guard !body.isEmpty else { return false }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return false }
        let digits = parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
        return digits && parts.contains { !$0.isEmpty }
    }
}
