import Foundation
import Yams

/// The `masthead:` block of a front-page template.
///
/// ```yaml
/// masthead:
///   nameplate: {artwork: art/nameplate.pdf, height: 34mm}   # PDF or SVG placed as vectors (path relative to the template)
///   # or: nameplate: {text: 平顶山日报, style: nameplate, height: 34mm}
///   align: center                 # nameplate between the ears (center) or at the left
///   ears:
///     - {side: left, width: 70mm, title: 天气, text: ["{weather}"]}
///     - {side: right, width: 70mm, title: 本报今日{pages}版, text: ["…"]}
///   data-line: ["{date}　{weekday}", "农历{lunar}", "总第{number}期", "今日{pages}版"]
///   styles: {data: masthead, ear: ear, ear-title: ear-title}   # optional; default: the header style
///   accent: "#c8102e"
/// ```
///
/// The masthead fills the template's header band (`header.height`): nameplate and
/// ears on top, the data line between a thin and a heavy rule at the bottom.
/// Fields in braces are listed in `Masthead`; an unknown field is an error.
extension TemplateLoader {
    static func parseMasthead(_ root: YAMLMap, doc: YAMLDoc, styles: [String: TextStyle], header: HeaderSpec,
                              path: String) throws -> Masthead? {
        guard let m = try root.map("masthead", allowed: ["nameplate", "align", "ears", "data-line", "styles", "accent"]) else {
            return nil
        }
        func style(_ name: String, at node: Node?) throws -> TextStyle {
            guard let s = styles[name] else {
                throw doc.error(node, "masthead: unknown style '\(name)'; styles are: \(styles.keys.sorted().joined(separator: ", "))")
            }
            return s
        }
        let fallback = try style("header", at: m.node)
        var data = fallback, ear = fallback, earTitle = fallback
        if let s = try m.map("styles", what: "masthead styles", allowed: ["data", "ear", "ear-title"]) {
            if let n = try s.text("data") { data = try style(n, at: s.value("data")) }
            if let n = try s.text("ear") { ear = try style(n, at: s.value("ear")) }
            if let n = try s.text("ear-title") { earTitle = try style(n, at: s.value("ear-title")) }
        }

        guard let np = try m.map("nameplate", what: "masthead nameplate", allowed: ["artwork", "text", "style", "height"]) else {
            throw m.missing("nameplate")
        }
        let height = try np.required("height") { try np.length($0) }
        if height > header.height {
            throw doc.error(np.value("height"), "masthead nameplate height \(pt(height)) is taller than the header band (\(pt(header.height)))")
        }
        let nameplate: Masthead.Nameplate
        if let art = try np.text("artwork") {
            if np.value("text") != nil {
                throw doc.error(np.value("text"), "masthead nameplate: give either artwork or text, not both")
            }
            nameplate = .artwork(path: try artworkPath(art, doc: doc, node: np.value("artwork"), template: path))
        } else if let text = try np.text("text") {
            let styleName = try np.text("style") ?? "headline"
            nameplate = .text(text, style: try style(styleName, at: np.value("style") ?? np.node))
        } else {
            throw doc.error(line: np.line, "masthead nameplate needs artwork (a PDF or SVG file) or text (set in a style)")
        }

        var ears: [Masthead.Ear] = []
        for node in try m.list("ears") ?? [] {
            let e = try YAMLMap(node, doc: doc, what: "masthead ear", allowed: ["side", "width", "title", "text"])
            let side = try e.required("side") { try e.choice($0, Masthead.Side.self) }
            if ears.contains(where: { $0.side == side }) {
                throw doc.error(node, "masthead: two ears on the \(side.rawValue) side")
            }
            ears.append(Masthead.Ear(side: side, width: try e.required("width") { try e.length($0) },
                                     title: try e.text("title"), lines: try e.stringList("text") ?? []))
        }
        let dataLine = try m.stringList("data-line") ?? []
        var masthead = Masthead(nameplate: nameplate, nameplateHeight: height,
                                alignment: try m.choice("align", Masthead.Alignment.self) ?? .center, ears: ears,
                                dataLine: dataLine, dataStyle: data, earStyle: ear, earTitleStyle: earTitle,
                                accent: try m.color("accent") ?? "#c8102e", line: m.line)
        masthead.artworkLine = doc.line(np.value("artwork"))
        for field in masthead.fieldsUsed where !Masthead.fields.contains(field) {
            throw doc.error(line: m.line, "masthead: unknown field {\(field)}; fields are: \(Masthead.fields.map { "{\($0)}" }.joined(separator: ", "))")
        }
        return masthead
    }

    /// The artwork file, relative to the template's folder: it must exist and be a PDF
    /// or an SVG file (checked by its first bytes, not only its name). Whether poppler
    /// or librsvg can read it is checked when the page is laid out.
    static func artworkPath(_ file: String, doc: YAMLDoc, node: Node?, template: String) throws -> String {
        let full = file.hasPrefix("/") ? file : Paths.join(Paths.directory(Paths.absolute(template)), file)
        let ext = (file as NSString).pathExtension.lowercased()
        guard ext == "pdf" || ext == "svg" else {
            throw doc.error(node, "masthead artwork '\(file)' must be a PDF or SVG file (.pdf or .svg)")
        }
        guard let handle = FileHandle(forReadingAtPath: full) else {
            throw doc.error(node, "masthead artwork '\(file)' not found (looked for \(full))")
        }
        defer { try? handle.close() }
        if ext == "svg" {
            let head = (try? handle.read(upToCount: 4096)) ?? Data()
            guard looksLikeSVG(head) else {
                throw doc.error(node, "masthead artwork '\(file)' is not an SVG file (no <svg> element at its start)")
            }
            return full
        }
        let head = (try? handle.read(upToCount: 5)) ?? Data()
        guard head == Data("%PDF-".utf8) else {
            throw doc.error(node, "masthead artwork '\(file)' is not a PDF file (it does not start with %PDF-)")
        }
        return full
    }

    /// An SVG file is XML text whose first element is <svg> (after an optional byte
    /// order mark, XML declaration, comments and doctype).
    static func looksLikeSVG(_ head: Data) -> Bool {
        // The head may end inside a multi-byte character: decode leniently.
        var rest = Substring(String(decoding: head, as: UTF8.self))
        if rest.hasPrefix("\u{FEFF}") { rest = rest.dropFirst() }
        while true {
            rest = rest.drop { $0.isWhitespace }
            if rest.hasPrefix("<svg") { return true }
            let close: String
            if rest.hasPrefix("<?") { close = "?>" } else if rest.hasPrefix("<!--") { close = "-->" }
            else if rest.hasPrefix("<!") { close = ">" } else { return false }
            guard let end = rest.range(of: close) else { return false }
            rest = rest[end.upperBound...]
        }
    }
}
