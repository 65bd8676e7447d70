import Foundation
import Yams

/// Font configuration, `Fonts/fonts.yaml`:
///
/// ```yaml
/// families:                 # alias → installed family name (as fontconfig knows it)
///   song: Noto Serif CJK SC
///   hei: Noto Sans CJK SC
///   kai: LXGW WenKai
/// fallback: [Noto Serif CJK SC, Noto Sans CJK SC, DejaVu Sans]   # names or aliases, in order
/// ```
///
/// Both keys are optional; unknown keys are errors. A template style's
/// `family` may be an alias or a real family name; `resolve(_:)` maps aliases
/// and passes other names through unchanged. Fallback entries that are aliases
/// are resolved at load time. Whether the families are installed is checked by
/// the font layer (Interop), not here.
public struct FontConfig: Hashable, Sendable {
    /// Alias → installed family name.
    public var families: [String: String]
    /// Real family names, tried in order for characters the style's font lacks.
    public var fallback: [String]
    public var sourcePath: String?

    public init(families: [String: String] = [:], fallback: [String] = [], sourcePath: String? = nil) {
        self.families = families
        self.fallback = fallback.map { families[$0] ?? $0 }
        self.sourcePath = sourcePath
    }

    /// No aliases: every style family is taken as a real family name.
    public static let none = FontConfig()

    /// Alias → real name; non-aliases are returned as written.
    public func resolve(_ family: String) -> String { families[family] ?? family }

    public static func load(path: String) throws -> FontConfig {
        let doc = YAMLDoc(file: path)
        let root = try doc.rootMap(doc.compose(TextFile.read(path)), what: "font configuration",
                                   allowed: ["families", "fallback"])
        var families: [String: String] = [:]
        if let fam = try root.map("families", allowed: nil) {
            for (alias, _, value) in fam.entries {
                guard let name = try fam.text(alias) else {
                    throw doc.error(value, "families: alias '\(alias)' has no family name")
                }
                families[alias] = name
            }
        }
        let fallback = try root.stringList("fallback") ?? []
        return FontConfig(families: families, fallback: fallback, sourcePath: path)
    }

    /// Walks up from `startingAt` (a file or folder) looking for `Fonts/fonts.yaml`.
    public static func findConfigFile(startingAt path: String) -> String? {
        var dir = Paths.isDirectory(path) ? Paths.absolute(path) : Paths.directory(Paths.absolute(path))
        while true {
            let candidate = Paths.join(Paths.join(dir, "Fonts"), "fonts.yaml")
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            let up = Paths.directory(dir)
            if up == dir || dir == "/" { return nil }
            dir = up
        }
    }
}
