import Foundation
import Interop

/// An inclusive pixel rectangle, grown one pixel at a time while scanning.
struct PixelBox: Hashable, Sendable {
    var minX: Int, minY: Int, maxX: Int, maxY: Int

    static let empty = PixelBox(minX: .max, minY: .max, maxX: .min, maxY: .min)
    var isEmpty: Bool { minX > maxX }

    @inline(__always) mutating func add(x: Int, y: Int) {
        if x < minX { minX = x }
        if x > maxX { maxX = x }
        if y < minY { minY = y }
        if y > maxY { maxY = y }
    }

    mutating func formUnion(_ o: PixelBox) {
        guard !o.isEmpty else { return }
        minX = min(minX, o.minX); minY = min(minY, o.minY)
        maxX = max(maxX, o.maxX); maxY = max(maxY, o.maxY)
    }

    @inline(__always) func contains(x: Int, y: Int) -> Bool {
        x >= minX && x <= maxX && y >= minY && y <= maxY
    }
}

/// Maps between page millimetres and raster pixels for one rendered page. The raster's
/// size is rounded from the page size, so the scale is taken from the raster itself.
struct PageScale: Sendable {
    /// Pixels per millimetre horizontally and vertically.
    var x: Double
    var y: Double

    init(pageSize: Size, rasterWidth: Int, rasterHeight: Int) {
        x = Double(rasterWidth) / Units.toMM(pageSize.width)
        y = Double(rasterHeight) / Units.toMM(pageSize.height)
    }

    /// The pixels an mm rectangle touches, clipped to the raster (nil when outside it).
    func pixels(of r: Rect, width: Int, height: Int) -> PixelBox? {
        let x0 = max(0, Int((r.x * x).rounded(.down))), y0 = max(0, Int((r.y * y).rounded(.down)))
        let x1 = min(width - 1, Int((r.maxX * x).rounded(.up)) - 1)
        let y1 = min(height - 1, Int((r.maxY * y).rounded(.up)) - 1)
        guard x0 <= x1, y0 <= y1 else { return nil }
        return PixelBox(minX: x0, minY: y0, maxX: x1, maxY: y1)
    }

    /// The mm rectangle covered by a pixel box (pixel edges, not centres).
    func millimetres(of b: PixelBox) -> Rect {
        Rect(x: Double(b.minX) / x, y: Double(b.minY) / y,
             width: Double(b.maxX - b.minX + 1) / x, height: Double(b.maxY - b.minY + 1) / y)
    }

    var pixelArea: Double { 1 / (x * y) }
}

/// Differing pixels of two same-size rasters, counted and bucketed into a coarse grid
/// of cells (each cell keeps the exact bounding box of its differing pixels), which is
/// all that region clustering needs: no full-size mask is kept.
struct PixelDiff: Sendable {
    var count: Int
    var cellSize: Int
    var gridWidth: Int
    var gridHeight: Int
    var cells: [PixelBox]
}

enum RasterCompare {
    /// Whether one pixel differs by more than `tolerance` in any channel.
    @inline(__always) static func differs(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ i: Int, _ tolerance: UInt8) -> Bool {
        let r0 = a[i], r1 = b[i], g0 = a[i + 1], g1 = b[i + 1], b0 = a[i + 2], b1 = b[i + 2]
        return (r0 > r1 ? r0 - r1 : r1 - r0) > tolerance
            || (g0 > g1 ? g0 - g1 : g1 - g0) > tolerance
            || (b0 > b1 ? b0 - b1 : b1 - b0) > tolerance
    }

    /// Compares two rasters of equal size. Pixels inside `ignore` never count.
    static func compare(_ old: RasterImage, _ new: RasterImage, tolerance: Int, ignore: [PixelBox], cellSize: Int) -> PixelDiff {
        precondition(old.width == new.width && old.height == new.height, "rasters of different size")
        let w = old.width, h = old.height
        let gw = (w + cellSize - 1) / cellSize, gh = (h + cellSize - 1) / cellSize
        var cells = [PixelBox](repeating: .empty, count: gw * gh)
        var count = 0
        let tol = UInt8(clamping: tolerance)
        let rowBytes = w * 3
        old.pixels.withUnsafeBufferPointer { pa in
            new.pixels.withUnsafeBufferPointer { pb in
                guard let a = pa.baseAddress, let b = pb.baseAddress else { return }
                cells.withUnsafeMutableBufferPointer { cell in
                    for y in 0..<h {
                        let row = y * rowBytes
                        // Most rows of a regression diff are identical: memcmp skips them at memory speed.
                        if memcmp(a + row, b + row, rowBytes) == 0 { continue }
                        let cellRow = (y / cellSize) * gw
                        // Only the ignored boxes that cross this row are tested per pixel.
                        let rowIgnore = ignore.filter { y >= $0.minY && y <= $0.maxY }
                        var i = row
                        for x in 0..<w {
                            if differs(a, b, i, tol) && !rowIgnore.contains(where: { x >= $0.minX && x <= $0.maxX }) {
                                count += 1
                                cell[cellRow + x / cellSize].add(x: x, y: y)
                            }
                            i += 3
                        }
                    }
                }
            }
        }
        return PixelDiff(count: count, cellSize: cellSize, gridWidth: gw, gridHeight: gh, cells: cells)
    }
}
