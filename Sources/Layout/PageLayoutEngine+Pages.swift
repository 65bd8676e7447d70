import Model

extension PageLayoutEngine {
    /// Lays out only the pages at `indices` (issue order) and hands each to `each`: a
    /// second thread sets one share of an issue's pages with its own composer. No story
    /// on these pages may also be placed on a page outside them (jumps run within a share).
    public func layout(_ issue: Issue, pages indices: [Int], each: (Int, LaidOutPage) throws -> Void) throws {
        var jumps = JumpBook(issue)
        for i in indices { try each(i, layout(page: issue.pages[i], of: issue, jumps: &jumps)) }
    }
}
