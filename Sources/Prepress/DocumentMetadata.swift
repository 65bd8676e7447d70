import Foundation
import Interop

/// The document information dictionary and the XMP packet, written together so
/// they agree (PDF/A requires it): title, the paper as author, the issue as
/// subject, dates from the issue (or SOURCE_DATE_EPOCH). Ghostscript drops
/// non-ASCII DOCINFO strings in PDF/A mode, so these are set after it.
enum DocumentMetadata {
    static func apply(_ document: PressDocument, to doc: PDFSurgery, pdfaPart: Int?) {
        let date = Date(timeIntervalSince1970: TimeInterval(document.epoch))
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMddHHmmss"
        let pdfDate = "D:\(f.string(from: date))Z00'00'"
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'"
        let xmpDate = f.string(from: date)
        let subject = "\(document.newspaper) \(document.issueDate)"
        let info = doc.get(doc.trailer, "/Info").flatMap { doc.isDictionary($0) ? $0 : nil } ?? {
            let d = doc.makeIndirect(doc.parse("<< >>")); doc.set(doc.trailer, "/Info", d); return d
        }()
        let producer = doc.get(info, "/Producer").flatMap(doc.string) ?? "Broadsheet"
        let fields: [(String, String)] = [("/Title", document.title), ("/Author", document.newspaper), ("/Subject", subject),
                                          ("/Keywords", document.issueDate), ("/Creator", "Broadsheet"), ("/Producer", producer)]
        for (k, v) in fields { doc.set(info, k, doc.textString(v)) }
        doc.set(info, "/CreationDate", doc.textString(pdfDate))
        doc.set(info, "/ModDate", doc.textString(pdfDate))
        doc.remove(info, "/Trapped")
        if pdfaPart == nil { doc.set(info, "/Trapped", doc.parse("/False")) }   // PDF/X requires it

        // A document ID derived from what the document is, not from the clock.
        var h: UInt64 = 0xcbf29ce484222325
        for b in (document.title + xmpDate).utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        let hex = String(format: "%016llx", h)
        let uuid = "uuid:\(hex.prefix(8))-\(hex.dropFirst(8).prefix(4))-\(hex.dropFirst(12).prefix(4))-0000-000000000000"
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        var xmp = """
        <?xpacket begin='\u{FEFF}' id='W5M0MpCehiHzreSzNTczkc9d'?>
        <x:xmpmeta xmlns:x='adobe:ns:meta/'>
        <rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>
        <rdf:Description rdf:about='' xmlns:pdf='http://ns.adobe.com/pdf/1.3/' pdf:Producer='\(esc(producer))' pdf:Keywords='\(esc(document.issueDate))'/>
        <rdf:Description rdf:about='' xmlns:xmp='http://ns.adobe.com/xap/1.0/' xmp:CreateDate='\(xmpDate)' xmp:ModifyDate='\(xmpDate)' xmp:MetadataDate='\(xmpDate)' xmp:CreatorTool='Broadsheet'/>
        <rdf:Description rdf:about='' xmlns:xmpMM='http://ns.adobe.com/xap/1.0/mm/' xmpMM:DocumentID='\(uuid)' xmpMM:InstanceID='\(uuid)'/>
        <rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/' dc:format='application/pdf'>
        <dc:title><rdf:Alt><rdf:li xml:lang='x-default'>\(esc(document.title))</rdf:li></rdf:Alt></dc:title>
        <dc:creator><rdf:Seq><rdf:li>\(esc(document.newspaper))</rdf:li></rdf:Seq></dc:creator>
        <dc:description><rdf:Alt><rdf:li xml:lang='x-default'>\(esc(subject))</rdf:li></rdf:Alt></dc:description>
        <dc:date><rdf:Seq><rdf:li>\(esc(document.issueDate))</rdf:li></rdf:Seq></dc:date>
        </rdf:Description>

        """
        if let part = pdfaPart {
            xmp += "<rdf:Description rdf:about='' xmlns:pdfaid='http://www.aiim.org/pdfa/ns/id/' pdfaid:part='\(part)' pdfaid:conformance='B'/>\n"
        }
        xmp += "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end='w'?>"
        let stream = doc.newStream(dictionary: ["/Type": doc.parse("/Metadata"), "/Subtype": doc.parse("/XML")], data: Data(xmp.utf8))
        doc.set(doc.root, "/Metadata", stream)
    }
}
