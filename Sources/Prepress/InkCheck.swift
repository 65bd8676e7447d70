import Foundation
import Interop

/// Total area coverage measured on the plates: Ghostscript renders each page as
/// 8-bit CMYK (`bitcmyk`, overprint honoured as on press), and every area whose
/// C+M+Y+K exceeds the limit inside the bleed box is one finding with its largest
/// value. Marks and slug outside the bleed box are not part of the printed page.
struct InkCheck {
    var limit: Double
    var dpi: Double

    func check(_ path: String, doc: PDFSurgery) throws -> [PreflightFinding] {
        let work = NSTemporaryDirectory() + "broadsheet-ink-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        try ExternalTool.run("gs", ["-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=bitcmyk", "-dGrayValues=256",
                                    "-r\(Int(dpi))", "-sOutputFile=\(work)/page-%d.raw", path])
        var out: [PreflightFinding] = []
        for i in 0..<doc.pageCount {
            let page = doc.page(i)
            guard let media = doc.box(page, "/MediaBox"),
                  let data = FileManager.default.contents(atPath: "\(work)/page-\(i + 1).raw") else { continue }
            let w = Int((media.width * dpi / 72).rounded())
            guard w > 0 else { continue }
            let h = data.count / 4 / w
            let frame = doc.get(page, "/TrimBox").flatMap(doc.rect) ?? media
            let printed = doc.get(page, "/BleedBox").flatMap(doc.rect) ?? frame
            // The printed area in pixels (row 0 at the top of the media box).
            let px = { (x: Double) in Int(((x - media.x) * dpi / 72).rounded()) }
            let py = { (y: Double) in Int(((media.y + media.height - y) * dpi / 72).rounded()) }
            // One pixel in from the bleed edge, where the crop marks begin.
            let x0 = max(0, px(printed.x) + 1), x1 = min(w, px(printed.x + printed.width) - 1)
            let y0 = max(0, py(printed.y + printed.height) + 1), y1 = min(h, py(printed.y) - 1)
            let limitValue = Int(limit * 255 / 100 + 2)   // 2/255 for rounding in the raster
            var over = [Bool](repeating: false, count: w * h)
            var ink = [Int](repeating: 0, count: w * h)
            data.withUnsafeBytes { raw in
                let p = raw.bindMemory(to: UInt8.self)
                for y in y0..<max(y0, y1) {
                    for x in x0..<max(x0, x1) {
                        let o = (y * w + x) * 4
                        let s = Int(p[o]) + Int(p[o + 1]) + Int(p[o + 2]) + Int(p[o + 3])
                        ink[y * w + x] = s
                        over[y * w + x] = s > limitValue
                    }
                }
            }
            // Areas over the limit, joined on a grid of about 3 mm cells so that the
            // glyphs of a line or the patches of a photo make one finding, each reported
            // at its top-left corner with its largest value.
            let cell = max(1, Int((3 * dpi / 25.4).rounded()))
            let cw = (w + cell - 1) / cell, ch = (h + cell - 1) / cell
            var cellPeak = [Int](repeating: 0, count: cw * ch)
            for y in 0..<h { for x in 0..<w where over[y * w + x] { let c = (y / cell) * cw + x / cell; cellPeak[c] = max(cellPeak[c], ink[y * w + x]) } }
            var regions: [(minX: Int, minY: Int, maxX: Int, maxY: Int, peak: Int)] = []
            var stack: [Int] = []
            for start in 0..<(cw * ch) where cellPeak[start] > 0 {
                stack.append(start)
                var r = (minX: Int.max, minY: Int.max, maxX: 0, maxY: 0, peak: 0)
                cellPeak[start] = -cellPeak[start]
                while let c = stack.popLast() {
                    let x = c % cw, y = c / cw
                    r = (min(r.minX, x * cell), min(r.minY, y * cell), max(r.maxX, min(w, (x + 1) * cell) - 1), max(r.maxY, min(h, (y + 1) * cell) - 1), max(r.peak, -cellPeak[c]))
                    for n in [x > 0 ? c - 1 : -1, x < cw - 1 ? c + 1 : -1, y > 0 ? c - cw : -1, y < ch - 1 ? c + cw : -1] where n >= 0 && cellPeak[n] > 0 {
                        cellPeak[n] = -cellPeak[n]
                        stack.append(n)
                    }
                }
                regions.append(r)
            }
            regions.sort { $0.peak > $1.peak }
            for (n, r) in regions.enumerated() {
                if n == 10 {
                    out[out.count - 1].more = regions.count - 10
                    break
                }
                let toMM = 25.4 / dpi
                let xMM = (Double(r.minX) - Double(px(frame.x))) * toMM
                let yMM = (Double(r.minY) - Double(py(frame.y + frame.height))) * toMM
                out.append(PreflightFinding(page: i + 1, position: (xMM, yMM), message: String(
                    format: "ink %.0f %% over the %.0f %% limit (area %.0f×%.0f mm)", Double(r.peak) * 100 / 255, limit,
                    Double(r.maxX - r.minX + 1) * toMM, Double(r.maxY - r.minY + 1) * toMM)))
            }
        }
        return out
    }
}
