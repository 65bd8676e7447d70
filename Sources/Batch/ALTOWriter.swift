import Foundation
import Layout
import Model

/// ALTO XML (v4) for one laid-out page (the data the layout manifest is made of): every line with its box and,
/// inside it, every word (Latin) or character cluster (CJK) with its box — the text
/// layer newspaper archives index and highlight search hits with.
/// Units are tenths of a millimetre (`mm10`) from the page's top-left corner.
public enum ALTOWriter {
    public static func xml(page: LaidOutPage, pdfName: String) -> String {
        func mm10(_ pt: Double) -> String { String(Int((pt * 254 / 72).rounded())) }
        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <alto xmlns="http://www.loc.gov/standards/alto/ns-v4#" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.loc.gov/standards/alto/ns-v4# http://www.loc.gov/standards/alto/v4/alto-4-2.xsd">
          <Description>
            <MeasurementUnit>mm10</MeasurementUnit>
            <sourceImageInformation><fileName>\(escape(pdfName))</fileName></sourceImageInformation>
            <OCRProcessing ID="P1"><ocrProcessingStep><processingSoftware><softwareName>Broadsheet</softwareName></processingSoftware></ocrProcessingStep></OCRProcessing>
          </Description>
          <Layout>
            <Page ID="page\(page.number)" PHYSICAL_IMG_NR="\(page.number)" PRINTED_IMG_NR="\(page.number)" HEIGHT="\(mm10(page.size.height))" WIDTH="\(mm10(page.size.width))">
              <PrintSpace HPOS="0" VPOS="0" HEIGHT="\(mm10(page.size.height))" WIDTH="\(mm10(page.size.width))">

        """
        // One TextBlock per article (and one for page furniture), lines in reading order.
        var blocks: [(String, [PlacedLine])] = []
        var index: [String: Int] = [:]
        for l in page.lines where !l.line.clusters.isEmpty {
            let key = l.articleID.map { "a_" + $0 } ?? "page_" + l.role.rawValue
            if let i = index[key] { blocks[i].1.append(l) } else { index[key] = blocks.count; blocks.append((key, [l])) }
        }
        var lineNo = 0, wordNo = 0
        for (b, (key, lines)) in blocks.enumerated() {
            // Ascent and descent as the CJK em box: 0.88 em above the baseline, 0.12 below.
            let heights = lines.map(\.line.em)
            let top = zip(lines, heights).map { $0.origin.y - 0.88 * $1 }.min() ?? 0
            let bottom = zip(lines, heights).map { $0.origin.y + 0.12 * $1 }.max() ?? 0
            let left = lines.map(\.origin.x).min() ?? 0
            let right = lines.map { $0.origin.x + $0.line.measure }.max() ?? 0
            out += "        <TextBlock ID=\"p\(page.number)_b\(b + 1)\" HPOS=\"\(mm10(left))\" VPOS=\"\(mm10(top))\" WIDTH=\"\(mm10(right - left))\" HEIGHT=\"\(mm10(bottom - top))\" TAGREFS=\"\(escape(idSafe(key)))\">\n"
            for (l, h) in zip(lines, heights) {
                lineNo += 1
                let words = self.words(l)
                let lx = words.first?.x ?? l.origin.x
                let lw = (words.last.map { $0.x + $0.w } ?? l.origin.x + l.line.measure) - lx
                out += "          <TextLine ID=\"p\(page.number)_l\(lineNo)\" HPOS=\"\(mm10(lx))\" VPOS=\"\(mm10(l.origin.y - 0.88 * h))\" WIDTH=\"\(mm10(lw))\" HEIGHT=\"\(mm10(h))\">\n"
                for (i, w) in words.enumerated() {
                    if i > 0 && w.spaceBefore { out += "            <SP/>\n" }
                    wordNo += 1
                    out += "            <String ID=\"p\(page.number)_w\(wordNo)\" CONTENT=\"\(escape(w.text))\" HPOS=\"\(mm10(w.x))\" VPOS=\"\(mm10(l.origin.y - 0.88 * h))\" WIDTH=\"\(mm10(w.w))\" HEIGHT=\"\(mm10(h))\"/>\n"
                }
                out += "          </TextLine>\n"
            }
            out += "        </TextBlock>\n"
        }
        let tags = blocks.map { key, _ in
            "    <StructureTag ID=\"\(escape(idSafe(key)))\" TYPE=\"\(key.hasPrefix("a_") ? "article" : "furniture")\" LABEL=\"\(escape(String(key.dropFirst(key.hasPrefix("a_") ? 2 : 5))))\"/>\n"
        }.joined()
        out = out.replacingOccurrences(of: "  <Layout>\n", with: "  <Tags>\n" + tags + "  </Tags>\n  <Layout>\n")
        out += """
              </PrintSpace>
            </Page>
          </Layout>
        </alto>

        """
        return out
    }

    struct Word { var text: String; var x: Double; var w: Double; var spaceBefore: Bool }

    /// Latin letters and digits join into words; every other cluster (Han, kana,
    /// punctuation) is a String of its own, as ALTO files of CJK newspapers do.
    static func words(_ line: PlacedLine) -> [Word] {
        var words: [Word] = []
        var space = false
        var joinable = false
        for cl in line.line.clusters {
            let c = (t: cl.text, x: line.origin.x + cl.x, w: cl.width)
            if c.t.allSatisfy(\.isWhitespace) { space = true; joinable = false; continue }
            let latin = c.t.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "'-.,".unicodeScalars.contains($0)) }
            if latin && joinable, var last = words.popLast() {
                last.text += c.t
                last.w = c.x + c.w - last.x
                words.append(last)
            } else {
                words.append(Word(text: c.t, x: c.x, w: c.w, spaceBefore: space))
            }
            joinable = latin
            space = false
        }
        return words
    }

    /// An XML ID (NCName) from an article id: other characters become `_`.
    static func idSafe(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." ? $0 : "_" })
    }

    static func escape(_ s: String) -> String {
        var o = ""
        for ch in s {
            switch ch {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            default: o.append(ch)
            }
        }
        return o
    }
}
