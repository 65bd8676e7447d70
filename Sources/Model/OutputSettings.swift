import Foundation

/// The `output:` settings of a template or an issue: what the PDF is made for and,
/// for the press, bleed, marks, ink limit and the printer's ICC profile. Every
/// field is optional; the settings override the template's, and
/// `render --output-profile` overrides both.
///
/// ```yaml
/// output:
///   profile: press            # screen (default) | press | archive
///   bleed: 3mm                # beyond the trim on every side
///   marks: true               # crop and registration marks, slug line
///   ink-limit: 240            # total area coverage, percent
///   icc-profile: /usr/share/color/icc/ghostscript/default_cmyk.icc   # relative to this file
///   output-condition: ISOnewspaper26v4
/// ```
public struct OutputSettings: Hashable, Sendable {
    public enum Profile: String, CaseIterable, Sendable { case screen, press, archive }
    public var profile: Profile?
    public var bleed: Double?
    public var marks: Bool?
    public var inkLimit: Double?
    /// Absolute path (resolved against the file that named it; the file must exist).
    public var iccProfile: String?
    public var outputCondition: String?

    public init(profile: Profile? = nil, bleed: Double? = nil, marks: Bool? = nil, inkLimit: Double? = nil,
                iccProfile: String? = nil, outputCondition: String? = nil) {
        self.profile = profile; self.bleed = bleed; self.marks = marks; self.inkLimit = inkLimit
        self.iccProfile = iccProfile; self.outputCondition = outputCondition
    }

    /// These settings with `other`'s fields taking precedence where set.
    public func overridden(by other: OutputSettings) -> OutputSettings {
        OutputSettings(profile: other.profile ?? profile, bleed: other.bleed ?? bleed, marks: other.marks ?? marks,
                       inkLimit: other.inkLimit ?? inkLimit, iccProfile: other.iccProfile ?? iccProfile,
                       outputCondition: other.outputCondition ?? outputCondition)
    }

    static func parse(_ root: YAMLMap, doc: YAMLDoc, file: String) throws -> OutputSettings {
        guard let o = try root.map("output", allowed: ["profile", "bleed", "marks", "ink-limit", "icc-profile", "output-condition"]) else {
            return OutputSettings()
        }
        var s = OutputSettings()
        s.profile = try o.choice("profile", Profile.self)
        s.bleed = try o.length("bleed", positive: false)
        s.marks = try o.bool("marks")
        s.inkLimit = try o.number("ink-limit", min: 100)
        if let l = s.inkLimit, l > 400 { throw doc.error(o.value("ink-limit"), "ink-limit is a percentage of at most 400, got \(l)") }
        if let icc = try o.text("icc-profile") {
            let full = icc.hasPrefix("/") ? icc : Paths.join(Paths.directory(file), icc)
            guard FileManager.default.fileExists(atPath: full) else {
                throw doc.error(o.value("icc-profile"), "icc-profile: no such file '\(full)'")
            }
            s.iccProfile = full
        }
        s.outputCondition = try o.text("output-condition")
        return s
    }
}
