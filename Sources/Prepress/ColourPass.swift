import Foundation
import Interop

/// Walks a page's resources and converts what is RGB: content streams of form
/// XObjects (through the rewriter) and RGB images (pixels through lcms2 with the
/// ink limit). Each shared object is converted once.
struct ColourPass {
    let doc: PDFSurgery
    let rewriter: ColorRewriter
    private var done: Set<String> = []

    init(doc: PDFSurgery, rewriter: ColorRewriter) { self.doc = doc; self.rewriter = rewriter }

    /// The page's resources as a dictionary of its own (shared or inherited ones are
    /// copied shallowly), so that adding names to one page never touches another.
    func resources(of page: PDFObject) throws -> PDFObject {
        var node: PDFObject? = page
        var found: PDFObject? = nil
        while let n = node, found == nil { found = doc.get(n, "/Resources"); node = doc.get(n, "/Parent") }
        let own = shallowCopy(found)
        for key in ["/XObject", "/ExtGState"] {
            if let sub = doc.get(own, key) { doc.set(own, key, shallowCopy(sub)) }
        }
        doc.set(page, "/Resources", own)
        return own
    }

    private func shallowCopy(_ dict: PDFObject?) -> PDFObject {
        let out = doc.parse("<< >>")
        if let dict { for k in doc.keys(dict) { if let v = doc.get(dict, k) { doc.set(out, k, v) } } }
        return out
    }

    func addResource(_ resources: PDFObject, _ category: String, _ name: String, _ value: PDFObject) {
        let sub: PDFObject
        if let s = doc.get(resources, category) { sub = s } else { sub = doc.parse("<< >>"); doc.set(resources, category, sub) }
        doc.set(sub, "/" + name, value)
    }

    func addOverprintStates(_ resources: PDFObject) throws {
        for (name, dict) in ColorRewriter.overprintStates.sorted(by: { $0.key < $1.key }) {
            addResource(resources, "/ExtGState", name, doc.parse(dict))
        }
    }

    mutating func convertResources(_ resources: PDFObject) throws {
        guard let xobjects = doc.get(resources, "/XObject") else { return }
        for key in doc.keys(xobjects) {
            guard let x = doc.get(xobjects, key), doc.isStream(x) else { continue }
            let id = doc.unparse(x)
            guard !done.contains(id) else { continue }
            done.insert(id)
            let dict = doc.dictionary(x)
            if let sub = doc.get(dict, "/Subtype"), doc.isName(sub, "/Form") {
                doc.replaceStreamData(x, rewriter.rewrite(try doc.streamData(x)))
                let res = doc.get(dict, "/Resources") ?? doc.parse("<< >>")
                let own = shallowCopy(res)
                if let sub = doc.get(own, "/XObject") { doc.set(own, "/XObject", shallowCopy(sub)) }
                if let sub = doc.get(own, "/ExtGState") { doc.set(own, "/ExtGState", shallowCopy(sub)) }
                doc.set(dict, "/Resources", own)
                try addOverprintStates(own)
                try convertResources(own)
            } else if isRGBImage(dict) {
                let rgb = try doc.streamData(x, decodeLossy: true)
                let w = Int(doc.get(dict, "/Width").flatMap(doc.number) ?? 0), h = Int(doc.get(dict, "/Height").flatMap(doc.number) ?? 0)
                guard rgb.count == w * h * 3 else { throw PrepressError("\(doc.path): image \(id): \(rgb.count) bytes for \(w)×\(h) RGB") }
                // A few percent under the limit, as a margin for rounding in RIPs and checks.
                try doc.replaceStreamDataFast(x, rewriter.conversion.convert(rgb: rgb, inkLimit: rewriter.conversion.inkLimit - 4))
                doc.set(dict, "/ColorSpace", doc.parse("/DeviceCMYK"))
                doc.remove(dict, "/Decode")
                doc.remove(dict, "/Interpolate")   // PDF/X: image interpolation is the RIP's business
            }
        }
    }

    private func isRGBImage(_ dict: PDFObject) -> Bool {
        guard let sub = doc.get(dict, "/Subtype"), doc.isName(sub, "/Image"),
              doc.get(dict, "/BitsPerComponent").flatMap(doc.number) == 8,
              let cs = doc.get(dict, "/ColorSpace") else { return false }
        if doc.isName(cs, "/DeviceRGB") { return true }
        let parts = doc.array(cs)
        if parts.count == 2, doc.isName(parts[0], "/ICCBased"), doc.get(doc.dictionary(parts[1]), "/N").flatMap(doc.number) == 3 { return true }
        return false
    }
}
