import Foundation
import Interop

/// What the printing plant asks for: the template's (or issue's) `press:` settings.
public struct PressSettings: Sendable, Equatable {
    /// Bleed beyond the trim on every side, points (default 3 mm).
    public var bleed: Double
    /// Crop and registration marks and the slug line outside the bleed.
    public var marks: Bool
    /// Total area coverage allowed, percent (newsprint: 240).
    public var inkLimit: Double
    /// The printer's CMYK ICC profile; nil: Ghostscript's default_cmyk.icc (Debian libgs-common).
    public var iccProfile: String?
    /// OutputConditionIdentifier of the output intent (e.g. `ISOnewspaper26v4` for the matching profile).
    public var outputCondition: String?

    public static let defaultProfile = "/usr/share/color/icc/ghostscript/default_cmyk.icc"
    public static let mm = 72.0 / 25.4

    public init(bleed: Double = 3 * PressSettings.mm, marks: Bool = true, inkLimit: Double = 240,
                iccProfile: String? = nil, outputCondition: String? = nil) {
        self.bleed = bleed; self.marks = marks; self.inkLimit = inkLimit
        self.iccProfile = iccProfile; self.outputCondition = outputCondition
    }

    /// The profile actually used.
    public var resolvedProfile: String { iccProfile ?? Self.defaultProfile }
    /// OutputConditionIdentifier: the registered name when given (e.g. ISOnewspaper26v4),
    /// else `Custom`, which tells the printer to use the embedded profile.
    public var resolvedCondition: String { outputCondition ?? "Custom" }
    /// OutputCondition: human-readable, the profile's file name.
    public var conditionDescription: String {
        (((resolvedProfile as NSString).lastPathComponent) as NSString).deletingPathExtension
    }

    /// Space outside the trim on each side: bleed, then crop marks and the slug.
    public var margin: Double { bleed + (marks ? 12 * Self.mm : 0) }
}

/// One page for the press: its size and what Cairo did not draw (the ads, placed
/// as they were delivered).
public struct PressPage: Sendable {
    public var number: Int
    public var trim: Size
    /// Ads: PDF file (page 1) and where, in points from the page's top-left.
    public var ads: [(path: String, frame: Rect)]
    public init(number: Int, trim: Size, ads: [(path: String, frame: Rect)]) {
        self.number = number; self.trim = trim; self.ads = ads
    }
}

/// Document facts for the output intent, the metadata and the slug line.
public struct PressDocument: Sendable {
    public var title: String
    public var newspaper: String
    public var issueDate: String
    /// SOURCE_DATE_EPOCH-style seconds for every date Ghostscript writes.
    public var epoch: Int
    public init(title: String, newspaper: String, issueDate: String, epoch: Int) {
        self.title = title; self.newspaper = newspaper; self.issueDate = issueDate; self.epoch = epoch
    }
}

public struct PrepressError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}

/// A PostScript string literal (Ghostscript's pdfmark input): parentheses and
/// backslashes escaped, non-ASCII written as UTF-16BE with a BOM, as PDF text strings are.
func postScriptString(_ s: String) -> String {
    if s.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 }) {
        return "(" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(")
            .replacingOccurrences(of: ")", with: "\\)") + ")"
    }
    var hex = "<FEFF"
    for u in s.utf16 { hex += String(format: "%04X", u) }
    return hex + ">"
}
