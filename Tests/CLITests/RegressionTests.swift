import Foundation
import XCTest

/// The project's own layout regression suite: the demo issue against its golden
/// manifest, and `broadsheet diff` catching and locating a one-character change.
final class RegressionTests: XCTestCase {
    var project: URL!
    var issue: String { project.appendingPathComponent("Articles/2024-01-12/issue.yaml").path }
    var out: URL { project.appendingPathComponent("out") }
    let golden = CLI.packageRoot.appendingPathComponent("Tests/Golden/2024-01-12.manifest.json").path

    override func setUpWithError() throws { project = try CLI.scratchProject(name) }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: project) }

    func render(_ name: String) throws -> (pdf: String, manifest: String) {
        let pdf = out.appendingPathComponent("\(name).pdf").path
        let manifest = out.appendingPathComponent("\(name).json").path
        let r = try CLI.run(["render", issue, "-o", pdf, "--manifest", manifest, "--manifest-detail", "lines"])
        XCTAssertEqual(r.status, 0, r.stderr)
        return (pdf, manifest)
    }

    func testDemoIssueMatchesItsGoldenManifest() throws {
        let new = try render("demo")
        let d = try CLI.run(["diff", golden, new.manifest])
        XCTAssertEqual(d.status, 0, "layout changed; if intended, run scripts/update-golden.sh\n" + d.stdout + d.stderr)
    }

    func testOneCharacterChangeIsDetectedAndLocated() throws {
        let before = try render("before")
        // 普查员 → 调查员 in the first paragraph of 06-hubinlu (same length: nothing else re-breaks).
        let file = project.appendingPathComponent("Articles/2024-01-12/06-hubinlu.txt")
        try CLI.edit(file) { text in
            let r = text.range(of: "普查员高梦月")!
            return text.replacingCharacters(in: r, with: "调查员高梦月")
        }
        let after = try render("after")

        let structural = try CLI.run(["diff", before.manifest, after.manifest])
        XCTAssertEqual(structural.status, 1, structural.stdout + structural.stderr)
        // Located to the article, column and line: "06-hubinlu, column 1, line 5: text changed, …".
        XCTAssertTrue(structural.stdout.contains("06-hubinlu, column 5, line 5: text changed: “普” → “调”"), structural.stdout)
        // Only that article changed.
        for id in ["01-economy", "04-discipline", "07-lanwan"] { XCTAssertFalse(structural.stdout.contains(id), structural.stdout) }

        let raster = try CLI.run(["diff", before.pdf, after.pdf, "--dpi", "50"])
        XCTAssertEqual(raster.status, 1, raster.stdout + raster.stderr)
        // The seed page is the PDF's second page (after the front page).
        XCTAssertTrue(raster.stdout.contains("page 2:"), raster.stdout)
        XCTAssertTrue(raster.stdout.contains("1 of 5 pages differ"), raster.stdout)
        // The changed region lies in 06-hubinlu's module: columns 5–6, second row (grid lines 26–46).
        let box = try XCTUnwrap(raster.stdout.split(separator: "\n").first { $0.hasPrefix("page 2:") })
        let numbers = box.split(separator: ":").last!.split(whereSeparator: { $0 == "," || $0 == " " }).compactMap { Double($0) }
        XCTAssertGreaterThanOrEqual(numbers.count, 4)
        XCTAssertGreaterThan(numbers[0], 250)   // x in mm: right two columns
        XCTAssertGreaterThan(numbers[1], 167)   // y in mm: below grid line 26 (44 mm + 26 × 13.5 pt)
        XCTAssertLessThan(numbers[1], 268)      // … and above grid line 47
    }
}
