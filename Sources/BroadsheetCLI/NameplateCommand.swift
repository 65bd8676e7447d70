import ArgumentParser
import Composer
import Foundation
import Interop
import Model
import Pipeline

/// `broadsheet nameplate`: sets a paper's name as a stand-in nameplate artwork (a
/// one-page vector PDF cut to the type), for a masthead's `nameplate: {artwork: …}`
/// until the paper's own artwork is at hand.
struct NameplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nameplate",
        abstract: "Write a stand-in nameplate artwork (vector PDF) set from text.",
        discussion: """
        The name is set in --font (a fontconfig family or an alias from Fonts/fonts.yaml) in --color, with an optional second line (--subtitle) in a small sans serif, on a page cut to the type. Glyphs stay vectors when the masthead places the PDF.
        """
    )

    @Argument(help: "The paper's name.") var text: String
    @Option(name: .shortAndLong, help: "Where to write the PDF.") var output: String
    @Option(help: "Font family or alias.") var font = "kai"
    @Option(help: "Font weight (1–1000).") var weight = 700
    @Option(help: "Size in points.") var size: Double = 96
    @Option(help: "Colour '#rrggbb'.") var color = "#c8102e"
    @Option(help: "Letter spacing in em.") var letterSpacing: Double = 0.06
    @Option(help: "A second line under the name (e.g. the name in Latin letters).") var subtitle: String?
    @Option(help: "Font configuration (default: Fonts/fonts.yaml above the current folder).") var fonts: String?

    func run() throws { try reportingErrors { try write() } }

    private func write() throws {
        guard size > 0 else { throw CLIError("--size must be positive") }
        guard Color(hex: color) != nil else { throw CLIError("--color must be '#rrggbb', got '\(color)'") }
        let config = try (fonts ?? FontConfig.findConfigFile(startingAt: FileManager.default.currentDirectoryPath))
            .map { try FontConfig.load(path: $0) } ?? .none
        let composer = Composer(fonts: FontLibrary(), fallbackFamilies: config.fallback)
        let main = TextStyle(family: config.resolve(font), weight: weight, size: size, leading: size * 1.1, color: color,
                             align: .left, letterSpacing: letterSpacing)
        let sub = TextStyle(family: config.resolve("hei"), weight: 700, size: size * 0.16, leading: size * 0.24, color: color,
                            align: .left, letterSpacing: 0.5)
        let wide = size * Double(text.count + 2) * 1.5
        guard let name = try composer.lines(ParagraphInput(text, style: main), width: wide).first else {
            throw CLIError("nothing to set")
        }
        let subLine = try subtitle.flatMap { try composer.lines(ParagraphInput($0, style: sub), width: wide).first }
        let pad = size * 0.08
        // Letter spacing leaves its space after the last glyph too: keep it off the page.
        let nameWidth = name.usedWidth - letterSpacing * size
        let width = max(nameWidth, subLine.map { $0.usedWidth - 0.5 * sub.size } ?? 0) + 2 * pad
        let height = pad + size * 1.02 + (subLine != nil ? sub.leading + size * 0.04 : 0) + pad
        try ensureParentExists(output)
        let writer = try PDFWriter(path: output, firstPageSize: Size(width: width, height: height),
                                   metadata: PDFMetadata(title: "Nameplate: \(text)", date: GalleyCommand.metadataDate()))
        writer.beginPage(size: Size(width: width, height: height))
        writer.draw(name, at: Point(x: (width - nameWidth) / 2, y: pad + size * 0.88))
        if let s = subLine {
            let ruleY = pad + size * 1.02 + size * 0.02
            let w = s.usedWidth - 0.5 * sub.size
            writer.draw(s, at: Point(x: (width - w) / 2, y: ruleY + sub.leading * 0.85))
        }
        writer.endPage()
        try writer.finish()
    }
}
