import Composer
import Model

/// Answers "how many grid lines does this article need in k columns?" by setting it
/// into trial slots. The basis of copyfitting suggestions and automatic placement.
public struct ArticleMeasurer {
    let setter: ArticleSetter
    public let template: PageTemplate

    public init(composer: Composer, template: PageTemplate) {
        self.template = template
        setter = ArticleSetter(composer: composer, grid: PageGrid(template))
    }

    /// Copyfit of `article` in a slot of `columns` × `lines` (placed below the page top,
    /// so headline padding is as on most of the page).
    public func fit(_ article: Article, columns: Int, lines: Int, photo: PhotoPlacement? = nil,
                    headlineStyle: HeadlineRole = .secondary) throws -> CopyfitEntry {
        let slot = Slot(name: "trial", column: 0, columns: columns, line: 1, lines: lines,
                        photo: photo, headlineStyle: headlineStyle)
        return try setter.set(article, in: slot, page: 0).copyfit
    }

    /// Fewest grid lines in which the article sets without overset, or nil if even
    /// `maxLines` is not enough.
    public func minimumLines(_ article: Article, columns: Int, maxLines: Int, photo: PhotoPlacement? = nil,
                             headlineStyle: HeadlineRole = .secondary) throws -> Int? {
        func fits(_ n: Int) throws -> Bool {
            try fit(article, columns: columns, lines: n, photo: photo, headlineStyle: headlineStyle).status != .overset
        }
        guard try fits(maxLines) else { return nil }
        var lo = 1, hi = maxLines
        while lo < hi {
            let mid = (lo + hi) / 2
            if try fits(mid) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
