import Foundation
import XCTest

/// poppler, libqpdf and librsvg are opened when first needed, not at start-up
/// (`SharedLibrary`): the dynamic loader's own log (`LD_DEBUG=files`) says which
/// libraries a run of the CLI loaded.
final class LibraryLoadingTests: XCTestCase {
    private let lazyLibraries = ["libpoppler", "libqpdf", "librsvg"]

    /// The libraries among `lazyLibraries` that the run loaded, from the loader's log.
    private func loaded(_ run: CLIRun) -> Set<String> {
        var found = Set<String>()
        for line in run.stderr.split(separator: "\n") where line.contains("file=") {
            for name in lazyLibraries where line.contains("file=\(name)") { found.insert(name) }
        }
        return found
    }

    func testATextOnlyRenderLoadsNoneAndReadingAPDFLoadsPoppler() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-libs-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = dir.appendingPathComponent("galley.txt")
        let paragraph = String(repeating: "本报讯 城乡一体化示范区今年完成固定资产投资增长百分之六十五，新开工项目一百二十个。", count: 6)
        try String(repeating: paragraph + "\n", count: 4).write(to: text, atomically: true, encoding: .utf8)
        let pdf = dir.appendingPathComponent("galley.pdf").path

        let render = try CLI.run(["galley", text.path, "-o", pdf], env: ["LD_DEBUG": "files"])
        XCTAssertEqual(render.status, 0, render.stderr)
        XCTAssertTrue(render.stderr.contains("file=libpango"), "the loader's log is there")
        XCTAssertEqual(loaded(render), [])

        // Reading the PDF back opens poppler, and only then.
        let audit = try CLI.run(["audit", pdf], env: ["LD_DEBUG": "files"])
        XCTAssertEqual(audit.status, 0, audit.stderr)
        XCTAssertEqual(loaded(audit), ["libpoppler"])
        XCTAssertTrue(audit.stdout.contains(" of 936)"), audit.stdout)   // all 936 Han of the galley, read back
    }
}
