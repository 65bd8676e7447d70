import Interop
import Layout

/// Elements that touch the trim edge (banners, full-bleed photos, a rule run to the
/// edge) are extended by the bleed beyond it, so that trimming a little off never
/// leaves a white sliver. Works on the laid-out page before it is drawn; what does
/// not touch an edge is left exactly as it was.
public enum BleedExtension {
    /// Within this distance (points) an edge counts as touching the trim.
    static let touching = 0.5

    public static func extend(_ page: LaidOutPage, by bleed: Double) -> LaidOutPage {
        guard bleed > 0 else { return page }
        var out = page
        let W = page.size.width, H = page.size.height
        func grow(_ r: Rect) -> Rect {
            var x0 = r.x, y0 = r.y, x1 = r.x + r.width, y1 = r.y + r.height
            if x0 <= touching { x0 = -bleed }
            if y0 <= touching { y0 = -bleed }
            if x1 >= W - touching { x1 = W + bleed }
            if y1 >= H - touching { y1 = H + bleed }
            return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
        }
        func grow(_ p: Point) -> Point {
            Point(x: p.x <= touching ? -bleed : p.x >= W - touching ? W + bleed : p.x,
                  y: p.y <= touching ? -bleed : p.y >= H - touching ? H + bleed : p.y)
        }
        out.elements = page.elements.map { e in
            switch e {
            case let .fill(r, c): return .fill(grow(r), c)
            case var .image(img): img.frame = grow(img.frame); return .image(img)
            case let .rule(a, b, w, c): return .rule(from: grow(a), to: grow(b), width: w, c)
            default: return e
            }
        }
        return out
    }
}
