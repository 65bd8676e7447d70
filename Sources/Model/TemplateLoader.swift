import Foundation
import Yams

// Listed by hand: synthesis only works in the declaring file, and the model
// files belong to everyone. Used for "must be one of: …" messages.
extension TextAlign: CaseIterable { public static let allCases: [TextAlign] = [.justify, .left, .center, .right] }
extension HeadlineRole: CaseIterable { public static let allCases: [HeadlineRole] = [.lead, .secondary] }
extension PhotoPlacement.Position: CaseIterable {
    public static let allCases: [PhotoPlacement.Position] = [.top, .middle, .bottom]
}

/// Loads a page template.
///
/// ## Page template format (`Layouts/<name>.yaml`)
///
/// Lengths are numbers (points) or strings with a unit `mm` or `pt`
/// (`390mm`, `12pt`, `12`); 25.4mm = 72pt exactly. Unknown keys are errors
/// everywhere. Colours are quoted `"#rrggbb"`.
///
/// ```yaml
/// name: broadsheet-6col          # optional; default = file name without .yaml
/// trim: {width: 390mm, height: 543mm}                      # required, > 0
/// margins: {top: 34mm, bottom: 30mm, left: 20mm, right: 20mm}  # required, ≥ 0
/// grid: {columns: 6, gutter: 4mm}                          # required; columns ≥ 1, gutter ≥ 0
/// header: {height: 22mm, rule: 1.2}   # required; band above the type area, must fit in the top margin; rule weight (pt, default 0)
/// footer: {rule: 0.6, colophon: ["本社地址：…", "…"]}       # optional; rule default 0, colophon default []
/// jump: {to: "（下转第{page}版）", from: "（上接第{page}版）"}   # optional; each must contain {page}
/// styles:
///   body: {family: song, weight: 400, size: 9, leading: 13.5, indent: 2, align: justify,
///          kinsoku: basic, punctuation: full-width, hanging-punctuation: none,
///          han-latin-spacing: 0.25, letter-spacing: 0, color: "#000000"}
///   bold: {based-on: body, family: hei, weight: 700}
/// banners:
///   - {text: 新时代 新征程 新伟业, column: 0, columns: 2, line: 40, lines: 3,
///      background: "#c8102e", foreground: "#ffffff"}
/// slots:
///   - {name: lead, column: 0, columns: 4, line: 0, lines: 60, headline-columns: 4,
///      headline: lead, photo: {position: top, column: 0, columns: 2, lines: 12}, framed: false,
///      pullquote: {position: middle, column: 0, columns: 2}}
/// ```
///
/// **Styles.** Every role must be defined: body, bold, byline, in-body-subhead,
/// kicker, headline, secondary-headline, subhead, caption, credit, header,
/// footer, banner, jump. `vertical-body` (the body of vertical modules) and `pull-quote` are optional (default: the kicker's family,
/// weight 700, 1.4 × body size, leading 2 × body leading, centred, no indent,
/// "#c8102e"). Other names are allowed (as bases for `based-on`).
/// Style fields: `family` (font alias from Fonts/fonts.yaml or a real family
/// name), `weight` (1–1000, default 400), `size` and `leading` (lengths > 0),
/// `indent` (em, default 0), `align` (justify|left|center|right, default
/// justify), `language` (zh-Hans|zh-Hant, default zh-Hant when the family is a
/// Traditional Chinese face — "… TC", "… HK" — else zh-Hans), `kinsoku`
/// (loose|basic|strict|traditional, default basic; zh-Hant: traditional),
/// `punctuation` (full-width|half-width|centered|none, default full-width;
/// zh-Hant: centered), `quotes` (as-written|corner, default as-written; zh-Hant: corner),
/// `hanging-punctuation` (none|end|end-all-stops, default none: end hangs a 、，。．
/// that would force a push-in past the column's end edge, end-all-stops also ；：！？;
/// horizontal GB-style body text, where the gutter is at least 2 em, and vertical text,
/// zh-Hant too, where an em is free below the line; true/false are read as end/none),
/// `han-latin-spacing` (em,
/// default 0.25), `letter-spacing` (em, default 0), `color` (default
/// "#000000"), `digits` (half-width|proportional, default proportional: half-width
/// sets digits with OpenType `hwid`), `line-end-mark` (grid|half, default grid: a line-end mark
/// takes ½ em where the em grid allows it; half: always, Han characters leave the grid where
/// they must),
/// `split-mark-runs` (bool, default false: where the first of a run of marks hangs on the
/// em grid, the rest of the run may start the next line, clreq's relaxation for grid alignment),
/// `vertical` (bool, default false: 竖排, lines top to bottom,
/// right to left), `grid` (bool, default true: justified CJK text keeps Han
/// characters on the column's em grid, see the composer's `GridLayout`), `based-on` (another style: every field not set here is taken
/// from it, recursively; cycles are errors). After inheritance `family`, `size`
/// and `leading` are required. The body leading is the baseline grid pitch;
/// the page has floor(type area height / body leading) grid lines, where the
/// type area is the trim minus the margins.
///
/// **Slots** (`name`, `column`, `columns`, `line`, `lines` required; columns and
/// lines 0-based): must lie inside the grid (column+columns ≤ grid columns,
/// line+lines ≤ grid lines) and must not overlap each other; names are unique.
/// `headline-columns` 1…columns (default: all), `headline` lead|secondary
/// (default secondary), `framed` (default false), `photo`: `position`
/// top|middle|bottom (default top), `column` (offset in the slot, default 0),
/// `columns`, `lines` (required) — must fit inside the slot; `pullquote` (where
/// the article's pull quote goes; its height comes from its text): `position`
/// top|middle|bottom (default middle), `column` (offset in the slot, default 0),
/// `columns` (required) — must fit inside the slot's columns.
/// **Banners** (`text`, `column`, `columns`, `line`, `lines` required;
/// background default "#c8102e", foreground "#ffffff") must lie inside the grid;
/// they may sit inside a slot (text flows around them).
public enum TemplateLoader {
    /// Style names every template must define, as written in the YAML.
    public static let roles = ["body", "bold", "byline", "in-body-subhead", "kicker", "headline", "secondary-headline",
                               "subhead", "caption", "credit", "header", "footer", "banner", "jump"]
    static let styleFields = ["based-on", "family", "weight", "size", "leading", "indent", "align", "kinsoku",
                              "punctuation", "hanging-punctuation", "han-latin-spacing", "letter-spacing", "color", "grid", "vertical", "digits",
                              "line-end-mark", "language", "quotes", "split-mark-runs"]

    /// Template names (file names without `.yaml`) in a layouts folder, sorted.
    public static func availableTemplates(in layoutsDirectory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: layoutsDirectory)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Loads `<layoutsDirectory>/<name>.yaml`.
    public static func load(name: String, layoutsDirectory: String, fonts: FontConfig) throws -> PageTemplate {
        try load(path: Paths.join(layoutsDirectory, name + ".yaml"), fonts: fonts)
    }

    public static func load(path: String, fonts: FontConfig) throws -> PageTemplate {
        try parse(TextFile.read(path), path: path, fonts: fonts)
    }

    public static func parse(_ text: String, path: String, fonts: FontConfig) throws -> PageTemplate {
        let doc = YAMLDoc(file: path)
        let root = try doc.rootMap(doc.compose(text), what: "template",
                                   allowed: ["name", "trim", "margins", "grid", "header", "footer", "jump", "styles",
                                             "banners", "slots", "output", "masthead"])
        func requiredMap(_ key: String, _ allowed: [String]) throws -> YAMLMap {
            guard let m = try root.map(key, allowed: allowed) else { throw root.missing(key) }
            return m
        }
        let name = try root.text("name") ?? Paths.baseName(path)

        let trim = try requiredMap("trim", ["width", "height"])
        let trimWidth = try trim.required("width") { try trim.length($0) }
        let trimHeight = try trim.required("height") { try trim.length($0) }

        let m = try requiredMap("margins", ["top", "bottom", "left", "right"])
        func margin(_ k: String) throws -> Double { try m.required(k) { try m.length($0, positive: false) } }
        let margins = Margins(top: try margin("top"), bottom: try margin("bottom"),
                              left: try margin("left"), right: try margin("right"))
        if margins.left + margins.right >= trimWidth || margins.top + margins.bottom >= trimHeight {
            throw doc.error(line: m.line, "margins leave no type area inside the trim")
        }

        let grid = try requiredMap("grid", ["columns", "gutter"])
        let columns = try grid.required("columns") { try grid.int($0, min: 1) }
        let gutter = try grid.length("gutter", positive: false) ?? 0
        if Double(columns - 1) * gutter >= trimWidth - margins.left - margins.right {
            throw doc.error(line: grid.line, "\(columns) columns with this gutter leave no room for text")
        }

        let h = try requiredMap("header", ["height", "rule", "info", "staff"])
        var header = HeaderSpec(height: try h.required("height") { try h.length($0, positive: false) },
                                rule: try h.length("rule", positive: false) ?? 0)
        header.info = try h.text("info")
        header.staff = try h.text("staff")
        for key in ["info", "staff"] {
            guard let text = try h.text(key) else { continue }
            for field in Masthead.fields(in: text) where !(Masthead.fields + ["editor", "proofreader", "section"]).contains(field) {
                throw doc.error(h.value(key), "header \(key): unknown field {\(field)}")
            }
            if text.contains("{weather}") {
                throw doc.error(h.value(key), "header \(key): {weather} is for the front page's masthead")
            }
        }
        if header.height > margins.top + 1e-9 {
            throw doc.error(line: h.lineOf("height"),
                            "header height (\(pt(header.height))) does not fit in the top margin (\(pt(margins.top))); the header sits above the type area")
        }
        let f = try root.map("footer", allowed: ["rule", "colophon"])
        let footer = FooterSpec(colophon: try f?.stringList("colophon") ?? [],
                                rule: try f?.length("rule", positive: false) ?? 0)

        var jumpTo = "（下转第{page}版）", jumpFrom = "（上接第{page}版）"
        if let j = try root.map("jump", allowed: ["to", "from"]) {
            for key in ["to", "from"] {
                guard let s = try j.text(key) else { continue }
                if !s.contains("{page}") {
                    throw doc.error(j.value(key), "jump \(key) must contain {page} where the page number goes, got '\(s)'")
                }
                if key == "to" { jumpTo = s } else { jumpFrom = s }
            }
        }

        let (styles, namedStyles) = try parseStyles(root, doc: doc, fonts: fonts)
        var template = PageTemplate(name: name, sourcePath: path, trimWidth: trimWidth, trimHeight: trimHeight,
                                    margins: margins, columns: columns, gutter: gutter, styles: styles,
                                    header: header, footer: footer, slots: [], banners: [],
                                    jumpTo: jumpTo, jumpFrom: jumpFrom)
        template.output = try OutputSettings.parse(root, doc: doc, file: path)
        let gridLines = template.gridLines
        if gridLines < 1 {
            throw doc.error(line: root.lineOf("styles"), "body leading is taller than the type area: no grid lines")
        }
        func checkInGrid(_ what: String, _ node: Node, column: Int, columns cols: Int, line: Int, lines: Int) throws {
            if column + cols > columns {
                throw doc.error(node, "\(what): column \(column) + columns \(cols) = \(column + cols) is wider than the grid's \(columns) columns")
            }
            if line + lines > gridLines {
                throw doc.error(node, "\(what): line \(line) + lines \(lines) = \(line + lines) is deeper than the page's \(gridLines) grid lines (type area \(pt(template.typeAreaHeight)) / body leading \(pt(template.gridPitch)))")
            }
        }

        for node in try root.list("banners") ?? [] {
            let b = try YAMLMap(node, doc: doc, what: "banner",
                                allowed: ["text", "column", "columns", "line", "lines", "background", "foreground"])
            let banner = Banner(text: try b.required("text", b.text),
                                column: try b.required("column") { try b.int($0, min: 0) },
                                columns: try b.required("columns") { try b.int($0, min: 1) },
                                line: try b.required("line") { try b.int($0, min: 0) },
                                lines: try b.required("lines") { try b.int($0, min: 1) },
                                background: try b.color("background") ?? "#c8102e",
                                foreground: try b.color("foreground") ?? "#ffffff")
            try checkInGrid("banner '\(banner.text)'", node, column: banner.column, columns: banner.columns,
                            line: banner.line, lines: banner.lines)
            template.banners.append(banner)
        }

        var slotLines: [Int?] = []
        for node in try root.list("slots") ?? [] {
            let s = try YAMLMap(node, doc: doc, what: "slot",
                                allowed: ["name", "column", "columns", "line", "lines", "headline-columns", "headline",
                                          "photo", "framed", "pullquote", "vertical", "vertical-headline"])
            let slotName = try s.required("name", s.text)
            var slot = Slot(name: slotName,
                            column: try s.required("column") { try s.int($0, min: 0) },
                            columns: try s.required("columns") { try s.int($0, min: 1) },
                            line: try s.required("line") { try s.int($0, min: 0) },
                            lines: try s.required("lines") { try s.int($0, min: 1) },
                            headlineColumns: try s.int("headline-columns", min: 1),
                            headlineStyle: try s.choice("headline", HeadlineRole.self) ?? .secondary,
                            framed: try s.bool("framed") ?? false)
            let what = "slot '\(slotName)'"
            slot.vertical = try s.bool("vertical") ?? false
            slot.verticalHeadline = try s.bool("vertical-headline") ?? false
            if let hc = slot.headlineColumns, hc > slot.columns {
                throw doc.error(s.value("headline-columns"), "\(what): headline-columns \(hc) is more than the slot's \(slot.columns) columns")
            }
            if let p = try s.map("photo", what: "photo of \(what)", allowed: ["position", "column", "columns", "lines"]) {
                let placement = PhotoPlacement(position: try p.choice("position", PhotoPlacement.Position.self) ?? .top,
                                               column: try p.int("column", min: 0) ?? 0,
                                               columns: try p.required("columns") { try p.int($0, min: 1) },
                                               lines: try p.required("lines") { try p.int($0, min: 1) })
                if placement.column + placement.columns > slot.columns {
                    throw doc.error(line: p.line, "photo of \(what): column \(placement.column) + columns \(placement.columns) is wider than the slot's \(slot.columns) columns")
                }
                if placement.lines > slot.lines {
                    throw doc.error(line: p.line, "photo of \(what): \(placement.lines) lines is deeper than the slot's \(slot.lines) lines")
                }
                slot.photo = placement
            }
            if let q = try s.map("pullquote", what: "pullquote of \(what)", allowed: ["position", "column", "columns"]) {
                let placement = FloatPlacement(position: try q.choice("position", PhotoPlacement.Position.self) ?? .middle,
                                               column: try q.int("column", min: 0) ?? 0,
                                               columns: try q.required("columns") { try q.int($0, min: 1) })
                if placement.column + placement.columns > slot.columns {
                    throw doc.error(line: q.line, "pullquote of \(what): column \(placement.column) + columns \(placement.columns) is wider than the slot's \(slot.columns) columns")
                }
                slot.pullQuote = placement
            }
            try checkInGrid(what, node, column: slot.column, columns: slot.columns, line: slot.line, lines: slot.lines)
            if let i = template.slots.firstIndex(where: { $0.name == slotName }) {
                throw doc.error(node, "duplicate slot name '\(slotName)' (first on line \(slotLines[i].map(String.init) ?? "?"))")
            }
            for (i, other) in template.slots.enumerated() where overlaps(slot, other) {
                throw doc.error(node, "slot '\(slotName)' overlaps slot '\(other.name)' (line \(slotLines[i].map(String.init) ?? "?")): columns \(range(slot.column, slot.columns)) vs \(range(other.column, other.columns)), lines \(range(slot.line, slot.lines)) vs \(range(other.line, other.lines))")
            }
            template.slots.append(slot)
            slotLines.append(doc.line(node))
        }
        template.masthead = try parseMasthead(root, doc: doc, styles: namedStyles, header: header, path: path)
        return template
    }

    static func overlaps(_ a: Slot, _ b: Slot) -> Bool {
        a.column < b.column + b.columns && b.column < a.column + a.columns &&
            a.line < b.line + b.lines && b.line < a.line + a.lines
    }
    static func range(_ start: Int, _ count: Int) -> String { "\(start)–\(start + count - 1)" }
    static func pt(_ v: Double) -> String {
        let r = (v * 100).rounded() / 100
        return (r == r.rounded() ? String(Int(r)) : String(r)) + "pt"
    }

    // MARK: Styles

    /// A style as written: every field optional until `based-on` is applied.
    struct PartialStyle {
        var basedOn: String?
        var family: String?, weight: Int?, size: Double?, leading: Double?, indent: Double?
        var align: TextAlign?, kinsoku: KinsokuLevel?, punctuation: PunctuationStyle?
        var hanging: HangingPunctuation?, hanLatin: Double?, letterSpacing: Double?, color: String?, grid: Bool?, vertical: Bool?, halfWidthDigits: Bool?
        var lineEndMarkHalf: Bool?, splitMarkRuns: Bool?
        var language: ChineseVariant?, quotes: QuoteStyle?
        var line: Int?
        var basedOnLine: Int?

        /// Fields unset here come from `base`.
        func over(_ base: PartialStyle) -> PartialStyle {
            var r = self
            r.family = family ?? base.family; r.weight = weight ?? base.weight; r.size = size ?? base.size
            r.leading = leading ?? base.leading; r.indent = indent ?? base.indent; r.align = align ?? base.align
            r.kinsoku = kinsoku ?? base.kinsoku; r.punctuation = punctuation ?? base.punctuation
            r.hanging = hanging ?? base.hanging; r.hanLatin = hanLatin ?? base.hanLatin
            r.letterSpacing = letterSpacing ?? base.letterSpacing; r.color = color ?? base.color
            r.grid = grid ?? base.grid
            r.vertical = vertical ?? base.vertical
            r.halfWidthDigits = halfWidthDigits ?? base.halfWidthDigits
            r.lineEndMarkHalf = lineEndMarkHalf ?? base.lineEndMarkHalf
            r.splitMarkRuns = splitMarkRuns ?? base.splitMarkRuns
            r.language = language ?? base.language; r.quotes = quotes ?? base.quotes
            return r
        }
    }

    /// The role styles and every style by name (masthead styles are looked up by name).
    static func parseStyles(_ root: YAMLMap, doc: YAMLDoc, fonts: FontConfig) throws -> (StyleSheet, [String: TextStyle]) {
        guard let map = try root.map("styles", allowed: nil) else { throw root.missing("styles") }
        var partial: [String: PartialStyle] = [:]
        for (name, keyNode, value) in map.entries {
            let s = try YAMLMap(value, doc: doc, what: "style '\(name)'", allowed: styleFields)
            var p = PartialStyle()
            p.line = doc.line(keyNode)
            p.basedOn = try s.text("based-on"); p.basedOnLine = s.lineOf("based-on")
            p.family = try s.text("family")
            p.weight = try s.int("weight", min: 1)
            if let w = p.weight, w > 1000 { throw doc.error(s.value("weight"), "weight must be 1–1000, got \(w)") }
            p.size = try s.length("size"); p.leading = try s.length("leading")
            p.indent = try s.number("indent", min: 0)
            p.align = try s.choice("align", TextAlign.self)
            p.kinsoku = try s.choice("kinsoku", KinsokuLevel.self)
            p.punctuation = try s.choice("punctuation", PunctuationStyle.self)
            // none | end | end-all-stops; true and false (the older boolean form) are end and none.
            if let v = try s.text("hanging-punctuation"), ["true", "yes", "false", "no"].contains(v.lowercased()) {
                p.hanging = ["true", "yes"].contains(v.lowercased()) ? .end : HangingPunctuation.none
            } else {
                p.hanging = try s.choice("hanging-punctuation", HangingPunctuation.self)
            }
            p.hanLatin = try s.number("han-latin-spacing", min: 0)
            p.letterSpacing = try s.number("letter-spacing")
            p.color = try s.color("color")
            p.grid = try s.bool("grid")
            p.vertical = try s.bool("vertical")
            p.splitMarkRuns = try s.bool("split-mark-runs")
            p.language = try s.choice("language", ChineseVariant.self)
            p.quotes = try s.choice("quotes", QuoteStyle.self)
            if let d = try s.text("digits") {
                guard d == "half-width" || d == "proportional" else {
                    throw doc.error(s.value("digits"), "digits must be half-width or proportional, got '\(d)'")
                }
                p.halfWidthDigits = d == "half-width"
            }
            if let m = try s.text("line-end-mark") {
                guard m == "half" || m == "grid" else {
                    throw doc.error(s.value("line-end-mark"), "line-end-mark must be grid or half, got '\(m)'")
                }
                p.lineEndMarkHalf = m == "half"
            }
            partial[name] = p
        }

        func resolve(_ name: String, chain: [String]) throws -> PartialStyle {
            let p = partial[name]!
            guard let base = p.basedOn else { return p }
            if chain.contains(base) || base == name {
                // Reported at the style where the loop closes back, which is the
                // first of the cycle met in file order (styles resolve in file order).
                let cycle = (chain + [name, base]).drop(while: { $0 != base }).joined(separator: " → ")
                throw doc.error(line: partial[base]?.basedOnLine, "style '\(base)': based-on forms a cycle: \(cycle)")
            }
            guard partial[base] != nil else {
                throw doc.error(line: p.basedOnLine, "style '\(name)' is based on unknown style '\(base)'; styles are: \(partial.keys.sorted().joined(separator: ", "))")
            }
            return p.over(try resolve(base, chain: chain + [name]))
        }

        var resolved: [String: TextStyle] = [:]
        for name in map.entries.map(\.key) {
            let p = try resolve(name, chain: [])
            func need<T>(_ v: T?, _ field: String) throws -> T {
                guard let v else {
                    throw doc.error(line: p.line, "style '\(name)' has no \(field) (not set and not inherited through based-on)")
                }
                return v
            }
            // A zh-Hant style (said so, or set in a Traditional Chinese face) takes the
            // Taiwan / Hong Kong defaults: corner quotes, their kinsoku, centred marks.
            let family = fonts.resolve(try need(p.family, "family"))
            let language = p.language ?? ChineseVariant.inferred(family: family)
            let hant = language == .traditional
            resolved[name] = TextStyle(
                family: family, weight: p.weight ?? 400,
                size: try need(p.size, "size"), leading: try need(p.leading, "leading"), color: p.color ?? "#000000",
                align: p.align ?? .justify, indent: p.indent ?? 0, kinsoku: p.kinsoku ?? (hant ? .traditional : .basic),
                punctuation: p.punctuation ?? (hant ? .centered : .fullWidth), hangingPunctuation: p.hanging ?? .none,
                hanLatinSpacing: p.hanLatin ?? 0.25, letterSpacing: p.letterSpacing ?? 0, grid: p.grid ?? true)
            resolved[name]!.vertical = p.vertical ?? false
            resolved[name]!.halfWidthDigits = p.halfWidthDigits ?? false
            resolved[name]!.lineEndMarkHalf = p.lineEndMarkHalf ?? false
            resolved[name]!.splitMarkRuns = p.splitMarkRuns ?? false
            resolved[name]!.language = language
            resolved[name]!.quotes = p.quotes ?? (hant ? .corner : .asWritten)
        }
        func role(_ r: String) throws -> TextStyle {
            guard let s = resolved[r] else {
                throw doc.error(line: root.doc.line(root.keyNode("styles")),
                                "style '\(r)' is not defined; every template must define: \(roles.joined(separator: ", "))")
            }
            return s
        }
        var sheet = StyleSheet(body: try role("body"), bold: try role("bold"), byline: try role("byline"),
                          inBodySubhead: try role("in-body-subhead"), kicker: try role("kicker"),
                          headline: try role("headline"), secondaryHeadline: try role("secondary-headline"),
                          subhead: try role("subhead"), caption: try role("caption"), credit: try role("credit"),
                          header: try role("header"), footer: try role("footer"), banner: try role("banner"),
                          jump: try role("jump"), pullQuote: resolved["pull-quote"])
        sheet.verticalBody = resolved["vertical-body"]
        return (sheet, resolved)
    }
}
