import Foundation
import Interop

/// The picture of a page diff: the page faded to light grey so that the changes,
/// in red, stand out; ignored areas tinted blue; each region framed in orange.
enum ReportImages {
    static func name(_ page: Int, _ what: String) -> String {
        "page-\(String(format: "%03d", page))-\(what).png"
    }

    /// The part of `img` inside `box` grown by `margin` pixels, for close-ups of a region:
    /// on a full broadsheet page a changed character is too small to see.
    static func crop(_ img: RasterImage, _ box: PixelBox, margin: Int) -> RasterImage {
        let x0 = max(0, box.minX - margin), x1 = min(img.width - 1, box.maxX + margin)
        let y0 = max(0, box.minY - margin), y1 = min(img.height - 1, box.maxY + margin)
        let w = x1 - x0 + 1, h = y1 - y0 + 1
        var px = [UInt8]()
        px.reserveCapacity(w * h * 3)
        for y in y0...y1 {
            let row = (y * img.width + x0) * 3
            px.append(contentsOf: img.pixels[row..<(row + w * 3)])
        }
        return RasterImage(width: w, height: h, pixels: px)
    }

    /// A close-up enlarged by whole pixels (nearest neighbour, no smoothing) to about
    /// 360 pixels on its longer side, at most 4×: at 100 dpi a 9 pt character is some
    /// 12 pixels high, too small to read in a 90-pixel crop viewed on its own.
    static func zoom(_ img: RasterImage, target: Int = 360) -> RasterImage {
        let f = max(1, min(4, target / max(1, max(img.width, img.height))))
        guard f > 1 else { return img }
        let w = img.width * f, h = img.height * f
        var px = [UInt8](repeating: 0, count: w * h * 3)
        px.withUnsafeMutableBufferPointer { o in
            img.pixels.withUnsafeBufferPointer { src in
                for y in 0..<img.height {
                    // Build one enlarged row, then repeat it f times.
                    let row = y * f * w * 3
                    for x in 0..<img.width {
                        let s = (y * img.width + x) * 3
                        for k in 0..<f {
                            let d = row + (x * f + k) * 3
                            o[d] = src[s]; o[d + 1] = src[s + 1]; o[d + 2] = src[s + 2]
                        }
                    }
                    for r in 1..<f {
                        for i in 0..<(w * 3) { o[row + r * w * 3 + i] = o[row + i] }
                    }
                }
            }
        }
        return RasterImage(width: w, height: h, pixels: px)
    }

    static func overlay(old: RasterImage, new: RasterImage, tolerance: Int, ignore: [PixelBox], regions: [PixelBox]) -> RasterImage {
        let w = old.width, h = old.height
        var out = [UInt8](repeating: 255, count: w * h * 3)
        let tol = UInt8(clamping: tolerance)
        old.pixels.withUnsafeBufferPointer { pa in
            new.pixels.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { o in
                    let a = pa.baseAddress!, b = pb.baseAddress!
                    let rowBytes = w * 3
                    for y in 0..<h {
                        // Per row, only the ignored boxes crossing it, and no pixel test
                        // at all on identical rows: this runs over every pixel of the page.
                        let rowIgnore = ignore.filter { y >= $0.minY && y <= $0.maxY }
                        let same = memcmp(a + y * rowBytes, b + y * rowBytes, rowBytes) == 0
                        for x in 0..<w {
                            let i = (y * w + x) * 3
                            let ignored = !rowIgnore.isEmpty && rowIgnore.contains { x >= $0.minX && x <= $0.maxX }
                            if !same && !ignored && RasterCompare.differs(a, b, i, tol) {
                                o[i] = 220; o[i + 1] = 0; o[i + 2] = 0
                                continue
                            }
                            // Darker of the two pages, at a quarter of its contrast.
                            let l = min(luma(a, i), luma(b, i))
                            let g = UInt8(255 - (255 - l) / 4)
                            if ignored {
                                o[i] = g &- 40; o[i + 1] = g &- 20; o[i + 2] = g
                            } else {
                                o[i] = g; o[i + 1] = g; o[i + 2] = g
                            }
                        }
                    }
                }
            }
        }
        var image = RasterImage(width: w, height: h, pixels: out)
        for r in regions { frame(&image, r, margin: 3, thickness: 2) }
        return image
    }

    @inline(__always) private static func luma(_ p: UnsafePointer<UInt8>, _ i: Int) -> Int {
        (Int(p[i]) * 77 + Int(p[i + 1]) * 150 + Int(p[i + 2]) * 29) >> 8
    }

    private static func frame(_ img: inout RasterImage, _ b: PixelBox, margin: Int, thickness: Int) {
        let x0 = max(0, b.minX - margin), x1 = min(img.width - 1, b.maxX + margin)
        let y0 = max(0, b.minY - margin), y1 = min(img.height - 1, b.maxY + margin)
        func set(_ x: Int, _ y: Int) {
            let i = (y * img.width + x) * 3
            img.pixels[i] = 255; img.pixels[i + 1] = 140; img.pixels[i + 2] = 0
        }
        for t in 0..<thickness {
            for x in x0...x1 {
                if y0 + t <= y1 { set(x, y0 + t) }
                if y1 - t >= y0 { set(x, y1 - t) }
            }
            for y in y0...y1 {
                if x0 + t <= x1 { set(x0 + t, y) }
                if x1 - t >= x0 { set(x1 - t, y) }
            }
        }
    }
}
