import Foundation
import Interop

/// A 2-D affine transform `[a b c d e f]` as PDF writes it.
struct Matrix {
    var a = 1.0, b = 0.0, c = 0.0, d = 1.0, e = 0.0, f = 0.0
    static let identity = Matrix()
    init() {}
    init(_ v: [Double]) { if v.count == 6 { (a, b, c, d, e, f) = (v[0], v[1], v[2], v[3], v[4], v[5]) } }
    /// self, then m.
    func then(_ m: Matrix) -> Matrix {
        var r = Matrix()
        r.a = a * m.a + b * m.c; r.b = a * m.b + b * m.d
        r.c = c * m.a + d * m.c; r.d = c * m.b + d * m.d
        r.e = e * m.a + f * m.c + m.e; r.f = e * m.b + f * m.d + m.f
        return r
    }
    func apply(_ x: Double, _ y: Double) -> (Double, Double) { (a * x + c * y + e, b * x + d * y + f) }
    /// How much a unit length grows (geometric mean of the axes).
    var scale: Double { sqrt(abs(a * d - b * c)) }
}

/// A colour as painted: its family and components.
public struct PaintColour: Equatable, Sendable {
    public enum Space: String, Sendable { case gray = "DeviceGray", rgb = "RGB", cmyk = "DeviceCMYK", lab = "Lab", separation = "Separation", other = "other" }
    public var space: Space
    public var components: [Double]
    static let black = PaintColour(space: .gray, components: [0])

    /// 100 % K and nothing else (grey 0 prints on the black plate alone, too).
    public var isKOnly: Bool {
        switch space {
        case .gray: return true
        case .cmyk: return components.count == 4 && components[0] == 0 && components[1] == 0 && components[2] == 0
        default: return false
        }
    }
    /// Looks black to a reader: what should have been K-only.
    public var looksBlack: Bool {
        switch space {
        case .gray: return (components.first ?? 1) < 0.1
        case .rgb: return components.count == 3 && components.allSatisfy { $0 < 0.15 }
        case .cmyk: return components.count == 4 && components[3] > 0.85
        default: return false
        }
    }
    public var inkPercent: Double { space == .cmyk ? components.reduce(0, +) * 100 : 0 }
    public var description: String { "\(space.rawValue) \(components.map(fmt).joined(separator: " "))" }
}

/// What the walker reports: one painted object with its bounding box in PDF space.
enum Painted {
    case text(font: String, size: Double, colour: PaintColour, at: (Double, Double))
    case stroke(width: Double, colour: PaintColour, box: Rect)
    case fill(colour: PaintColour, box: Rect)
    case image(pixels: (Int, Int), colourSpace: String, box: Rect, transparent: Bool)
    case transparency(what: String, at: (Double, Double))
    case colourSpace(name: String, at: (Double, Double))
}

/// Interprets a page's content (and its form XObjects) far enough to know what is
/// painted where, in which colour, how large: the reader behind preflight. It
/// works on any PDF libqpdf reads, not only on ours.
struct PageWalker {
    let doc: PDFSurgery
    var visit: (Painted) -> Void

    private struct GState {
        var ctm = Matrix.identity
        var fill = PaintColour.black, stroke = PaintColour.black
        var fillSpace = PaintColour.Space.gray, strokeSpace = PaintColour.Space.gray
        var lineWidth = 1.0
        var font = "", fontSize = 0.0, rise = 0.0
        var transparent = false
    }

    func walk(page: PDFObject) throws {
        let res = inherited(page, "/Resources")
        try run(try doc.pageContent(page), resources: res, state: GState(), depth: 0)
    }

    private func inherited(_ page: PDFObject, _ key: String) -> PDFObject? {
        var node: PDFObject? = page
        while let n = node { if let v = doc.get(n, key) { return v }; node = doc.get(n, "/Parent") }
        return nil
    }

    private func resource(_ res: PDFObject?, _ category: String, _ name: String) -> PDFObject? {
        guard let res, let sub = doc.get(res, category) else { return nil }
        return doc.get(sub, "/" + name)
    }

    /// The family of a colour space operand (a name, or a name of the resources' /ColorSpace).
    private func space(_ name: String, _ res: PDFObject?) -> (PaintColour.Space, String) {
        switch name {
        case "DeviceGray", "G", "CalGray": return (.gray, name)
        case "DeviceRGB", "RGB", "CalRGB": return (.rgb, name)
        case "DeviceCMYK", "CMYK": return (.cmyk, name)
        case "Pattern": return (.other, name)
        default: break
        }
        guard let cs = resource(res, "/ColorSpace", name) else { return (.other, name) }
        return spaceOf(cs)
    }

    func spaceOf(_ cs: PDFObject) -> (PaintColour.Space, String) {
        if let n = doc.name(cs) { return space(String(n.dropFirst()), nil) }
        let parts = doc.array(cs)
        guard let kind = parts.first.flatMap(doc.name) else { return (.other, "?") }
        switch kind {
        case "/ICCBased":
            let n = parts.count > 1 ? doc.get(doc.dictionary(parts[1]), "/N").flatMap(doc.number) ?? 0 : 0
            return n == 1 ? (.gray, "ICCBased gray") : n == 3 ? (.rgb, "ICCBased RGB") : n == 4 ? (.cmyk, "ICCBased CMYK") : (.other, "ICCBased")
        case "/CalRGB": return (.rgb, "CalRGB")
        case "/CalGray": return (.gray, "CalGray")
        case "/Lab": return (.lab, "Lab")
        case "/Indexed": return parts.count > 1 ? spaceOf(parts[1]) : (.other, "Indexed")
        case "/Separation", "/DeviceN":
            // Judge by the alternate space: a spot colour with an RGB alternate is RGB to a press.
            let alt = parts.count > 2 ? spaceOf(parts[2]).0 : .other
            return (alt == .rgb || alt == .lab ? alt : .separation, String(kind.dropFirst()))
        case "/Pattern": return (.other, "Pattern")
        default: return (.other, String(kind.dropFirst()))
        }
    }

    private func run(_ data: Data, resources res: PDFObject?, state initial: GState, depth: Int) throws {
        guard depth < 12 else { return }
        var gs = initial
        var stack: [GState] = []
        var tm = Matrix.identity, tlm = Matrix.identity
        var leading = 0.0
        var path: (minX: Double, minY: Double, maxX: Double, maxY: Double)? = nil
        func addPoint(_ x: Double, _ y: Double) {
            let (px, py) = gs.ctm.apply(x, y)
            if let p = path { path = (min(p.minX, px), min(p.minY, py), max(p.maxX, px), max(p.maxY, py)) }
            else { path = (px, py, px, py) }
        }
        func box() -> Rect {
            guard let p = path else { return Rect(x: 0, y: 0, width: 0, height: 0) }
            return Rect(x: p.minX, y: p.minY, width: p.maxX - p.minX, height: p.maxY - p.minY)
        }
        func showText() {
            let m = Matrix([1, 0, 0, 1, 0, gs.rise]).then(tm).then(gs.ctm)
            let (x, y) = m.apply(0, 0)
            let size = gs.fontSize * sqrt(abs(m.c * m.c + m.d * m.d))
            visit(.text(font: gs.font, size: size, colour: gs.fill, at: (x, y)))
            if gs.transparent { visit(.transparency(what: "text in a transparent graphics state", at: (x, y))) }
        }
        for op in ContentStreamParser.operations(data) {
            let v = op.operands.compactMap(\.number)
            switch op.op {
            case "q": stack.append(gs)
            case "Q": if let s = stack.popLast() { gs = s }
            case "cm": if v.count == 6 { gs.ctm = Matrix(v).then(gs.ctm) }
            case "w": if let w = v.first { gs.lineWidth = w }
            case "gs":
                if let n = op.operands.first?.name, let e = resource(res, "/ExtGState", n) {
                    let ca = doc.get(e, "/ca").flatMap(doc.number) ?? 1, CA = doc.get(e, "/CA").flatMap(doc.number) ?? 1
                    let bm = doc.get(e, "/BM").flatMap { doc.name($0) ?? doc.array($0).first.flatMap(doc.name) } ?? "/Normal"
                    let smask = doc.get(e, "/SMask").map { !doc.isName($0, "/None") } ?? false
                    gs.transparent = ca < 1 || CA < 1 || smask || (bm != "/Normal" && bm != "/Compatible")
                    if let f = doc.get(e, "/Font") { let a = doc.array(f); if a.count == 2 { gs.fontSize = doc.number(a[1]) ?? 0 } }
                }
            case "g": gs.fillSpace = .gray; gs.fill = PaintColour(space: .gray, components: v)
            case "G": gs.strokeSpace = .gray; gs.stroke = PaintColour(space: .gray, components: v)
            case "rg": gs.fillSpace = .rgb; gs.fill = PaintColour(space: .rgb, components: v)
            case "RG": gs.strokeSpace = .rgb; gs.stroke = PaintColour(space: .rgb, components: v)
            case "k": gs.fillSpace = .cmyk; gs.fill = PaintColour(space: .cmyk, components: v)
            case "K": gs.strokeSpace = .cmyk; gs.stroke = PaintColour(space: .cmyk, components: v)
            case "cs", "CS":
                let (s, name) = space(op.operands.first?.name ?? "", res)
                if s == .rgb || s == .lab { visit(.colourSpace(name: name, at: gs.ctm.apply(0, 0))) }
                let initialColour = PaintColour(space: s, components: s == .cmyk ? [0, 0, 0, 1] : s == .gray ? [0] : [0, 0, 0])
                if op.op == "cs" { gs.fillSpace = s; gs.fill = initialColour } else { gs.strokeSpace = s; gs.stroke = initialColour }
            case "sc", "scn": gs.fill = PaintColour(space: gs.fillSpace, components: v)
            case "SC", "SCN": gs.stroke = PaintColour(space: gs.strokeSpace, components: v)
            case "m", "l": if v.count == 2 { addPoint(v[0], v[1]) }
            case "c": if v.count == 6 { addPoint(v[0], v[1]); addPoint(v[2], v[3]); addPoint(v[4], v[5]) }
            case "v", "y": if v.count == 4 { addPoint(v[0], v[1]); addPoint(v[2], v[3]) }
            case "re": if v.count == 4 { addPoint(v[0], v[1]); addPoint(v[0] + v[2], v[1] + v[3]) }
            case "S", "s":
                visit(.stroke(width: gs.lineWidth * gs.ctm.scale, colour: gs.stroke, box: box()))
                if gs.transparent { visit(.transparency(what: "a stroke in a transparent graphics state", at: (box().x, box().y + box().height))) }
                path = nil
            case "f", "F", "f*":
                visit(.fill(colour: gs.fill, box: box()))
                if gs.transparent { visit(.transparency(what: "a fill in a transparent graphics state", at: (box().x, box().y + box().height))) }
                path = nil
            case "B", "B*", "b", "b*":
                visit(.fill(colour: gs.fill, box: box()))
                visit(.stroke(width: gs.lineWidth * gs.ctm.scale, colour: gs.stroke, box: box()))
                if gs.transparent { visit(.transparency(what: "a fill and stroke in a transparent graphics state", at: (box().x, box().y + box().height))) }
                path = nil
            case "n": path = nil
            case "BT": tm = .identity; tlm = .identity
            case "Tf":
                if let n = op.operands.first?.name { gs.font = fontName(res, n) }
                if let s = v.last { gs.fontSize = s }
            case "Ts": if let r = v.first { gs.rise = r }
            case "TL": if let l = v.first { leading = l }
            case "Tm": if v.count == 6 { tm = Matrix(v); tlm = tm }
            case "Td", "TD":
                if v.count == 2 {
                    if op.op == "TD" { leading = -v[1] }
                    tlm = Matrix([1, 0, 0, 1, v[0], v[1]]).then(tlm); tm = tlm
                }
            case "T*": tlm = Matrix([1, 0, 0, 1, 0, -leading]).then(tlm); tm = tlm
            case "'", "\"":
                tlm = Matrix([1, 0, 0, 1, 0, -leading]).then(tlm); tm = tlm
                showText()
            case "Tj", "TJ": showText()
            case "BI":
                let d = op.inlineImage ?? [:]
                let w = Int((d["W"] ?? d["Width"])?.number ?? 0), h = Int((d["H"] ?? d["Height"])?.number ?? 0)
                let cs = (d["CS"] ?? d["ColorSpace"])?.name ?? "DeviceGray"
                imageVisit(pixels: (w, h), space: space(cs, res).1, transparent: gs.transparent, ctm: gs.ctm)
            case "sh":
                if let n = op.operands.first?.name, let sh = resource(res, "/Shading", n),
                   let cs = doc.get(doc.dictionary(sh), "/ColorSpace") {
                    let (s, name) = spaceOf(cs)
                    if s == .rgb || s == .lab { visit(.colourSpace(name: name + " shading", at: gs.ctm.apply(0, 0))) }
                }
            case "Do":
                guard let n = op.operands.first?.name, let x = resource(res, "/XObject", n) else { continue }
                let dict = doc.dictionary(x)
                if let sub = doc.get(dict, "/Subtype"), doc.isName(sub, "/Image") {
                    let w = Int(doc.get(dict, "/Width").flatMap(doc.number) ?? 0), h = Int(doc.get(dict, "/Height").flatMap(doc.number) ?? 0)
                    let isMask = doc.get(dict, "/ImageMask").flatMap(doc.bool) ?? false
                    var spaceName = isMask ? "mask" : "DeviceGray"
                    if let cs = doc.get(dict, "/ColorSpace") {
                        let (s, name) = spaceOf(cs)
                        spaceName = s == .rgb ? "RGB (\(name))" : s == .lab ? "Lab" : name
                    }
                    let smask = doc.get(dict, "/SMask") != nil
                    imageVisit(pixels: (w, h), space: spaceName, transparent: gs.transparent || smask, ctm: gs.ctm)
                } else {
                    var inner = gs
                    if let m = doc.get(dict, "/Matrix") { inner.ctm = Matrix(doc.array(m).compactMap(doc.number)).then(gs.ctm) }
                    if let g = doc.get(dict, "/Group"), let s = doc.get(g, "/S"), doc.isName(s, "/Transparency") {
                        let b = doc.get(dict, "/BBox").flatMap(doc.rect)
                        visit(.transparency(what: "a transparency group (form XObject)", at: inner.ctm.apply(b?.x ?? 0, b?.y ?? 0)))
                    }
                    try run(try doc.streamData(x), resources: doc.get(dict, "/Resources") ?? res, state: inner, depth: depth + 1)
                }
            default: continue
            }
        }
    }

    private func imageVisit(pixels: (Int, Int), space: String, transparent: Bool, ctm: Matrix) {
        let pts = [ctm.apply(0, 0), ctm.apply(1, 0), ctm.apply(0, 1), ctm.apply(1, 1)]
        let xs = pts.map(\.0), ys = pts.map(\.1)
        let box = Rect(x: xs.min()!, y: ys.min()!, width: xs.max()! - xs.min()!, height: ys.max()! - ys.min()!)
        visit(.image(pixels: pixels, colourSpace: space, box: box, transparent: transparent))
        if transparent { visit(.transparency(what: "an image with a soft mask or in a transparent state", at: (box.x, box.y + box.height))) }
    }

    private func fontName(_ res: PDFObject?, _ n: String) -> String {
        guard let f = resource(res, "/Font", n) else { return n }
        return doc.get(f, "/BaseFont").flatMap(doc.name).map { String($0.dropFirst()) } ?? n
    }
}

/// Whole-document facts the press stage needs about an ad.
struct PDFInspection {
    var usesRGB = false
    /// Something on a page is transparent (a soft mask, an alpha below 1, a
    /// transparency group inside the content); flattening is needed.
    var usesTransparency = false
    /// A page carries a transparency group dictionary (Cairo writes one on every
    /// page), whether or not anything on it is transparent.
    var hasPageGroup = false
    var unembeddedFonts: [String] = []

    init(_ doc: PDFSurgery, pages: Range<Int>? = nil) throws {
        var rgb = false, transparent = false, group = false
        var fonts = Set<String>(), missing = Set<String>()
        for i in pages ?? 0..<doc.pageCount {
            let page = doc.page(i)
            defer {
                for f in fonts where !Preflight(profile: .press).isEmbedded(doc, page: page, baseFont: f) { missing.insert(f) }
                fonts = []
            }
            if let g = doc.get(page, "/Group"), let s = doc.get(g, "/S"), doc.isName(s, "/Transparency") { group = true }
            try PageWalker(doc: doc, visit: { p in
                switch p {
                case let .text(font, _, c, _):
                    fonts.insert(font)
                    if c.space == .rgb || c.space == .lab { rgb = true }
                case let .fill(c, _), let .stroke(_, c, _): if c.space == .rgb || c.space == .lab { rgb = true }
                case let .image(_, cs, _, t): if cs.hasPrefix("RGB") || cs == "Lab" { rgb = true }; if t { transparent = true }
                case .colourSpace: rgb = true
                case .transparency: transparent = true
                }
            }).walk(page: page)
        }
        usesRGB = rgb; usesTransparency = transparent; hasPageGroup = group; unembeddedFonts = missing.sorted()
    }
}
