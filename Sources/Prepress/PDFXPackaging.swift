import Foundation
import Interop

/// What makes a CMYK PDF a PDF/X-3:2002 file besides its content (ISO 15930-3):
/// the OutputIntent with the printer's ICC profile embedded and its
/// OutputConditionIdentifier, and GTS_PDFXVersion in the document info (Title,
/// Trapped and the dates are written by `DocumentMetadata`).
enum PDFXPackaging {
    static func apply(to doc: PDFSurgery, settings: PressSettings) throws {
        let path = settings.resolvedProfile
        guard let icc = FileManager.default.contents(atPath: path) else {
            throw PrepressError("\(path): cannot read the ICC profile")
        }
        let profile = doc.newStream(dictionary: ["/N": doc.parse("4"), "/Alternate": doc.parse("/DeviceCMYK")], data: icc)
        let intent = doc.parse("<< /Type /OutputIntent /S /GTS_PDFX /RegistryName (http://www.color.org) >>")
        doc.set(intent, "/OutputConditionIdentifier", doc.textString(settings.resolvedCondition))
        doc.set(intent, "/OutputCondition", doc.textString(settings.conditionDescription))
        doc.set(intent, "/Info", doc.textString((path as NSString).lastPathComponent))
        doc.set(intent, "/DestOutputProfile", profile)
        let intents = doc.parse("[]")
        doc.append(intents, doc.makeIndirect(intent))
        doc.set(doc.root, "/OutputIntents", intents)
        let info = doc.get(doc.trailer, "/Info").flatMap { doc.isDictionary($0) ? $0 : nil } ?? {
            let d = doc.makeIndirect(doc.parse("<< >>")); doc.set(doc.trailer, "/Info", d); return d
        }()
        doc.set(info, "/GTS_PDFXVersion", doc.textString("PDF/X-3:2002"))
        // Cairo's ExtGStates say CA 1 / ca 1 (opaque): keys a PDF 1.3 file does not know.
        for i in 0..<doc.pageCount {
            guard let res = doc.get(doc.page(i), "/Resources"), let states = doc.get(res, "/ExtGState") else { continue }
            for k in doc.keys(states) {
                guard let g = doc.get(states, k) else { continue }
                for key in ["/CA", "/ca"] where doc.get(g, key).flatMap(doc.number) == 1 { doc.remove(g, key) }
            }
        }
    }
}
