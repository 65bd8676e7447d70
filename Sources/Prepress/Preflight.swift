import Foundation
import Interop

/// One problem a printer's (or archive's) preflight would report.
public struct PreflightFinding: Sendable, CustomStringConvertible {
    /// 1-based page; nil for the document as a whole.
    public var page: Int?
    /// Position in mm from the trim box's top-left corner (media box when there is no trim box).
    public var position: (x: Double, y: Double)?
    public var message: String
    /// How many more places on the page show the same problem.
    public var more = 0

    public var description: String {
        var s = page.map { "page \($0)" } ?? "document"
        if let p = position { s += String(format: " at %.1f,%.1f mm", p.x, p.y) }
        s += ": " + message
        if more > 0 { s += " (and \(more) more on this page)" }
        return s
    }
}

/// Checks a PDF the way a newspaper printer's preflight does (press) or an
/// archive's intake does (archive). Works on any PDF: it reads the structure
/// with libqpdf, interprets the content streams itself, and measures ink on the
/// separations Ghostscript renders.
public struct Preflight {
    public enum Profile: String, Sendable, CaseIterable { case press, archive }
    public var profile: Profile
    /// Total area coverage allowed, percent.
    public var inkLimit: Double = 240
    public var minimumTextSize = 5.0
    public var minimumRuleWidth = 0.1
    public var minimumImagePPI = 200.0
    /// Resolution of the ink check.
    public var inkDPI = 36.0

    public init(profile: Profile) { self.profile = profile }

    public func check(_ path: String) throws -> [PreflightFinding] {
        let doc = try PDFSurgery(path: path)
        var findings: [PreflightFinding] = []
        findings += documentChecks(doc)
        for i in 0..<doc.pageCount {
            findings += try pageChecks(doc, index: i)
        }
        if profile == .press {
            findings += try InkCheck(limit: inkLimit, dpi: inkDPI).check(path, doc: doc)
        }
        return findings
    }

    func documentChecks(_ doc: PDFSurgery) -> [PreflightFinding] {
        var out: [PreflightFinding] = []
        let intents = doc.get(doc.root, "/OutputIntents").map(doc.array) ?? []
        let wanted = profile == .press ? "/GTS_PDFX" : "/GTS_PDFA1"
        let intent = intents.first { doc.get($0, "/S").map { doc.isName($0, wanted) } ?? false }
        if intent == nil {
            out.append(PreflightFinding(page: nil, message: profile == .press
                ? "no PDF/X OutputIntent (the printer's ICC profile and its OutputConditionIdentifier)"
                : "no PDF/A OutputIntent (an ICC profile, e.g. sRGB)"))
        } else if let i = intent, doc.get(i, "/DestOutputProfile") == nil, profile == .archive {
            out.append(PreflightFinding(page: nil, message: "the OutputIntent has no ICC profile (DestOutputProfile)"))
        }
        if profile == .press {
            let version = doc.get(doc.trailer, "/Info").flatMap { doc.get($0, "/GTS_PDFXVersion") }.flatMap(doc.string)
            if version == nil { out.append(PreflightFinding(page: nil, message: "not marked as PDF/X (no GTS_PDFXVersion in the document info)")) }
        } else {
            let xmp = doc.get(doc.root, "/Metadata").flatMap { try? doc.streamData($0) }.map { String(decoding: $0, as: UTF8.self) } ?? ""
            if !xmp.contains("pdfaid:part") {
                out.append(PreflightFinding(page: nil, message: "no XMP metadata identifying PDF/A (pdfaid:part)"))
            }
        }
        return out
    }

    func pageChecks(_ doc: PDFSurgery, index: Int) throws -> [PreflightFinding] {
        let page = doc.page(index)
        let number = index + 1
        let trim = doc.get(page, "/TrimBox").flatMap(doc.rect)
        let bleed = doc.get(page, "/BleedBox").flatMap(doc.rect)
        let frame = trim ?? doc.box(page, "/MediaBox") ?? Rect(x: 0, y: 0, width: 0, height: 0)
        let printed = bleed ?? frame   // what ends up on paper; marks and slug lie outside
        func mm(_ p: (Double, Double)) -> (x: Double, y: Double) {
            ((p.0 - frame.x) / PressSettings.mm, (frame.y + frame.height - p.1) / PressSettings.mm)
        }
        func inside(_ p: (Double, Double)) -> Bool {
            p.0 >= printed.x - 0.5 && p.0 <= printed.x + printed.width + 0.5 && p.1 >= printed.y - 0.5 && p.1 <= printed.y + printed.height + 0.5
        }
        // Inside the printed area by more than a hairline: crop marks begin exactly at the bleed.
        func overlaps(_ r: Rect) -> Bool {
            r.x < printed.x + printed.width - 0.5 && r.x + r.width > printed.x + 0.5
                && r.y < printed.y + printed.height - 0.5 && r.y + r.height > printed.y + 0.5
        }
        // Same problem on the same page: reported once, at its first place, with a count.
        var order: [String] = []
        var grouped: [String: PreflightFinding] = [:]
        func add(_ key: String, _ message: String, at p: (Double, Double)?) {
            if grouped[key] != nil { grouped[key]!.more += 1; return }
            order.append(key)
            grouped[key] = PreflightFinding(page: number, position: p.map(mm), message: message)
        }
        if profile == .press {
            if trim == nil { add("trim", "no TrimBox (the trimmed page size)", at: nil) }
            if bleed == nil { add("bleed", "no BleedBox (trim + bleed)", at: nil) }
            if let g = doc.get(page, "/Group"), let s = doc.get(g, "/S"), doc.isName(s, "/Transparency") {
                add("page-group", "transparency: the page has a transparency group (not allowed in PDF/X-1a/X-3)", at: nil)
            }
        }
        var fontsSeen: [String: (Double, Double)] = [:]
        let press = profile == .press
        try PageWalker(doc: doc, visit: { p in
            switch p {
            case let .text(font, size, colour, at):
                if fontsSeen[font] == nil { fontsSeen[font] = at }
                guard press, inside(at) else { return }
                if size > 0 && size < minimumTextSize - 1e-6 {
                    add("small-text", String(format: "text %.1f pt is below %.0f pt (font %@)", size, minimumTextSize, font), at: at)
                }
                if colour.space == .rgb || colour.space == .lab {
                    add("rgb-text", "RGB or Lab object: text in \(colour.description)", at: at)
                }
                if colour.looksBlack && !colour.isKOnly {
                    let ink = colour.space == .cmyk ? " (\(Int(colour.inkPercent.rounded())) % ink where 100 % K is expected)" : " (prints in four colours once converted)"
                    add("black-text", "black text is not K-only: \(colour.description)\(ink)", at: at)
                }
            case let .stroke(width, colour, box):
                guard press, overlaps(box) else { return }
                if width < minimumRuleWidth - 1e-6 {
                    add("thin-rule", String(format: "rule %.2f pt is thinner than %.1f pt", width, minimumRuleWidth), at: (box.x, box.y + box.height))
                }
                if colour.space == .rgb || colour.space == .lab {
                    add("rgb-vector", "RGB or Lab object: stroke in \(colour.description)", at: (box.x, box.y + box.height))
                } else if colour.looksBlack && !colour.isKOnly && width < 2 {
                    add("black-rule", "black rule is not K-only: \(colour.description)", at: (box.x, box.y + box.height))
                }
            case let .fill(colour, box):
                guard press, overlaps(box) else { return }
                if colour.space == .rgb || colour.space == .lab {
                    add("rgb-vector", "RGB or Lab object: fill in \(colour.description)", at: (box.x, box.y + box.height))
                }
            case let .image(pixels, space, box, _):
                guard press, overlaps(box), box.width > 1, box.height > 1 else { return }
                if space.hasPrefix("RGB") || space == "Lab" {
                    add("rgb-image", "RGB or Lab object: image \(pixels.0)×\(pixels.1) in \(space)", at: (box.x, box.y + box.height))
                }
                let ppi = min(Double(pixels.0) / (box.width / 72), Double(pixels.1) / (box.height / 72))
                if space != "mask" && ppi < minimumImagePPI {
                    add("low-ppi", String(format: "image %d×%d at %.0f ppi effective (below %.0f)", pixels.0, pixels.1, ppi, minimumImagePPI),
                        at: (box.x, box.y + box.height))
                }
            case let .transparency(what, at):
                if press { add("transparency", "transparency: \(what)", at: at) }
            case let .colourSpace(name, at):
                if press { add("rgb-space", "RGB or Lab object: colour space \(name)", at: at) }
            }
        }).walk(page: page)
        for (font, at) in fontsSeen.sorted(by: { $0.key < $1.key }) where !isEmbedded(doc, page: page, baseFont: font) {
            add("font-\(font)", "font \(font) is not embedded", at: at)
        }
        return order.compactMap { grouped[$0] }
    }

    /// Whether the font named `baseFont` in the page's (or its forms') resources carries its font program.
    func isEmbedded(_ doc: PDFSurgery, page: PDFObject, baseFont: String) -> Bool {
        var result = true
        var seen = Set<String>()
        func visit(_ res: PDFObject?, depth: Int) {
            guard let res, depth < 8 else { return }
            if let fonts = doc.get(res, "/Font") {
                for k in doc.keys(fonts) {
                    guard let f = doc.get(fonts, k), doc.get(f, "/BaseFont").flatMap(doc.name) == "/" + baseFont || (doc.get(f, "/BaseFont") == nil && k == "/" + baseFont) else { continue }
                    result = result && fontIsEmbedded(doc, f)
                }
            }
            if let xs = doc.get(res, "/XObject") {
                for k in doc.keys(xs) {
                    guard let x = doc.get(xs, k), doc.isStream(x) else { continue }
                    let id = doc.unparse(x)
                    guard !seen.contains(id) else { continue }
                    seen.insert(id)
                    visit(doc.get(doc.dictionary(x), "/Resources"), depth: depth + 1)
                }
            }
        }
        var node: PDFObject? = page
        var res: PDFObject? = nil
        while let n = node, res == nil { res = doc.get(n, "/Resources"); node = doc.get(n, "/Parent") }
        visit(res, depth: 0)
        return result
    }

    func fontIsEmbedded(_ doc: PDFSurgery, _ font: PDFObject) -> Bool {
        if let sub = doc.get(font, "/Subtype"), doc.isName(sub, "/Type3") { return true }
        var target = font
        if let d = doc.get(font, "/DescendantFonts"), let first = doc.array(d).first { target = first }
        guard let fd = doc.get(target, "/FontDescriptor") else { return false }
        return doc.get(fd, "/FontFile") != nil || doc.get(fd, "/FontFile2") != nil || doc.get(fd, "/FontFile3") != nil
    }
}
