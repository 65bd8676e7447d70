import Foundation
import Interop

/// The press stage: turns the RGB PDF Cairo wrote (ads left out) into PDF/X-3
/// for the printing plant.
///
/// 1. Colour (libqpdf + lcms2, our own pass so that the rules are exact): black
///    text and rules become 100 % K overprinting, greys K-only tints, other
///    colours and RGB photos are converted with the output profile and the ink limit.
/// 2. Geometry: the page grows by bleed and mark space (MediaBox), TrimBox is the
///    trim, BleedBox trim + bleed; crop and registration marks and the slug line
///    (paper, date, page, plate names) are drawn outside the bleed.
/// 3. Ads are placed as delivered: their first page becomes a form XObject in the
///    slot, so a CMYK ad's colours and K text arrive unchanged. RGB ads get the
///    same colour pass as our pages; an ad with transparency (not allowed in
///    PDF/X) is flattened on its own first, so the page around it stays vectors.
/// 4. PDF/X-3:2002 packaging with libqpdf: the OutputIntent with the ICC profile
///    embedded, GTS_PDFXVersion, Trapped and dates in the document info, PDF 1.3,
///    and a content-derived /ID (byte-identical runs). Cairo has already embedded
///    and subset every font of our pages. Ghostscript is only used where it is
///    needed — for an ad with transparency or fonts left out — because re-writing
///    every page through pdfwrite costs ~0.85 s a page, eight times the render.
public struct PressConverter {
    public let settings: PressSettings
    public let fonts: FontLibrary
    /// Messages for the user (which profile, which ad was flattened).
    public var notes: [String] = []

    public init(settings: PressSettings, fonts: FontLibrary) {
        self.settings = settings
        self.fonts = fonts
    }

    public mutating func convert(screenPDF: String, pages: [PressPage], document: PressDocument, to output: String) throws {
        let work = NSTemporaryDirectory() + "broadsheet-press-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        if settings.iccProfile == nil {
            notes.append("press: no ICC profile set (output: icc-profile:); using Ghostscript's \(PressSettings.defaultProfile) (Debian libgs-common)")
        }
        let conversion = try CMYKConversion(outputProfile: settings.resolvedProfile, inkLimit: settings.inkLimit)
        let doc = try PDFSurgery(path: screenPDF)
        guard doc.pageCount == pages.count else {
            throw PrepressError("\(screenPDF): \(doc.pageCount) pages, expected \(pages.count)")
        }
        let slug = settings.marks ? try writeSlugPages(pages, document: document, to: work + "/slug.pdf") : nil
        var adCache: [String: PDFSurgery] = [:]
        var colours = ColourPass(doc: doc, rewriter: ColorRewriter(conversion: conversion))
        for (i, page) in pages.enumerated() {
            let p = doc.page(i)
            doc.remove(p, "/Group")   // Cairo's page transparency group: nothing on our pages needs it
            let resources = try colours.resources(of: p)
            try colours.convertResources(resources)
            let m = settings.margin, b = settings.bleed
            let W = page.trim.width
            // Everything is drawn with the trim's corner at (m, m): the media box starts at 0,0.
            var content = Data("q 1 0 0 1 \(fmt(m)) \(fmt(m)) cm\nq\n".utf8)
            content.append(colours.rewriter.rewrite(try doc.pageContent(p)))
            content.append(Data("\nQ\n".utf8))
            let H = page.trim.height
            for (n, ad) in page.ads.enumerated() {
                if adCache[ad.path] == nil { adCache[ad.path] = try prepareAd(ad.path, conversion: conversion, work: work, index: adCache.count) }
                let (form, box) = try doc.formXObject(fromPage: 0, of: adCache[ad.path]!)
                let name = "BsAd\(n)"
                colours.addResource(resources, "/XObject", name, form)
                let r = ad.frame
                let s = min(r.width / box.width, r.height / box.height)
                let x = r.x + (r.width - box.width * s) / 2 - box.x * s
                let y = H - r.y - r.height + (r.height - box.height * s) / 2 - box.y * s
                content.append(Data("q \(fmt(r.x)) \(fmt(H - r.y - r.height)) \(fmt(r.width)) \(fmt(r.height)) re W n \(fmt(s)) 0 0 \(fmt(s)) \(fmt(x)) \(fmt(y)) cm /\(name) Do Q\n".utf8))
            }
            if let slug {
                let (form, _) = try doc.formXObject(fromPage: i, of: slug)
                let slugColours = ColorRewriter(conversion: conversion, plates: true)
                doc.replaceStreamData(form, slugColours.rewrite(try doc.streamData(form)))
                guard let formResources = doc.get(doc.dictionary(form), "/Resources") else { throw PrepressError("slug page \(i + 1) has no resources") }
                try colours.addOverprintStates(formResources)
                colours.addResource(resources, "/XObject", "BsSlug", form)
                content.append(Data("q 1 0 0 1 \(fmt(-m)) \(fmt(-m)) cm /BsSlug Do Q\n".utf8))
                content.append(Data(Self.cropMarks(width: W, height: H, bleed: b, margin: m).utf8))
            }
            try colours.addOverprintStates(resources)
            content.append(Data("Q\n".utf8))
            let stream = doc.newStream(data: content)
            doc.set(p, "/Contents", stream)
            doc.set(p, "/MediaBox", doc.rectObject(Rect(x: 0, y: 0, width: W + 2 * m, height: H + 2 * m)))
            doc.set(p, "/BleedBox", doc.rectObject(Rect(x: m - b, y: m - b, width: W + 2 * b, height: H + 2 * b)))
            doc.set(p, "/TrimBox", doc.rectObject(Rect(x: m, y: m, width: W, height: H)))
            for key in ["/CropBox", "/ArtBox"] { doc.remove(p, key) }
        }
        try PDFXPackaging.apply(to: doc, settings: settings)
        DocumentMetadata.apply(document, to: doc, pdfaPart: nil)
        try Self.writeAtomically(doc, to: output, pdfVersion: "1.3")
    }

    static func writeAtomically(_ doc: PDFSurgery, to output: String, pdfVersion: String? = nil) throws {
        let dir = (output as NSString).deletingLastPathComponent
        let temp = (dir.isEmpty ? "." : dir) + "/.\((output as NSString).lastPathComponent).partial-\(getpid())"
        do { try doc.write(to: temp, pdfVersion: pdfVersion) } catch { unlink(temp); throw error }
        guard rename(temp, output) == 0 else {
            unlink(temp)
            throw PrepressError("\(output): cannot write: \(String(cString: strerror(errno)))")
        }
    }

    /// An ad as it will be placed: untouched when it is CMYK/grey without
    /// transparency; colour-converted when it has RGB; flattened on its own when it
    /// uses transparency.
    mutating func prepareAd(_ path: String, conversion: CMYKConversion, work: String, index: Int) throws -> PDFSurgery {
        var doc = try PDFSurgery(path: path)
        guard doc.pageCount > 0 else { throw PrepressError("\(path): the ad has no pages") }
        let inspection = try PDFInspection(doc)
        if inspection.usesRGB {
            var pass = ColourPass(doc: doc, rewriter: ColorRewriter(conversion: conversion))
            let p = doc.page(0)
            let res = try pass.resources(of: p)
            try pass.convertResources(res)
            try pass.addOverprintStates(res)
            doc.set(p, "/Contents", doc.newStream(data: pass.rewriter.rewrite(try doc.pageContent(p))))
            let converted = "\(work)/ad-\(index)-cmyk.pdf"
            try doc.write(to: converted)
            doc = try PDFSurgery(path: converted)
            notes.append("press: \(path): RGB ad converted to CMYK with the output profile")
        }
        if inspection.hasPageGroup && !inspection.usesTransparency {
            // Only the page's group dictionary says "transparency" (Cairo and other
            // tools write one on every page): with nothing transparent on the page it
            // can go, and the ad stays vectors instead of being flattened.
            for i in 0..<doc.pageCount { doc.remove(doc.page(i), "/Group") }
            let ungrouped = "\(work)/ad-\(index)-opaque.pdf"
            try doc.write(to: ungrouped)
            doc = try PDFSurgery(path: ungrouped)
            notes.append("press: \(path): the ad's page transparency group removed (nothing on it is transparent); placed as vectors")
        }
        if inspection.usesTransparency || !inspection.unembeddedFonts.isEmpty {
            let flat = "\(work)/ad-\(index)-flat.pdf"
            try Ghostscript.flatten(input: doc.path, output: flat)
            doc = try PDFSurgery(path: flat)
            if inspection.usesTransparency {
                notes.append("press: \(path): the ad uses transparency (not allowed in PDF/X); flattened on its own at 300 dpi — ask the advertiser for PDF/X-1a")
            } else {
                notes.append("press: \(path): fonts not embedded in the ad (\(inspection.unembeddedFonts.joined(separator: ", "))); embedded by Ghostscript")
            }
        }
        return doc
    }

    /// Crop marks at the corners (starting at the bleed) and registration targets
    /// at the middle of each side, in registration colour (all four plates).
    static func cropMarks(width W: Double, height H: Double, bleed b: Double, margin m: Double) -> String {
        let len = m - b - 1 * PressSettings.mm
        let gap = b
        var s = "q 1 1 1 1 K 0.25 w /BsOv00 gs\n"
        for (x, dx) in [(0.0, -1.0), (W, 1.0)] {
            for y in [0.0, H] {
                s += "\(fmt(x + dx * gap)) \(fmt(y)) m \(fmt(x + dx * (gap + len))) \(fmt(y)) l S\n"
            }
        }
        for (y, dy) in [(0.0, -1.0), (H, 1.0)] {
            for x in [0.0, W] {
                s += "\(fmt(x)) \(fmt(y + dy * gap)) m \(fmt(x)) \(fmt(y + dy * (gap + len))) l S\n"
            }
        }
        let r = 2.5 * PressSettings.mm, k = 0.5523 * r
        let d = b + len / 2
        for (cx, cy) in [(W / 2, -d), (W / 2, H + d), (-d, H / 2), (W + d, H / 2)] {
            s += "\(fmt(cx + r)) \(fmt(cy)) m "
            s += "\(fmt(cx + r)) \(fmt(cy + k)) \(fmt(cx + k)) \(fmt(cy + r)) \(fmt(cx)) \(fmt(cy + r)) c "
            s += "\(fmt(cx - k)) \(fmt(cy + r)) \(fmt(cx - r)) \(fmt(cy + k)) \(fmt(cx - r)) \(fmt(cy)) c "
            s += "\(fmt(cx - r)) \(fmt(cy - k)) \(fmt(cx - k)) \(fmt(cy - r)) \(fmt(cx)) \(fmt(cy - r)) c "
            s += "\(fmt(cx + k)) \(fmt(cy - r)) \(fmt(cx + r)) \(fmt(cy - k)) \(fmt(cx + r)) \(fmt(cy)) c S\n"
            s += "\(fmt(cx - r * 1.6)) \(fmt(cy)) m \(fmt(cx + r * 1.6)) \(fmt(cy)) l S \(fmt(cx)) \(fmt(cy - r * 1.6)) m \(fmt(cx)) \(fmt(cy + r * 1.6)) l S\n"
        }
        return s + "Q\n"
    }

    /// One page per issue page at the media size with the slug line: paper, date,
    /// page and the plate names, each in its plate, with a patch of each ink.
    func writeSlugPages(_ pages: [PressPage], document: PressDocument, to path: String) throws -> PDFSurgery {
        let m = settings.margin
        let font = try fonts.font(FontSpec(family: "Noto Sans CJK SC", size: 7))
        let first = pages[0].trim
        let writer = try PDFWriter(path: path, firstPageSize: Size(width: first.width + 2 * m, height: first.height + 2 * m),
                                   metadata: PDFMetadata(title: "slug", date: "2000-01-01T00:00:00Z"))
        func text(_ s: String, x: Double, y: Double, color: Color) -> Double {
            let run = font.shape(s)
            var pen = x
            let glyphs = run.glyphs.map { g -> PlacedGlyph in
                defer { pen += g.advance }
                return PlacedGlyph(id: g.id, x: pen + g.xOffset, y: y - g.yOffset)
            }
            writer.show([GlyphCluster(text: s, glyphs: glyphs)], font: font, color: color)
            return pen
        }
        for page in pages {
            let size = Size(width: page.trim.width + 2 * m, height: page.trim.height + 2 * m)
            writer.beginPage(size: size)
            let y = size.height - m + settings.bleed + 8 * PressSettings.mm
            var x = m + 6 * PressSettings.mm   // clear of the vertical crop mark at the trim edge
            x = text("\(document.newspaper)  \(document.issueDate)  第\(page.number)版  page \(page.number)  ", x: x, y: y, color: .black)
            let plates: [(String, Color)] = [("Cyan", Color(red: 0, green: 1, blue: 1)), ("Magenta", Color(red: 1, green: 0, blue: 1)),
                                             ("Yellow", Color(red: 1, green: 1, blue: 0)), ("Black", .black)]
            for (name, color) in plates {
                writer.fill(Rect(x: x, y: y - 2.5 * PressSettings.mm, width: 3 * PressSettings.mm, height: 3 * PressSettings.mm), color: color)
                x = text(name, x: x + 4 * PressSettings.mm, y: y, color: color) + 3 * PressSettings.mm
            }
            writer.endPage()
        }
        try writer.finish()
        return try PDFSurgery(path: path)
    }
}
