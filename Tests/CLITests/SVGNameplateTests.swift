import Foundation
import Interop
import XCTest

/// The English paper's nameplate is an SVG drawing (Layouts/art/courier-nameplate.svg)
/// drawn through librsvg as vectors in its box between the ears; broken SVG artwork
/// is an error naming the template line, never a crash or a blank box.
final class SVGNameplateTests: XCTestCase {
    var project: URL!
    var out: URL { project.appendingPathComponent("out") }
    var issue: String { project.appendingPathComponent("Articles/2024-01-12-en/issue.yaml").path }
    var artwork: URL { project.appendingPathComponent("Layouts/art/courier-nameplate.svg") }
    var template: URL { project.appendingPathComponent("Layouts/en-broadsheet-front.yaml") }

    override func setUpWithError() throws {
        project = try CLI.scratchProject(name)
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("Articles/2024-01-12-en"),
                                         to: project.appendingPathComponent("Articles/2024-01-12-en"))
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: project) }

    func testSVGNameplateIsDrawnAsVectorsInItsBox() throws {
        let pdf = out.appendingPathComponent("en.pdf").path, manifest = out.appendingPathComponent("en.json").path
        let r = try CLI.run(["render", issue, "-o", pdf, "--manifest", manifest])
        XCTAssertEqual(r.status, 0, r.stderr)

        // The box: between the 104 pt ears (36 pt margins) less 6 pt each side = 500 pt
        // wide, the drawing's 1000 × 120 aspect kept = 60 pt high, centred in the
        // 160 pt band under the 36 pt top: x 51.5 mm, y 25.0 mm, 176.4 × 21.2 mm.
        let m = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifest))) as! [String: Any]
        let boxes = (m["pages"] as! [[String: Any]])[0]["boxes"] as! [[String: Any]]
        let np = try XCTUnwrap(boxes.first { ($0["kind"] as? String) == "nameplate" && ($0["y"] as! Double) < 196 })
        let (x, y, w, h) = (np["x"] as! Double, np["y"] as! Double, np["width"] as! Double, np["height"] as! Double)
        let mm = 72 / 25.4
        XCTAssertEqual(x / mm, 51.5, accuracy: 0.1); XCTAssertEqual(y / mm, 25.0, accuracy: 0.1)
        XCTAssertEqual(w / mm, 176.4, accuracy: 0.1); XCTAssertEqual(h / mm, 21.2, accuracy: 0.1)

        // Vectors: page 1's only raster image is the gull photo (pdfimages), and the
        // nameplate's title is text poppler reads back from inside the box.
        let images = try CLI.exec("/usr/bin/pdfimages", ["-list", "-f", "1", "-l", "1", pdf]).stdout
        XCTAssertEqual(images.split(separator: "\n").count, 3, images)   // two header rows, one image
        XCTAssertTrue(images.contains(" 1200   900 "), images)              // gulls.jpg
        let text = try CLI.exec("/usr/bin/pdftotext", ["-f", "1", "-l", "1", "-x", "\(Int(x))", "-y", "\(Int(y))",
                                                      "-W", "\(Int(w))", "-H", "\(Int(h))", pdf, "-"]).stdout
        XCTAssertTrue(text.contains("The Eagle City Courier"), text)

        // Pixels at 72 dpi (1 px = 1 pt): dark type across the box's middle, the left
        // star in the accent blue where the drawing has it, white just outside the box.
        _ = try CLI.exec("/usr/bin/pdftoppm", ["-r", "72", "-f", "1", "-l", "1", "-png", pdf, out.appendingPathComponent("p").path])
        let png = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasPrefix("p") && $0.hasSuffix(".png") })
        let img = try RasterImage(pngFile: out.appendingPathComponent(png).path)
        func px(_ px: Double, _ py: Double) -> (Int, Int, Int) {
            let i = (Int(py) * img.width + Int(px)) * 3
            return (Int(img.pixels[i]), Int(img.pixels[i + 1]), Int(img.pixels[i + 2]))
        }
        var dark = 0, outside = 0
        for ix in Int(x)..<Int(x + w) {
            for iy in Int(y + h * 0.3)..<Int(y + h * 0.75) { let p = px(Double(ix), Double(iy)); if p.0 + p.1 + p.2 < 200 { dark += 1 } }
            let above = px(Double(ix), y - 4), below = px(Double(ix), y + h + 4)
            if above.0 + above.1 + above.2 < 600 || below.0 + below.1 + below.2 < 600 { outside += 1 }
        }
        XCTAssertGreaterThan(dark, 800, "no type in the nameplate box")
        XCTAssertEqual(outside, 0, "the drawing runs outside its box")
        let star = px(x + 0.077 * w, y + 0.5 * h)   // the left star's centre, (77, 60) of 1000 × 120
        XCTAssertTrue(star.2 > star.0 + 30 && star.0 < 90, "\(star)")
    }

    func testBrokenSVGIsAnErrorNamingTheTemplateLine() throws {
        let pdf = out.appendingPathComponent("bad.pdf").path
        let line = try String(contentsOf: template, encoding: .utf8).components(separatedBy: "\n")
            .firstIndex { $0.contains("nameplate: {artwork:") }! + 1
        func expectError(_ what: String, _ needles: String...) throws {
            let r = try CLI.run(["render", issue, "-o", pdf])
            XCTAssertEqual(r.status, 1, "\(what): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("en-broadsheet-front.yaml:\(line)"), "\(what): \(r.stderr)")
            for n in needles { XCTAssertTrue(r.stderr.contains(n), "\(what): no '\(n)' in \(r.stderr)") }
            XCTAssertFalse(r.stderr.contains("Fatal error"), r.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: pdf), what)
        }
        let good = try Data(contentsOf: artwork)
        // Corrupt: the file breaks off inside an element (librsvg's XML error).
        try good.prefix(good.count / 2).write(to: artwork)
        try expectError("corrupt", "courier-nameplate.svg", "cannot be read as an SVG")
        // Not SVG at all: a PNG's bytes under the .svg name.
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]).write(to: artwork)
        try expectError("not SVG", "courier-nameplate.svg", "is not an SVG file")
        // An SVG with no size to scale from.
        try Data("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"5\" height=\"5\"/></svg>".utf8).write(to: artwork)
        try expectError("no size", "courier-nameplate.svg", "has no size")
        // Missing.
        try FileManager.default.removeItem(at: artwork)
        try expectError("missing", "courier-nameplate.svg", "not found")
        // Put back, the issue renders again.
        try good.write(to: artwork)
        XCTAssertEqual(try CLI.run(["render", issue, "-o", pdf]).status, 0)
    }

    /// In `watch`, an SVG nameplate saved broken is reported and the last good PDF
    /// kept; saved whole again, the issue renders again.
    func testWatchKeepsTheLastGoodPDFWhenTheSVGBreaks() throws {
        let pdf = out.appendingPathComponent("watch.pdf").path
        let log = project.appendingPathComponent("watch.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let p = Process()
        p.executableURL = CLI.executable
        p.arguments = ["watch", issue, "-o", pdf, "--max-passes", "3"]
        let handle = try FileHandle(forWritingTo: log)
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        defer { if p.isRunning { p.terminate() } }
        _ = try CLI.waitFor("pass 1:", in: log)
        let good = try Data(contentsOf: URL(fileURLWithPath: pdf))
        let svg = try Data(contentsOf: artwork)
        try svg.prefix(svg.count / 2).write(to: artwork)
        var text = try CLI.waitFor("pass 2: the last good PDF is kept", in: log)
        XCTAssertTrue(text.contains("courier-nameplate.svg cannot be read as an SVG"), text)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: pdf)), good)
        try svg.write(to: artwork)
        text = try CLI.waitFor("pass 3:", in: log)
        XCTAssertTrue(text.contains("pass 3: art/courier-nameplate.svg changed: 2 pages set in"), text)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, text)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: pdf)), good)
    }
}
