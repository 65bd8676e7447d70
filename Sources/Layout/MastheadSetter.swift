import Composer
import Foundation
import Interop
import Model

/// Sets a front page's masthead (报头) in the template's header band: the nameplate
/// (PDF artwork placed as vectors, or text in a named style), the ear panels (报眼)
/// beside it, and the data line — date, weekday, lunar date, issue number, page
/// count, CN and postal numbers, weather — between a thin and a heavy rule.
struct MastheadSetter {
    let composer: Composer
    let grid: PageGrid
    let masthead: Masthead
    var template: PageTemplate { grid.template }

    /// What the masthead's fields are filled from.
    struct Data {
        var newspaper: String
        var date: String
        var issueNumber: Int
        var pageCount: Int
        var page: Int
        var weather: String?
        var ears: [Masthead.Side: [String]]
    }

    func elements(_ data: Data) throws -> [PageElement] {
        var out: [PageElement] = []
        let left = template.margins.left
        let width = template.typeAreaWidth
        let bandTop = template.margins.top - template.header.height
        let ruleY = template.margins.top - grid.pitch * 0.6
        let ds = masthead.dataStyle

        // The data line sits on the heavy rule (in the paper's accent colour), under a thin one.
        out.append(.rule(from: Point(x: left, y: ruleY), to: Point(x: left + width, y: ruleY), width: template.header.rule,
                         Color(hex: masthead.accent) ?? .black))
        out.append(.rule(from: Point(x: left, y: ruleY + template.header.rule + 1.2),
                         to: Point(x: left + width, y: ruleY + template.header.rule + 1.2), width: 0.4, .black))
        let dataBaseline = ruleY - template.header.rule / 2 - ds.leading * 0.35
        let thinY = dataBaseline - ds.size - (ds.leading - ds.size) / 2 - 2
        out.append(.rule(from: Point(x: left, y: thinY), to: Point(x: left + width, y: thinY), width: 0.6, .black))
        out += try dataLine(data, baseline: dataBaseline, x: left, width: width)

        // Nameplate and ears share the band above the thin rule.
        let areaTop = bandTop, areaBottom = thinY - 4
        var free = (x0: left, x1: left + width)
        for ear in masthead.ears {
            let x = ear.side == .left ? left : left + width - ear.width
            out += try earPanel(ear, data: data, frame: Rect(x: x, y: areaTop, width: ear.width, height: areaBottom - areaTop))
            if ear.side == .left { free.x0 = x + ear.width } else { free.x1 = x }
        }
        out += try nameplate(in: Rect(x: free.x0, y: areaTop, width: free.x1 - free.x0, height: areaBottom - areaTop))
        return out
    }

    // MARK: Nameplate

    func nameplate(in area: Rect) throws -> [PageElement] {
        let pad = 6.0
        switch masthead.nameplate {
        case let .artwork(path):
            let size: Size
            // The template and the line naming the file, for errors about its content.
            let named = template.sourcePath + (masthead.artworkLine.map { ":\($0)" } ?? "")
            if PageElement.isSVGArtwork(path) {
                do { size = try SVGDocument(path: path).size } catch {
                    let why = (error as? SVGReadError)?.reason ?? "\(error)"
                    throw LayoutError.template(path: named, message: "masthead artwork \(path) cannot be read as an SVG: \(why)")
                }
            } else {
                do { size = try PDFDocument(path: path).pageSize(0) } catch {
                    throw LayoutError.template(path: named, message: "masthead artwork \(path) cannot be read as a PDF: \(error)")
                }
            }
            guard size.width > 0, size.height > 0 else {
                throw LayoutError.template(path: template.sourcePath, message: "masthead artwork \(path) has an empty page")
            }
            var scale = masthead.nameplateHeight / size.height
            scale = min(scale, (area.width - 2 * pad) / size.width, area.height / size.height)
            let w = size.width * scale, h = size.height * scale
            let x = masthead.alignment == .center ? area.x + (area.width - w) / 2 : area.x + pad
            return [.artwork(path: path, frame: Rect(x: x, y: area.y + (area.height - h) / 2, width: w, height: h))]
        case let .text(text, style):
            var s = style; s.indent = 0; s.align = masthead.alignment == .center ? .center : .left
            let lines = try composer.lines(ParagraphInput(fill(text, nil), style: s), width: area.width - 2 * pad)
            guard lines.count == 1, let line = lines.first else {
                throw LayoutError.template(path: template.sourcePath, message: "masthead nameplate '\(text)' does not fit on one line between the ears (\(Int(area.width)) pt)")
            }
            let baseline = area.y + (area.height - s.size) / 2 + s.size * 0.88
            return [.text(PlacedLine(line: line, origin: Point(x: area.x + pad, y: baseline), role: .header,
                                     articleID: nil, column: nil, lineInColumn: nil, gridLine: nil))]
        }
    }

    // MARK: Ears

    /// A framed panel: a title bar in the accent colour, then the text lines.
    func earPanel(_ ear: Masthead.Ear, data: Data, frame: Rect) throws -> [PageElement] {
        var out: [PageElement] = [.frame(frame, width: 0.6, .black)]
        let pad = 5.0
        var y = frame.y
        if let title = ear.title {
            var ts = masthead.earTitleStyle; ts.align = .center; ts.indent = 0; ts.color = "#ffffff"
            let bar = Rect(x: frame.x, y: y, width: frame.width, height: ts.leading + 4)
            out.append(.fill(bar, Color(hex: masthead.accent) ?? .black))
            let l = try oneLine(fill(title, data), ts, width: bar.width - 2 * pad, what: "ear title")
            out.append(.text(PlacedLine(line: l, origin: Point(x: bar.x + pad, y: bar.y + (bar.height - ts.size) / 2 + ts.size * 0.88),
                                        role: .header, articleID: nil, column: nil, lineInColumn: nil, gridLine: nil)))
            y = bar.maxY
        }
        var es = masthead.earStyle; es.indent = 0
        var lines: [ComposedLine] = []
        for text in data.ears[ear.side] ?? ear.lines {
            lines += try composer.lines(ParagraphInput(fill(text, data), style: es), width: frame.width - 2 * pad)
        }
        let needed = Double(lines.count) * es.leading
        let room = frame.maxY - y - pad
        if needed > room + 0.01 {
            throw LayoutError.template(path: template.sourcePath, message: "masthead: the \(ear.side.rawValue) ear's text needs \(lines.count) lines (\(Int(needed)) pt) but the panel holds \(Int(room / es.leading))")
        }
        // The text block is centred in what the title leaves.
        var baseline = y + (room + pad - needed) / 2 + (es.leading - es.size) / 2 + es.size * 0.88
        for l in lines {
            out.append(.text(PlacedLine(line: l, origin: Point(x: frame.x + pad, y: baseline), role: .header,
                                        articleID: nil, column: nil, lineInColumn: nil, gridLine: nil)))
            baseline += es.leading
        }
        return out
    }

    // MARK: Data line

    /// The items spread across the width with equal space between them (one line:
    /// the type shrinks to 70 % before it is an error).
    func dataLine(_ data: Data, baseline: Double, x: Double, width: Double) throws -> [PageElement] {
        let items = masthead.dataLine.map { fill($0, data) }
        guard !items.isEmpty else { return [] }
        for scale in [1.0, 0.9, 0.8, 0.7] {
            var s = masthead.dataStyle; s.size *= scale; s.align = .left; s.indent = 0
            let lines = try items.map { try oneLine($0, s, width: width, what: "data line item") }
            let used = lines.reduce(0) { $0 + $1.usedWidth }
            let gap = items.count > 1 ? (width - used) / Double(items.count - 1) : 0
            if gap < s.size && items.count > 1 { continue }
            var cx = items.count > 1 ? x : x + (width - used) / 2
            return lines.map { l in
                defer { cx += l.usedWidth + gap }
                return .text(PlacedLine(line: l, origin: Point(x: cx, y: baseline), role: .header,
                                        articleID: nil, column: nil, lineInColumn: nil, gridLine: nil))
            }
        }
        throw LayoutError.template(path: template.sourcePath, message: "masthead data line does not fit across the page: \(items.joined(separator: " | "))")
    }

    func oneLine(_ text: String, _ style: TextStyle, width: Double, what: String) throws -> ComposedLine {
        let lines = try composer.lines(ParagraphInput(text, style: style), width: width)
        guard lines.count == 1, let l = lines.first else {
            throw LayoutError.template(path: template.sourcePath, message: "masthead \(what) '\(text)' does not fit on one line (\(Int(width)) pt)")
        }
        return l
    }

    // MARK: Fields

    /// The text with its `{fields}` filled (the loader has checked the names, and
    /// that the lunar date and weather exist when used).
    func fill(_ text: String, _ data: Data?) -> String {
        guard let data else { return text }
        return MastheadSetter.fill(text, data)
    }

    static func fill(_ text: String, _ data: Data, extra: [String: String] = [:]) -> String {
        guard text.contains("{") else { return text }
        var out = text
        let parts = data.date.split(separator: "-").compactMap { Int($0) }
        var values: [String: String] = [
            "newspaper": data.newspaper, "number": "\(data.issueNumber)", "pages": "\(data.pageCount)",
            "page": "\(data.page)", "weather": data.weather ?? "",
        ]
        if parts.count == 3 {
            values["date"] = "\(parts[0])年\(parts[1])月\(parts[2])日"
            values["weekday"] = MastheadSetter.weekdayZH[MastheadSetter.weekday(data.date)]
            values["weekday-en"] = MastheadSetter.weekdayEN[MastheadSetter.weekday(data.date)]
            values["date-en"] = "\(MastheadSetter.weekdayEN[MastheadSetter.weekday(data.date)]), \(MastheadSetter.monthEN[parts[1] - 1]) \(parts[2]), \(parts[0])"
        }
        if out.contains("{lunar}") { values["lunar"] = (try? LunarDate(iso: data.date).text) ?? "" }
        for (k, v) in extra { values[k] = v }
        for (k, v) in values { out = out.replacingOccurrences(of: "{\(k)}", with: v) }
        return out
    }

    static let weekdayZH = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"]
    static let weekdayEN = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let monthEN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                          "October", "November", "December"]

    /// 0 = Sunday.
    static func weekday(_ iso: String) -> Int {
        let p = iso.split(separator: "-").compactMap { Int($0) }
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        guard p.count == 3, let d = cal.date(from: DateComponents(year: p[0], month: p[1], day: p[2])) else { return 0 }
        return cal.component(.weekday, from: d) - 1
    }
}
