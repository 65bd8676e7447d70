import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Interop
import XCTest

/// Monthly volumes with bookmarks and page labels (read back with qpdf), ALTO text
/// layers (parsed as XML), and the HTML index opened in headless Chromium.
final class VolumeIndexTests: XCTestCase {
    func testMonthlyVolumesALTOAndTheIndexInABrowser() throws {
        // Two issues across a month boundary: two volumes.
        let (archive, out) = try Tool.archive(days: 2, pages: 2, start: "2024-01-31")
        let r = try Tool.batch([archive, "-o", out, "--jobs", "2", "--png", "--alto", "--volume", "month"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("2 volumes (2 written)"), r.stdout)
        let jan = out + "/volumes/平顶山日报-2024-01.pdf", feb = out + "/volumes/平顶山日报-2024-02.pdf"
        XCTAssertEqual(try Tool.pdfPages(jan), 2)
        XCTAssertEqual(try Tool.pdfPages(feb), 2)

        // Bookmarks: issue → page → articles by headline, each pointing at its page.
        let q = try Tool.exec("/usr/bin/qpdf", ["--json", "--json-key=outlines", "--json-key=pagelabels", jan])
        XCTAssertEqual(q.status, 0, q.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(q.stdout.utf8)) as! [String: Any]
        let outlines = json["outlines"] as! [[String: Any]]
        XCTAssertEqual(outlines.map { $0["title"] as? String }, ["2024-01-31 总第17000期"])
        let pages = outlines[0]["kids"] as! [[String: Any]]
        XCTAssertEqual(pages.map { $0["title"] as? String }, ["第1版", "第2版"])
        XCTAssertEqual(pages.map { $0["destpageposfrom1"] as? Int }, [1, 2])
        let articles = pages[1]["kids"] as! [[String: Any]]
        XCTAssertEqual(articles.count, 9)
        XCTAssertTrue(articles.contains { $0["title"] as? String == "示范区经济稳中有进动能持续增强" })
        XCTAssertTrue(articles.allSatisfy { $0["destpageposfrom1"] as? Int == 2 })
        let labels = (json["pagelabels"] as! [[String: Any]]).map { ($0["label"] as! [String: Any])["/P"] as? String }
        XCTAssertEqual(labels, ["u:01-31 第1版", "u:01-31 第2版"])
        // The volume's pages are the issue's pages: same text, read back by poppler.
        let volText = try Tool.exec("/usr/bin/pdftotext", ["-f", "2", "-l", "2", jan, "-"]).stdout
        let issueText = try Tool.exec("/usr/bin/pdftotext", ["-f", "2", "-l", "2", out + "/2024-01-31/平顶山日报-2024-01-31.pdf", "-"]).stdout
        XCTAssertFalse(issueText.isEmpty)
        // Reading order may differ, and poppler reads a few overlapping dash glyphs of the
        // redrawn page twice: compare character counts, allowing a handful of extras.
        var counts: [Character: Int] = [:]
        for ch in volText where !ch.isWhitespace { counts[ch, default: 0] += 1 }
        for ch in issueText where !ch.isWhitespace { counts[ch, default: 0] -= 1 }
        XCTAssertTrue(counts.values.allSatisfy { $0 >= 0 }, "text missing from the volume: \(counts.filter { $0.value < 0 })")
        XCTAssertLessThanOrEqual(counts.values.reduce(0, +), 10, "\(counts.filter { $0.value != 0 })")

        // A rerun keeps the volumes; a changed issue rewrites only its month's volume.
        let janBytes = try Tool.sha(jan), febBytes = try Tool.sha(feb)
        let again = try Tool.batch([archive, "-o", out, "--png", "--alto", "--volume", "month"])
        XCTAssertTrue(again.stdout.contains("2 volumes (0 written)"), again.stdout)
        let article = archive + "/2024/02/2024-02-01/02-binhu-p1.txt"
        try (try String(contentsOfFile: article, encoding: .utf8) + "\n补充一段。\n").write(toFile: article, atomically: true, encoding: .utf8)
        let third = try Tool.batch([archive, "-o", out, "--png", "--alto", "--volume", "month"])
        XCTAssertTrue(third.stdout.contains("2 volumes (1 written)"), third.stdout)
        XCTAssertEqual(try Tool.sha(jan), janBytes)
        XCTAssertNotEqual(try Tool.sha(feb), febBytes)

        // ALTO: well-formed XML whose words are the page's text, boxes inside the page.
        let alto = out + "/2024-01-31/alto/平顶山日报-2024-01-31-p1.xml"
        let parsed = try ALTOReader(path: alto)
        XCTAssertEqual(parsed.pageSize.width, 3900, accuracy: 1)    // 390 mm trim width in mm10
        XCTAssertGreaterThan(parsed.strings.count, 3000)
        XCTAssertTrue(parsed.strings.allSatisfy { $0.x >= 0 && $0.y >= 0 && $0.x + $0.w <= parsed.pageSize.width && $0.y + $0.h <= parsed.pageSize.height })
        let altoText = parsed.strings.map(\.content).joined()
        let pdfText = try Tool.exec("/usr/bin/pdftotext", ["-f", "1", "-l", "1", out + "/2024-01-31/平顶山日报-2024-01-31.pdf", "-"]).stdout
        let pdfChars = pdfText.filter { !$0.isWhitespace }
        XCTAssertEqual(altoText.count, pdfChars.count, accuracy: pdfChars.count / 50)
        XCTAssertTrue(altoText.contains("示范区经济稳中有进动能持续增强"))
        XCTAssertTrue(parsed.tags.contains("a_01-economy-p1"), "\(parsed.tags.prefix(5))")

        // The index in a browser: thumbnails and status badges are drawn.
        let shot = out + "/index-screenshot.png"
        let c = try Tool.exec("/usr/bin/chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                                    "--screenshot=\(shot)", "--window-size=1200,900", "file://\(out)/index.html"])
        XCTAssertEqual(c.status, 0, c.stderr)
        let img = try RasterImage(pngFile: shot)
        XCTAssertEqual(img.width, 1200)
        var green = 0, thumbInk = 0
        for y in 0..<img.height {
            for x in 0..<img.width {
                let i = (y * img.width + x) * 3
                let (r, g, b) = (Int(img.pixels[i]), Int(img.pixels[i + 1]), Int(img.pixels[i + 2]))
                if abs(r - 0x33) < 12 && abs(g - 0x99) < 12 && abs(b - 0x33) < 12 { green += 1 }   // the "ok" badge
                if y > 200 && r < 120 && g < 120 && b < 120 { thumbInk += 1 }                   // page text in thumbnails
            }
        }
        XCTAssertGreaterThan(green, 400, "no ok badges drawn")
        XCTAssertGreaterThan(thumbInk, 5000, "no thumbnails drawn")
        // Links are relative: the index opens from disk anywhere.
        let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        XCTAssertFalse(html.contains("href=\"/"))
        XCTAssertFalse(html.contains("src=\"/"))
        XCTAssertTrue(html.contains("src=\"2024-01-31/thumbs/平顶山日报-2024-01-31-p1.png\""))
    }
}

/// Reads an ALTO file with Foundation's XML parser (not the code that wrote it).
final class ALTOReader: NSObject, XMLParserDelegate {
    struct Word { var content: String; var x, y, w, h: Double }
    var strings: [Word] = []
    var tags: [String] = []
    var pageSize = (width: 0.0, height: 0.0)
    var failure: Error?

    init(path: String) throws {
        super.init()
        let parser = XMLParser(contentsOf: URL(fileURLWithPath: path))!
        parser.delegate = self
        if !parser.parse() { throw parser.parserError ?? NSError(domain: "alto", code: 1) }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes a: [String: String] = [:]) {
        func d(_ k: String) -> Double { Double(a[k] ?? "") ?? -1 }
        switch name {
        case "Page": pageSize = (d("WIDTH"), d("HEIGHT"))
        case "String": strings.append(Word(content: a["CONTENT"] ?? "", x: d("HPOS"), y: d("VPOS"), w: d("WIDTH"), h: d("HEIGHT")))
        case "StructureTag": tags.append(a["ID"] ?? "")
        default: break
        }
    }
}
