import Foundation
import XCTest

/// `render --output-profile press|archive` and `preflight`, end to end: the PDFs are
/// read back with poppler, qpdf and Ghostscript's separations, never with our own reader.
final class PressCLITests: XCTestCase {
    static let dir = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-press-\(getpid())")
    static var issue: String { CLI.packageRoot.appendingPathComponent("Articles/2024-01-12/issue.yaml").path }
    static var press: String { dir.appendingPathComponent("press.pdf").path }
    static var screen: String { dir.appendingPathComponent("screen.pdf").path }
    nonisolated(unsafe) static var renderStderr = ""
    static let mm = 72.0 / 25.4

    override class func setUp() {
        super.setUp()
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        if let r = try? CLI.run(["render", issue, "-o", press, "--output-profile", "press"]) { renderStderr = r.stderr }
        _ = try? CLI.run(["render", issue, "-o", screen])
    }

    override class func tearDown() {
        try? FileManager.default.removeItem(at: dir)
        super.tearDown()
    }

    private func pressFile() throws -> String {
        guard FileManager.default.fileExists(atPath: Self.press) else { throw CLIError("press render failed: \(Self.renderStderr)") }
        return Self.press
    }

    func testPressIsPDFX3WithTheOutputIntentAndItsProfile() throws {
        let pdf = try pressFile()
        let info = try Tools.output("pdfinfo", [pdf])
        XCTAssertTrue(info.contains("PDF subtype:    PDF/X-3:2002"), info)
        XCTAssertTrue(info.contains("Pages:           5"))
        let q = try Tools.qdf(pdf)
        XCTAssertTrue(q.contains("/S /GTS_PDFX"))
        XCTAssertTrue(q.contains("/OutputConditionIdentifier (Custom)"))
        XCTAssertTrue(q.contains("/Info (default_cmyk.icc)"))
        XCTAssertTrue(q.contains("/DestOutputProfile"))
        // What ISO 15930-3 asks of the document besides the intent: version, title,
        // trapping key, an /ID, no image interpolation, no encryption.
        XCTAssertTrue(q.hasPrefix("%PDF-1.3"))
        XCTAssertTrue(q.contains("/Trapped /False"))
        XCTAssertTrue(q.contains("/GTS_PDFXVersion (PDF/X-3:2002)"))
        XCTAssertTrue(q.contains("/ID ["))
        XCTAssertFalse(q.contains("/Interpolate true"))
        XCTAssertFalse(q.contains("/Encrypt"))
        XCTAssertTrue(info.contains("Title:           平顶山日报 2024-01-12 总第17008期"), info)
        XCTAssertTrue(info.contains("Encrypted:       no"))
        // The embedded profile is Ghostscript's default_cmyk.icc, said so on stderr.
        XCTAssertTrue(Self.renderStderr.contains("default_cmyk.icc"), Self.renderStderr)
    }

    func testEveryPageHasTrimBoxAtTrimSizeAndBleedBoxThreeMillimetresBeyond() throws {
        let pdf = try pressFile()
        for (page, size) in [(1, (390.0, 543.0)), (2, (390.0, 543.0)), (3, (280.0, 400.0)), (4, (280.0, 400.0)), (5, (280.0, 400.0))] {
            let b = try Tools.boxes(pdf, page: page)
            let trim = try XCTUnwrap(b["TrimBox"]), bleed = try XCTUnwrap(b["BleedBox"]), media = try XCTUnwrap(b["MediaBox"])
            XCTAssertEqual(trim[2] - trim[0], size.0, accuracy: 0.1, "page \(page)")
            XCTAssertEqual(trim[3] - trim[1], size.1, accuracy: 0.1, "page \(page)")
            for k in 0..<2 { XCTAssertEqual(trim[k] - bleed[k], 3, accuracy: 0.05); XCTAssertEqual(bleed[k + 2] - trim[k + 2], 3, accuracy: 0.05) }
            // Room for the marks and slug outside the bleed.
            XCTAssertEqual(trim[0] - media[0], 15, accuracy: 0.05)
        }
    }

    func testNoRGBAndNoTransparencyAnywhere() throws {
        let pdf = try pressFile()
        let q = try Tools.qdf(pdf)
        for op in [" rg\n", " RG\n", "/DeviceRGB", "/CalRGB", "/Lab", "/SMask", "/Transparency"] {
            XCTAssertFalse(q.contains(op), "press PDF contains \(op)")
        }
        XCTAssertFalse(q.range(of: #"/ca 0\.\d"#, options: .regularExpression) != nil)
        let images = try Tools.output("pdfimages", ["-list", pdf]).split(separator: "\n").dropFirst(2)
        XCTAssertEqual(images.count, 7)   // 3 photos, the flattened ad on pages 1, 4, 5 and 6
        for line in images { XCTAssertTrue(line.contains(" cmyk "), String(line)) }
    }

    func testNoPageIsRasterisedTextStaysText() throws {
        let pdf = try pressFile()
        for page in 1...5 {
            let text = try Tools.output("pdftotext", ["-f", "\(page)", "-l", "\(page)", pdf, "-"])
            XCTAssertGreaterThan(text.count, 1500, "page \(page) has no extractable text")
        }
        XCTAssertTrue(try Tools.output("pdftotext", ["-f", "2", "-l", "2", pdf, "-"]).contains("示范区经济稳中有进动能持续增强"))
        // No image stands for a page: the largest (the front page's lead photo) covers
        // well under half of a 390 × 543 mm page.
        for line in try Tools.output("pdfimages", ["-list", pdf]).split(separator: "\n").dropFirst(2) {
            let f = line.split(separator: " ")
            let w = Double(f[3])! / Double(f[12])! * 25.4, h = Double(f[4])! / Double(f[13])! * 25.4
            XCTAssertLessThan(w * h, 0.25 * 390 * 543, String(line))
        }
        let fonts = try Tools.output("pdffonts", [pdf]).split(separator: "\n").dropFirst(2)
        XCTAssertGreaterThan(fonts.count, 4)
        for f in fonts { XCTAssertTrue(f.contains(" yes yes "), "font not embedded: \(f)") }
    }

    func testBodyTextAndRulesPrintOnTheBlackPlateAloneAndOverprint() throws {
        let pdf = try pressFile()
        let plates = try Tools.separations(pdf, page: 2, dpi: 50)
        // The seed page's lead story's body beside its red pull quote (columns 3–4:
        // x 160–245 mm, y 95–135 mm from the trim's top-left; the media box starts
        // 15 mm further out): text and column rules, black only.
        let x = (15 + 160.0)...(15 + 245.0), y = (15 + 95.0)...(15 + 135.0)
        XCTAssertGreaterThan(plates["Black"]!.maxInk(xMM: x, yMM: y), 200)
        for c in ["Cyan", "Magenta", "Yellow"] { XCTAssertEqual(plates[c]!.maxInk(xMM: x, yMM: y), 0, "\(c) plate has ink in the body text") }
        // Black is set as 0 0 0 1 k in an overprinting state.
        let q = try Tools.qdf(pdf)
        XCTAssertTrue(q.contains("0 0 0 1 k"))
        XCTAssertTrue(q.contains("0 0 0 1 K"))
        XCTAssertTrue(q.contains("/op true"))
        XCTAssertFalse(q.range(of: #"0\.\d+ 0\.\d+ 0\.\d+ 0\.[89]\d* k"#, options: .regularExpression) != nil, "rich black in the press PDF")
    }

    func testInkLimitHeldOnEveryPlateSum() throws {
        let pdf = try pressFile()
        for page in 1...5 {
            let p = try Tools.separations(pdf, page: page, dpi: 30)
            let b = try Tools.boxes(pdf, page: page)
            let media = b["MediaBox"]!, bleed = b["BleedBox"]!
            // Only inside the bleed box: registration marks are 400 % by design.
            let x0 = Int((bleed[0] - media[0] + 1) * 30 / 25.4), x1 = Int((bleed[2] - media[0] - 1) * 30 / 25.4)
            let y0 = Int((media[3] - bleed[3] + 1) * 30 / 25.4), y1 = Int((media[3] - bleed[1] - 1) * 30 / 25.4)
            var peak = 0
            for yy in y0..<y1 { for xx in x0..<x1 {
                let i = yy * p["Black"]!.width + xx
                peak = max(peak, ["Cyan", "Magenta", "Yellow", "Black"].reduce(0) { $0 + Int(p[$1]!.ink[i]) })
            } }
            XCTAssertLessThanOrEqual(Double(peak) / 255 * 100, 241, "page \(page)")
            XCTAssertGreaterThan(peak, 255, "page \(page): nothing but black?")
        }
    }

    func testTwoPressRendersAndTwoArchiveRendersAreByteIdentical() throws {
        let pdf = try pressFile()
        let again = Self.dir.appendingPathComponent("press2.pdf").path
        XCTAssertEqual(try CLI.run(["render", Self.issue, "-o", again, "--output-profile", "press"]).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: pdf)), try Data(contentsOf: URL(fileURLWithPath: again)))
        let a1 = Self.dir.appendingPathComponent("a1.pdf").path, a2 = Self.dir.appendingPathComponent("a2.pdf").path
        XCTAssertEqual(try CLI.run(["render", Self.issue, "-o", a1, "--output-profile", "archive"]).status, 0)
        XCTAssertEqual(try CLI.run(["render", Self.issue, "-o", a2, "--output-profile", "archive"]).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: a1)), try Data(contentsOf: URL(fileURLWithPath: a2)))
        // Archive: PDF/A-2b with the sRGB intent, title, paper and date in XMP and Info.
        let meta = try Tools.output("pdfinfo", ["-meta", a1])
        XCTAssertTrue(meta.contains("pdfaid:part='2'") && meta.contains("pdfaid:conformance='B'"), meta)
        XCTAssertTrue(meta.contains("平顶山日报 2024-01-12 总第17008期"))
        XCTAssertTrue(meta.contains("xmp:CreateDate='2024-01-12T00:00:00Z'"))
        let info = try Tools.output("pdfinfo", [a1])
        XCTAssertTrue(info.contains("Author:          平顶山日报"), info)
        let q = try Tools.qdf(a1)
        XCTAssertTrue(q.contains("/S /GTS_PDFA1"))
        XCTAssertEqual(try CLI.run(["preflight", a1, "--profile", "archive"]).status, 0)
    }

    func testCMYKAdPassesThroughWithItsKTextAndRGBAdIsConverted() throws {
        let project = try CLI.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let ads = project.appendingPathComponent("Articles/2024-01-12/ads")
        for n in ["cmyk-ad.pdf", "rgb-ad.pdf"] {
            try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("Tests/Fixtures/ads/\(n)"), to: ads.appendingPathComponent(n))
        }
        let issue = project.appendingPathComponent("Articles/2024-01-12/issue.yaml")
        var n = 0
        try CLI.edit(issue) { s in
            s.replacingOccurrences(of: "ad: ads/subscribe.pdf", with: "AD").split(separator: "\n", omittingEmptySubsequences: false).map { line in
                guard line.contains("AD") else { return String(line) }
                n += 1
                return line.replacingOccurrences(of: "AD", with: n == 1 ? "ad: ads/cmyk-ad.pdf" : "ad: ads/rgb-ad.pdf")
            }.joined(separator: "\n") + "\noutput:\n  profile: press\n  marks: false\n"   // issue-level settings; no slug colours either
        }
        let out = project.appendingPathComponent("press.pdf").path
        let r = try CLI.run(["render", issue.path, "-o", out])   // press from the issue's output: profile
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("rgb-ad.pdf: RGB ad converted"), r.stderr)
        XCTAssertFalse(r.stderr.contains("cmyk-ad.pdf"), r.stderr)
        let q = try Tools.qdf(out)
        // The CMYK ad's own colours, exactly: cyan ground, red box, then its text and
        // rule in 100 % K (no slug with plate colours: marks are off for this issue).
        // (Ghostscript leaves out a stroke colour that is already current.)
        XCTAssertTrue(q.contains("\n1 0 0 0 k\n"))
        let red = try XCTUnwrap(q.range(of: "\n0 1 1 0 k\n"))
        let after = q[red.upperBound...].prefix(800)
        XCTAssertTrue(after.contains("0 0 0 1 k"), String(after))
        XCTAssertTrue(after.contains("Tj") || after.contains("TJ"), String(after))
        XCTAssertFalse(q.contains(" rg\n"))
        // marks: false → the media box is the bleed box.
        let b = try Tools.boxes(out, page: 3)
        XCTAssertEqual(b["MediaBox"]!, b["BleedBox"]!)
        XCTAssertTrue(try Tools.output("pdftotext", ["-f", "1", "-l", "1", out, "-"]).contains("CMYK AD"))
        // Pages 5 and 6 (the file's 4th and 5th; page 4 has its own strip ad).
        XCTAssertTrue(try Tools.output("pdftotext", ["-f", "4", "-l", "4", out, "-"]).contains("RGB AD"))
        // The replaced ads are vectors: the only image on pages 5–6 is page 5's PNG house ad.
        XCTAssertEqual(try Tools.output("pdfimages", ["-list", "-f", "4", "-l", "5", out]).split(separator: "\n").count, 3)
        XCTAssertEqual(try CLI.run(["preflight", out]).status, 0)
    }

    func testPreflightPassesThePressDemoAndFindsTheScreenPDFsDefects() throws {
        let ok = try CLI.run(["preflight", try pressFile()])
        XCTAssertEqual(ok.status, 0, ok.stdout)
        XCTAssertTrue(ok.stdout.contains("no findings"))
        let bad = try CLI.run(["preflight", Self.screen])
        XCTAssertEqual(bad.status, 1)
        for expected in ["no PDF/X OutputIntent", "page 1: no TrimBox", "page 1: no BleedBox", "page 1: transparency",
                         "page 2 at 17.2,37.9 mm: black text is not K-only: RGB 0 0 0", "RGB or Lab object: image 1200×800",
                         "ink 296 % over the 240 % limit"] {
            XCTAssertTrue(bad.stdout.contains(expected), "missing: \(expected)\n\(bad.stdout)")
        }
    }

    /// A PDF written by hand (not by Broadsheet, Cairo or Ghostscript) with one of each defect.
    func testPreflightFindsEachDefectOfAThirdPartyPDFWithPageAndPosition() throws {
        let dir = Self.dir.appendingPathComponent("bad")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let content = """
        BT /F1 4 Tf 0 0 0 1 k 56.69 700 Td (tiny) Tj ET
        BT /F1 12 Tf 1 0 0 rg 56.69 600 Td (red RGB) Tj ET
        BT /F1 12 Tf 0.6 0.5 0.5 0.9 k 56.69 500 Td (rich black) Tj ET
        0 0 0 1 K 0.05 w 56.69 400 m 300 400 l S
        0.9 0.9 0.9 0.9 k 300 100 100 100 re f
        /T gs 0 0 0 1 k 56.69 300 50 50 re f
        q 141.73 0 0 141.73 56.69 100 cm /Im Do Q
        """
        let pdf = """
        %PDF-1.4
        1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
        2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
        3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R
           /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>
                         /ExtGState << /T << /Type /ExtGState /ca 0.5 >> >>
                         /XObject << /Im 5 0 R >> >> >> endobj
        4 0 obj << /Length \(content.utf8.count) >> stream
        \(content)
        endstream endobj
        5 0 obj << /Type /XObject /Subtype /Image /Width 4 /Height 4 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length 48 >> stream
        \(String(repeating: "\u{7f}", count: 48))
        endstream endobj
        trailer << /Root 1 0 R /Size 6 >>
        %%EOF
        """
        let raw = dir.appendingPathComponent("raw.pdf").path, file = dir.appendingPathComponent("bad.pdf").path
        try pdf.write(toFile: raw, atomically: true, encoding: .ascii)
        _ = try CLI.exec("/usr/bin/qpdf", [raw, file])   // rebuilds the xref table
        let r = try CLI.run(["preflight", file])
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        let expected = [
            "document: no PDF/X OutputIntent",
            "page 1: no TrimBox", "page 1: no BleedBox",
            "page 1 at 20.0,50.1 mm: text 4.0 pt is below 5 pt (font Helvetica)",
            "page 1 at 20.0,85.3 mm: RGB or Lab object: text in RGB 1 0 0",
            "page 1 at 20.0,120.6 mm: black text is not K-only: DeviceCMYK 0.6 0.5 0.5 0.9 (250 % ink",
            "page 1 at 20.0,155.9 mm: rule 0.05 pt is thinner than 0.1 pt",
            "page 1 at 20.0,173.5 mm: transparency: a fill in a transparent graphics state",
            "page 1 at 20.0,211.7 mm: RGB or Lab object: image 4×4 in RGB (DeviceRGB)",
            "page 1 at 20.0,211.7 mm: image 4×4 at 2 ppi effective (below 200)",
            "page 1 at 20.0,50.1 mm: font Helvetica is not embedded",
            // The 360 % square (rendered 359 %) at 105.8,225.9 mm, 35 mm wide, seen on 3 mm cells.
            "page 1 at 104.4,225.8 mm: ink 359 % over the 240 % limit",
        ]
        for e in expected { XCTAssertTrue(r.stdout.contains(e), "missing: \(e)\n\(r.stdout)") }
        // Unreadable input: exit 2 and one line naming the file.
        let notPDF = dir.appendingPathComponent("notes.pdf").path
        try "not a pdf".write(toFile: notPDF, atomically: true, encoding: .utf8)
        let u = try CLI.run(["preflight", notPDF])
        XCTAssertEqual(u.status, 2)
        XCTAssertTrue(u.stderr.contains("notes.pdf"), u.stderr)
        XCTAssertEqual(try CLI.run(["preflight", dir.appendingPathComponent("missing.pdf").path]).status, 2)
        XCTAssertEqual(try CLI.run(["preflight", file, "--profile", "print"]).status, 2)   // a bad option: 2, not 64
    }
}
