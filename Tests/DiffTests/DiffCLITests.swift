import Foundation
import XCTest

/// Exit codes and stderr of the built `broadsheet diff`: the contract CI scripts rely on.
final class DiffCLITests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try TestPDFs.tempDir() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    /// The `broadsheet` executable beside this test bundle in the build products
    /// directory (`swift build --build-tests` builds it too), or $BROADSHEET_BIN.
    static func binary() throws -> URL {
        if let env = ProcessInfo.processInfo.environment["BROADSHEET_BIN"] { return URL(fileURLWithPath: env) }
        var candidates: [URL] = []
        for b in Bundle.allBundles + [Bundle.main] {
            // Linux: the bundle is the products directory; macOS: products/X.xctest.
            candidates.append(b.bundleURL)
            candidates.append(b.bundleURL.deletingLastPathComponent())
        }
        if let exe = ProcessInfo.processInfo.arguments.first {
            candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        for c in candidates {
            let u = c.appendingPathComponent("broadsheet")
            if FileManager.default.isExecutableFile(atPath: u.path) { return u }
        }
        throw XCTSkip("broadsheet binary not found next to the tests (looked in \(Set(candidates.map(\.path)).sorted())); build it or set BROADSHEET_BIN")
    }

    struct Run { var status: Int32; var stdout: String; var stderr: String }

    func run(_ args: [String]) throws -> Run {
        let p = Process()
        p.executableURL = try Self.binary()
        p.arguments = ["diff"] + args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read before waiting, so a full pipe cannot block the child.
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    func pdfs() throws -> (a: String, b: String, c: String) {
        let t = TestText(text: "示范区建设", x: 20, y: 60)
        var u = t; u.text = "示范区建立"
        try TestPDFs.write(dir + "/a.pdf", [TestPage(texts: [t])])
        try TestPDFs.write(dir + "/b.pdf", [TestPage(texts: [t])])
        try TestPDFs.write(dir + "/c.pdf", [TestPage(texts: [u])])
        return (dir + "/a.pdf", dir + "/b.pdf", dir + "/c.pdf")
    }

    func testEqualExitsZero() throws {
        let (a, b, _) = try pdfs()
        let r = try run([a, b])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "0 of 1 page differs\n")
        XCTAssertEqual(r.stderr, "")
    }

    func testDifferentExitsOneWithSummaryAndReport() throws {
        let (a, _, c) = try pdfs()
        let r = try run([a, c, "--report", dir + "/report"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("page 1: "), r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix("1 of 1 page differs\n"), r.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/report/index.html"))
        // The change is around x = 100…120 pt: ignoring that strip makes them equal.
        XCTAssertEqual(try run([a, c, "--ignore", "*:33,10,12,15"]).status, 0)
    }

    func testErrorsExitTwoWithOneLineNamingTheFile() throws {
        let (a, _, _) = try pdfs()
        let bad = dir + "/notes.pdf"
        try "plain text".write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try run([a, bad])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains(bad), r.stderr)
        XCTAssertEqual(try run([a, dir + "/missing.pdf"]).status, 2)
    }

    func testUsageErrorsExitTwoNotSixtyFour() throws {
        let (a, b, _) = try pdfs()
        for args in [[a], [a, b, "--dpi", "x"], [a, b, "--no-such-option"], [a, b, "--ignore", "1:2,3"], [a, b, "--channel-tolerance", "300"]] {
            let r = try run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("broadsheet: diff: "), r.stderr)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        }
        let help = try run(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("--max-area"), help.stdout)
    }

    func testManifestsThroughTheCLI() throws {
        let m = #"{"issue": "x", "date": "2024-01-12", "pages": [{"number": 1, "width": 100, "height": 100, "articles": [{"id": "01-economy", "slot": "lead", "x": 10, "y": 10, "width": 50, "height": 50, "status": "fits", "oversetCharacters": 0, "oversetLines": 0}], "lines": [], "boxes": []}]}"#
        try m.write(toFile: dir + "/a.json", atomically: true, encoding: .utf8)
        try m.replacingOccurrences(of: "\"y\": 10", with: "\"y\": 20").write(toFile: dir + "/b.json", atomically: true, encoding: .utf8)
        XCTAssertEqual(try run([dir + "/a.json", dir + "/a.json"]).status, 0)
        let r = try run([dir + "/a.json", dir + "/b.json"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "article 01-economy moved 10.0 pt down on page 1 (10.0,10.0 → 10.0,20.0 pt)\n1 difference; 1 of 1 page differs\n")
        let (a, _, _) = try pdfs()
        let mixed = try run([a, dir + "/a.json"])
        XCTAssertEqual(mixed.status, 2)
        XCTAssertTrue(mixed.stderr.contains("cannot compare"), mixed.stderr)
    }
}
