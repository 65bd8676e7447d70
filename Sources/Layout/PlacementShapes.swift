import Composer
import Interop
import Model

/// The module shapes one article can take on the page grid, measured by setting
/// the article for real. Measuring is the expensive part of automatic placement
/// (every trial composes the whole story), so each (article, width) is measured
/// once and the search works on these numbers only.
struct ShapeOption: Sendable {
    /// Module width in grid columns.
    var columns: Int
    /// Fewest grid lines in which the article sets completely.
    var minLines: Int
    /// Most lines the module can take without blank space: equal to `minLines`
    /// for body stories; larger for photo stories, whose picture grows.
    var maxLines: Int
    /// Cost (in `ShapeCatalog.cellCost` units per empty cell) at each height
    /// `minLines...maxLines`; heights above `maxLines` leave whole empty lines.
    var costs: [Int]
    /// Photo geometry, when the article has a picture.
    var photo: PhotoShape?
    /// Columns the headline spans at each height `minLines...maxLines` (nil: all of
    /// them; fewer: an L-shaped module, the body beside the headline). Empty: all.
    var headlineColumnsAt: [Int?] = []

    func cost(lines: Int) -> Int { costs[lines - minLines] }

    /// Headline columns of the variant chosen for a module `lines` deep.
    func headlineColumns(lines: Int) -> Int? {
        headlineColumnsAt.isEmpty ? nil : headlineColumnsAt[min(max(lines, minLines), maxLines) - minLines]
    }

    /// One option from several headline-width variants of a body story at the same
    /// width: at each height the cheapest variant that sets completely there (a
    /// module deeper than a variant needs leaves its extra lines empty).
    static func merging(_ variants: [ShapeOption]) -> ShapeOption? {
        guard var merged = variants.first else { return nil }
        guard variants.count > 1, variants.allSatisfy({ $0.photo == nil && $0.minLines == $0.maxLines }) else { return merged }
        let k = merged.columns
        let low = variants.map(\.minLines).min()!, high = variants.map(\.minLines).max()!
        var costs: [Int] = [], heads: [Int?] = []
        for h in low...high {
            let best = variants.filter { $0.minLines <= h }
                .map { (cost: $0.costs[0] + (h - $0.minLines) * k * ShapeCatalog.cellCost, head: $0.headlineColumns(lines: $0.minLines)) }
                .min { $0.cost < $1.cost }!
            costs.append(best.cost); heads.append(best.head)
        }
        merged.minLines = low; merged.maxLines = high; merged.costs = costs; merged.headlineColumnsAt = heads
        return merged
    }
}

/// The picture of a photo story: it spans the module's columns at the top and
/// its height in lines may vary a little around the photo's own aspect (the
/// picture is cropped), which lets a photo story absorb slack on the page.
struct PhotoShape: Sendable {
    /// Lines the module needs besides the picture: headline block and caption.
    var fixedLines: Int
    /// Picture lines at the photo's own aspect ratio.
    var naturalLines: Int
    var minPhotoLines: Int
    var maxPhotoLines: Int
    /// Body stories with a photo keep it at its natural height.
    var flexible: Bool

    /// Picture height for a module of `lines` lines: as tall as the module allows
    /// within the crop limits.
    func photoLines(moduleLines: Int) -> Int {
        guard flexible else { return naturalLines }
        return min(maxPhotoLines, max(minPhotoLines, moduleLines - fixedLines))
    }
}

/// Why an article has no shape at some width: it oversets even at full page depth.
struct ShapeShortfall: Sendable {
    var columns: Int
    var oversetLines: Int
}

/// Measures articles into shape options and counts the trial settings.
final class ShapeCatalog {
    /// One empty grid cell costs this much; finer penalties (photo crop) use smaller units.
    static let cellCost = 10
    /// How far a photo may be cropped from its own aspect: picture height between
    /// 80 % and 125 % of the natural height keeps the subject in frame.
    static let cropRange = (low: 0.8, high: 1.25)

    let setter: ArticleSetter
    let grid: PageGrid
    private(set) var trials = 0
    /// Measured options by (article id, columns, role): measuring is the costly part.
    private var cache: [String: ShapeOption?] = [:]
    private var shortfalls: [String: ShapeShortfall] = [:]

    init(composer: Composer, template: PageTemplate) {
        grid = PageGrid(template)
        setter = ArticleSetter(composer: composer, grid: grid)
    }

    var maxLines: Int { grid.lineCount }

    /// Shape of `article` at `columns` columns, or nil when it cannot set completely
    /// in the page's depth at that width.
    func option(_ article: Article, columns: Int, role: HeadlineRole, headlineColumns: Int? = nil,
                mode: ModuleMode = ModuleMode()) throws -> ShapeOption? {
        let key = "\(article.id)|\(columns)|\(role.rawValue)|\(headlineColumns ?? 0)|\(mode)"
        if let hit = cache[key] { return hit }
        var result: ShapeOption?
        if mode != ModuleMode() {
            // Vertical modules and boxes set as the template set them: the fewest lines
            // at which the story sets completely (a vertical module re-tiers to fit).
            result = try bodyOption(article, columns: columns, role: role, photo: nil, depth: maxLines, mode: mode)
        } else if let j = headlineColumns {
            // An L-shaped body story: the headline over j columns, the body beside it.
            result = try bodyOption(article, columns: columns, role: role, photo: nil, depth: maxLines, headlineColumns: j)
            if var r = result { r.headlineColumnsAt = [j]; result = r }
        } else {
            result = try measure(article, columns: columns, role: role)
        }
        cache[key] = result
        return result
    }

    /// Overset lines at full page depth for widths where the article did not fit.
    func shortfall(_ article: Article, columns: Int, role: HeadlineRole) -> ShapeShortfall? {
        shortfalls["\(article.id)|\(columns)|\(role.rawValue)"]
    }

    // MARK: Measuring

    private func measure(_ article: Article, columns k: Int, role: HeadlineRole) throws -> ShapeOption? {
        let depth = maxLines
        guard let first = article.photos.first else {
            return try bodyOption(article, columns: k, role: role, photo: nil, depth: depth)
        }
        let natural = try naturalPhotoLines(first, columns: k, article: article)
        let crop = PhotoShape(fixedLines: 0, naturalLines: natural,
                              minPhotoLines: max(2, Int((Double(natural) * Self.cropRange.low).rounded(.up))),
                              maxPhotoLines: max(2, Int((Double(natural) * Self.cropRange.high).rounded(.down))),
                              flexible: article.body.isEmpty)
        if !crop.flexible {
            return try bodyOption(article, columns: k, role: role, photo: crop, depth: depth)
        }
        // A photo story: headline, picture, caption. Set it once in a deep trial slot
        // to learn the lines around the picture; they do not depend on its height.
        let trial = try set(article, columns: k, lines: depth, role: role, photoLines: natural)
        let needed = requiredLines(trial.elements, slotLine: 1, role: role)
        let fixed = needed - natural
        var shape = crop
        shape.fixedLines = fixed
        let minLines = fixed + shape.minPhotoLines
        guard minLines <= depth else {
            shortfalls["\(article.id)|\(k)|\(role.rawValue)"] = ShapeShortfall(columns: k, oversetLines: minLines - depth)
            return nil
        }
        let maxLines = min(depth, fixed + shape.maxPhotoLines)
        // Small cost for moving away from the photo's own aspect, so equal layouts
        // prefer the least cropped picture.
        let costs = (minLines...maxLines).map { abs($0 - fixed - natural) }
        return ShapeOption(columns: k, minLines: minLines, maxLines: maxLines, costs: costs, photo: shape)
    }

    /// Picture height in lines for the photo's pixel aspect across `columns` columns.
    private func naturalPhotoLines(_ photo: Photo, columns: Int, article: Article) throws -> Int {
        let image = try setter.images.image(photo.path, for: article)
        let size = (image.pixelWidth, image.pixelHeight)
        let height = grid.span(columns) * Double(size.1) / Double(size.0)
        return max(2, Int((height / grid.pitch).rounded()))
    }

    /// Fewest lines for a story with body text. One deep trial tells how much room is
    /// left over; the estimate it gives is then checked (and walked) with real settings,
    /// because column balancing and the widow rules can need a line more.
    private func bodyOption(_ article: Article, columns k: Int, role: HeadlineRole, photo: PhotoShape?,
                            depth: Int, headlineColumns: Int? = nil, mode: ModuleMode = ModuleMode()) throws -> ShapeOption? {
        func fit(_ article: Article, columns: Int, lines: Int, role: HeadlineRole, photo: PhotoShape?) throws -> Trial {
            try self.fit(article, columns: columns, lines: lines, role: role, photo: photo, headlineColumns: headlineColumns, mode: mode)
        }
        let deep = try fit(article, columns: k, lines: depth, role: role, photo: photo)
        guard deep.fits else {
            shortfalls["\(article.id)|\(k)|\(role.rawValue)"] =
                ShapeShortfall(columns: k, oversetLines: max(1, deep.entry.oversetLines, deep.required - depth))
            return nil
        }
        // (A vertical module's underset counts vertical lines: no estimate from it.)
        var n = mode.vertical ? depth : max(1, min(depth, depth - deep.entry.undersetLines / k))
        if mode.vertical {
            // Bisect the fewest lines that set completely.
            var lo = 1, hi = depth
            while lo < hi {
                let mid = (lo + hi) / 2
                if try fit(article, columns: k, lines: mid, role: role, photo: photo).fits { hi = mid } else { lo = mid + 1 }
            }
            return ShapeOption(columns: k, minLines: lo, maxLines: lo, costs: [0], photo: photo)
        }
        var at = n == depth ? deep : try fit(article, columns: k, lines: n, role: role, photo: photo)
        if at.fits {
            while n > 1 {
                let less = try fit(article, columns: k, lines: n - 1, role: role, photo: photo)
                guard less.fits else { break }
                n -= 1; at = less
            }
        } else {
            repeat {
                n += 1
                at = n == depth ? deep : try fit(article, columns: k, lines: n, role: role, photo: photo)
            } while !at.fits && n < depth
        }
        return ShapeOption(columns: k, minLines: n, maxLines: n,
                           costs: [at.entry.undersetLines * Self.cellCost], photo: photo)
    }

    struct Trial {
        var entry: CopyfitEntry
        var required: Int
        var lines: Int
        var fits: Bool { entry.status != .overset && required <= lines }
    }

    func fit(_ article: Article, columns: Int, lines: Int, role: HeadlineRole, photo: PhotoShape?,
             headlineColumns: Int? = nil, mode: ModuleMode = ModuleMode()) throws -> Trial {
        let r = try set(article, columns: columns, lines: lines, role: role,
                        photoLines: photo?.photoLines(moduleLines: lines), headlineColumns: headlineColumns, mode: mode)
        return Trial(entry: r.copyfit, required: requiredLines(r.elements, slotLine: 1, role: role), lines: lines)
    }

    /// Sets the article in a trial slot one line below the page top, as the
    /// copyfit measurer does: the headline padding is then as on most of the page
    /// (a module at line 0 needs at most as many lines).
    private func set(_ article: Article, columns: Int, lines: Int, role: HeadlineRole,
                     photoLines: Int?, headlineColumns: Int? = nil, mode: ModuleMode = ModuleMode()) throws -> ArticleSetter.Result {
        trials += 1
        let placement = photoLines.map { PhotoPlacement(position: .top, column: 0, columns: columns, lines: $0) }
        var slot = Slot(name: "trial", column: 0, columns: columns, line: 1, lines: lines, headlineColumns: headlineColumns,
                        photo: placement, headlineStyle: role)
        mode.apply(to: &slot)
        return try setter.set(article, in: slot, page: 0)
    }

    /// Grid lines, from the slot top, down to the bottom of everything the setter
    /// placed: body lines by their grid line; headline and caption blocks by their
    /// line boxes plus the padding the setter gives them. The setter reports overset
    /// body text but not a caption or headline running out of the slot, so this is
    /// how a photo story (empty body) is measured.
    func requiredLines(_ elements: [PageElement], slotLine: Int, role: HeadlineRole) -> Int {
        let styles = grid.template.styles
        let top = grid.lineTop(slotLine)
        var bottom = top
        for e in elements {
            switch e {
            case let .text(l):
                if let g = l.gridLine {
                    bottom = max(bottom, grid.lineTop(g + 1))
                    continue
                }
                let style: TextStyle, pad: Double
                switch l.role {
                case .kicker: style = styles.kicker; pad = 0.6
                case .headline: style = role == .lead ? styles.headline : styles.secondaryHeadline; pad = 0.6
                case .subhead: style = styles.subhead; pad = 0.6
                case .caption: style = styles.caption; pad = 0.3
                case .credit: style = styles.credit; pad = 0.3
                default: continue
                }
                let lineTop = l.origin.y - (style.leading - style.size) / 2 - style.size * 0.88
                bottom = max(bottom, lineTop + style.leading + pad * grid.pitch)
            case let .image(i):
                bottom = max(bottom, i.frame.maxY)
            case .fill, .frame, .rule, .artwork:
                continue
            }
        }
        return grid.linesFor(height: bottom - top)
    }
}

/// How a module is set besides its shape: what a template slot says of it that the
/// placer keeps when it moves the story (vertical setting, a frame).
public struct ModuleMode: Hashable, Sendable, CustomStringConvertible {
    public var vertical = false
    public var verticalHeadline = false
    public var framed = false
    public init(vertical: Bool = false, verticalHeadline: Bool = false, framed: Bool = false) {
        self.vertical = vertical; self.verticalHeadline = verticalHeadline; self.framed = framed
    }
    public init(_ slot: Slot) { self.init(vertical: slot.vertical, verticalHeadline: slot.verticalHeadline, framed: slot.framed) }
    public init(_ s: ModuleSetting) { self.init(vertical: s.vertical, verticalHeadline: s.verticalHeadline, framed: s.framed) }
    func apply(to slot: inout Slot) {
        slot.vertical = slot.vertical || vertical
        slot.verticalHeadline = slot.verticalHeadline || verticalHeadline
        slot.framed = slot.framed || framed
    }
    public var description: String { "\(vertical ? "v" : "")\(verticalHeadline ? "h" : "")\(framed ? "f" : "")" }
}
