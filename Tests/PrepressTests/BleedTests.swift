import XCTest
@testable import Interop
@testable import Layout
@testable import Prepress
import Render

final class BleedTests: XCTestCase {
    let red = Color(red: 0.78, green: 0.06, blue: 0.18)

    func page(_ elements: [PageElement]) -> LaidOutPage {
        LaidOutPage(number: 1, size: Size(width: 200, height: 300), elements: elements, copyfit: [])
    }

    func testElementsTouchingTheTrimExtendIntoTheBleedOthersStay() {
        let out = BleedExtension.extend(page([
            .fill(Rect(x: 0, y: 0, width: 200, height: 40), red),          // a full-width banner at the top
            .fill(Rect(x: 20, y: 100, width: 50, height: 50), red),        // inside: unchanged
            .rule(from: Point(x: 0, y: 290), to: Point(x: 200, y: 290), width: 1, .black),
        ]), by: 8.5)
        guard case let .fill(a, _) = out.elements[0], case let .fill(b, _) = out.elements[1],
              case let .rule(p, q, _, _) = out.elements[2] else { return XCTFail() }
        XCTAssertEqual(a, Rect(x: -8.5, y: -8.5, width: 217, height: 48.5))
        XCTAssertEqual(b, Rect(x: 20, y: 100, width: 50, height: 50))
        XCTAssertEqual(p, Point(x: -8.5, y: 290))
        XCTAssertEqual(q, Point(x: 208.5, y: 290))
    }

    /// End to end through Cairo, the colour pass and Ghostscript: the banner's ink
    /// reaches the bleed box edge on the plates, the white margin beyond it stays clean.
    func testBleedInkReachesTheBleedBoxOnThePlates() throws {
        let dir = NSTemporaryDirectory() + "broadsheet-bleed-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var settings = PressSettings()
        settings.marks = false
        let laid = BleedExtension.extend(page([.fill(Rect(x: 0, y: 0, width: 200, height: 40), red)]), by: settings.bleed)
        try PageRenderer().render([laid], to: dir + "/screen.pdf", metadata: PDFMetadata(title: "t", date: "2024-01-12T00:00:00Z"))
        var converter = PressConverter(settings: settings, fonts: FontLibrary())
        try converter.convert(screenPDF: dir + "/screen.pdf", pages: [PressPage(number: 1, trim: laid.size, ads: [])],
                              document: PressDocument(title: "t", newspaper: "n", issueDate: "2024-01-12", epoch: 0), to: dir + "/press.pdf")
        // Magenta plate at 72 dpi (1 px = 1 pt); the media box is the bleed box here.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/gs")
        p.arguments = ["-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=bitcmyk", "-dGrayValues=256", "-r72",
                       "-sOutputFile=\(dir)/p.raw", dir + "/press.pdf"]
        try p.run(); p.waitUntilExit()
        let raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/p.raw")))
        let w = Int((200 + 2 * settings.bleed).rounded())
        func magenta(_ x: Int, _ y: Int) -> UInt8 { raw[(y * w + x) * 4 + 1] }
        XCTAssertGreaterThan(magenta(1, 1), 200)          // in the bleed, beyond the trim's corner
        XCTAssertGreaterThan(magenta(w / 2, 5), 200)
        XCTAssertEqual(magenta(w / 2, 8 + 50), 0)         // below the banner: paper
    }
}
