import Foundation
import Interop

/// `index.html` for a diff report: per differing page, old / new / overlay side by side
/// with the region boxes. Plain HTML and CSS with relative links, so that it opens
/// from a CI artefact or the file system without a server, scripts or network.
enum HTMLReport {
    static func write(_ r: PDFDiffResult, to dir: String) throws {
        let html = render(r)
        let summary = r.summaryLines.joined(separator: "\n") + "\n"
        do {
            try html.write(toFile: dir + "/index.html", atomically: true, encoding: .utf8)
            try summary.write(toFile: dir + "/summary.txt", atomically: true, encoding: .utf8)
        } catch {
            throw DiffError("\(dir): cannot write report (\(error.localizedDescription))")
        }
    }

    static func render(_ r: PDFDiffResult) -> String {
        let o = r.options
        var h = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <title>broadsheet diff: \(esc(name(r.oldPath))) → \(esc(name(r.newPath)))</title>
        <style>
        body { font: 14px/1.4 sans-serif; margin: 1.5em; color: #222; }
        h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 2em; border-top: 1px solid #ccc; padding-top: .8em; }
        .row { display: flex; gap: 1em; align-items: flex-start; }
        figure { margin: 0; flex: 1 1 0; min-width: 0; }
        figure img { width: 100%; border: 1px solid #999; }
        .close figure img { width: auto; max-width: 100%; image-rendering: pixelated; }
        h3 { font-size: 1em; font-weight: normal; }
        figcaption { font-weight: bold; margin-bottom: .3em; }
        code { background: #f3f3f3; padding: 0 .2em; }
        .legend span { padding: 0 .4em; }
        </style></head><body>
        <h1>broadsheet diff</h1>
        <p>Old: <code>\(esc(r.oldPath))</code> (\(r.oldPageCount) pages)<br>
        New: <code>\(esc(r.newPath))</code> (\(r.newPageCount) pages)<br>
        \(fmt(o.dpi)) dpi, channel tolerance \(o.channelTolerance)/255, page tolerance \(fmt(o.maxArea)) mm²\
        \(o.ignore.isEmpty ? "" : ", ignoring " + o.ignore.map { "<code>\(esc($0.description))</code>" }.joined(separator: " "))</p>
        <p class="legend">Overlay: <span style="background:#dc0000;color:#fff">changed pixels</span>
        <span style="border:2px solid #ff8c00">region</span> <span style="background:#d0e4f8">ignored</span>
        on the faded page.</p>
        <p><strong>\(esc(r.summaryLines.last ?? ""))</strong></p>

        """
        if r.oldPageCount != r.newPageCount, let first = r.summaryLines.first {
            h += "<p>\(esc(first))</p>\n"
        }
        for p in r.differentPages {
            h += "<h2 id=\"page-\(p.page)\">Page \(p.page)</h2>\n"
            switch p.kind {
            case .different:
                h += "<p>\(String(format: "%.2f", p.differingArea)) mm² differ (\(p.differingPixels) pixels) in \(p.regions.count) region\(p.regions.count == 1 ? "" : "s"), x,y,w,h in mm from the top-left:</p>\n<ul>\n"
                for (k, b) in p.regions.enumerated() {
                    let link = k < p.closeUps.count ? " <a href=\"#page-\(p.page)-r\(k + 1)\">close-up</a>" : ""
                    h += "<li><code>\(mm(b.x)),\(mm(b.y)),\(mm(b.width)),\(mm(b.height))</code>\(link)</li>\n"
                }
                h += "</ul>\n"
            case let .sizeDiffers(old, new):
                h += "<p>Page size differs: \(sizeMM(old)) → \(sizeMM(new)).</p>\n"
            case .onlyInOld:
                h += "<p>Only in the old PDF.</p>\n"
            case .onlyInNew:
                h += "<p>Only in the new PDF.</p>\n"
            case .equal, .withinTolerance:
                break
            }
            let figures = [("Old", p.oldImage), ("New", p.newImage), ("Overlay", p.diffImage)]
                .compactMap { label, file in file.map { (label, $0) } }
            if !figures.isEmpty {
                h += "<div class=\"row\">\n"
                for (label, file) in figures {
                    h += "<figure><figcaption>\(label)</figcaption><a href=\"\(esc(file))\"><img src=\"\(esc(file))\" alt=\"\(label) page \(p.page)\"></a></figure>\n"
                }
                h += "</div>\n"
            }
            for (k, files) in p.closeUps.enumerated() {
                let b = p.regions[k]
                h += "<h3 id=\"page-\(p.page)-r\(k + 1)\">Page \(p.page), region \(k + 1): <code>\(mm(b.x)),\(mm(b.y)),\(mm(b.width)),\(mm(b.height))</code> mm, with 10 mm around, enlarged</h3>\n<div class=\"row close\">\n"
                for (label, file) in zip(["Old", "New", "Overlay"], files) {
                    h += "<figure><figcaption>\(label)</figcaption><img src=\"\(esc(file))\" alt=\"\(label) page \(p.page) region \(k + 1)\"></figure>\n"
                }
                h += "</div>\n"
            }
        }
        h += "</body></html>\n"
        return h
    }

    private static func name(_ p: String) -> String { (p as NSString).lastPathComponent }
    private static func fmt(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }

    static func esc(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
