import Foundation
import XCTest

/// A page placed automatically (`articles:`) sets a story vertically when its `set:` says so.
final class ModuleSettingCLITests: XCTestCase {
    struct Manifest: Decodable {
        struct Cluster: Decodable { var t: String; var x: Double; var y: Double? }
        struct Line: Decodable { var article: String?; var role: String; var clusters: [Cluster]? }
        struct Page: Decodable { var lines: [Line] }
        var pages: [Page]
    }

    func bodyClusters(set: String) throws -> [Manifest.Cluster] {
        let project = try CLI.scratchProject(name)
        defer { try? FileManager.default.removeItem(at: project) }
        let issue = project.appendingPathComponent("Articles/2024-01-12/issue.yaml")
        try CLI.edit(issue) { text in
            text[..<text.range(of: "pages:")!.lowerBound] + """
            pages:
              - number: 4
                template: tabloid-4col-auto
                section: 年终观察
                articles: [11-figures, 15-binhu-hant, 02-binhu]
            \(set)
            """
        }
        let manifest = project.appendingPathComponent("out/m.json")
        let run = try CLI.run(["render", issue.path, "-o", project.appendingPathComponent("out/p.pdf").path,
                               "--manifest", manifest.path, "--manifest-detail", "glyphs"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let m = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: manifest))
        return m.pages[0].lines.filter { $0.article == "15-binhu-hant" && $0.role == "body" }.flatMap { $0.clusters ?? [] }
    }

    func testSetVerticalOnAnAutomaticPage() throws {
        let vertical = try bodyClusters(set: "    set:\n      15-binhu-hant: vertical\n")
        XCTAssertGreaterThan(vertical.count, 100)
        // Every body glyph of the story stands in a vertical line (the manifest gives its top).
        XCTAssertTrue(vertical.allSatisfy { $0.y != nil })
        let ordinary = try bodyClusters(set: "")
        XCTAssertGreaterThan(ordinary.count, 100)
        XCTAssertTrue(ordinary.allSatisfy { $0.y == nil })
    }
}
