import CQPDF
import CZlib
import Foundation

/// QPDF_ERRORS (a shift expression in the header, so not imported as a constant).
private let qpdfErrors: Int32 = 1 << 1

/// libqpdf's functions, bound on first use (`SharedLibrary`).
private let libqpdf = Result {
    let library = try SharedLibrary.open(["libqpdf.so", "libqpdf.so.29"], package: "libqpdf29")
    return try SharedLibrary.bind(BSQPDFFunctions(), library: library, name: "libqpdf", bs_qpdf_bind)
}

/// One object of a `PDFSurgery` document (a libqpdf object handle). Only
/// meaningful together with the document it came from.
public struct PDFObject: Hashable, Sendable {
    fileprivate let handle: UInt32
}

public struct PDFSurgeryError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}

/// Page-level PDF surgery through libqpdf's C API: read a PDF, change page
/// boxes, dictionaries and stream data, copy pages of another PDF in as form
/// XObjects, and write it back with a deterministic /ID. Everything the
/// prepress stage does to a PDF's structure goes through here.
public final class PDFSurgery {
    fileprivate var q: qpdf_data?
    private let qpdf: CFunctionTable<BSQPDFFunctions>
    public let path: String

    public init(path: String) throws {
        self.path = path
        qpdf = try libqpdf.get()
        q = qpdf.qpdf_init()
        qpdf.qpdf_silence_errors(q)
        qpdf.qpdf_set_suppress_warnings(q, QPDF_TRUE)
        if qpdf.qpdf_read(q, path, nil) & qpdfErrors != 0 {
            var why = lastError() ?? "not a readable PDF"
            if why.hasPrefix(path + ": ") { why.removeFirst(path.count + 2) }   // qpdf names the file itself
            qpdf.qpdf_cleanup(&q)
            throw PDFSurgeryError("\(path): not a readable PDF (\(why))")
        }
    }

    deinit { if q != nil { qpdf.qpdf_cleanup(&q) } }

    /// A string libqpdf returns (its own storage, valid until the next call).
    private func text(_ s: UnsafePointer<CChar>?) -> String { s.map { String(cString: $0) } ?? "" }

    private func lastError() -> String? {
        guard qpdf.qpdf_has_error(q) != 0, let e = qpdf.qpdf_get_error(q) else { return nil }
        return text(qpdf.qpdf_get_error_full_text(q, e))
    }

    private func check(_ what: String) throws {
        if let e = lastError() { throw PDFSurgeryError("\(path): \(what): \(e)") }
    }

    // MARK: objects

    private func wrap(_ h: qpdf_oh) -> PDFObject { PDFObject(handle: h) }

    public var pageCount: Int { Int(qpdf.qpdf_get_num_pages(q)) }
    public func page(_ index: Int) -> PDFObject { wrap(qpdf.qpdf_get_page_n(q, index)) }
    public var root: PDFObject { wrap(qpdf.qpdf_get_root(q)) }
    public var trailer: PDFObject { wrap(qpdf.qpdf_get_trailer(q)) }
    /// A PDF text string (PDFDocEncoding or UTF-16 as needed).
    public func textString(_ s: String) -> PDFObject { wrap(qpdf.qpdf_oh_new_unicode_string(q, s)) }

    /// Parses a PDF object written in PDF syntax (`<< /Type /ExtGState /OP true >>`).
    public func parse(_ text: String) -> PDFObject { wrap(qpdf.qpdf_oh_parse(q, text)) }
    public func makeIndirect(_ o: PDFObject) -> PDFObject { wrap(qpdf.qpdf_make_indirect_object(q, o.handle)) }

    public func get(_ o: PDFObject, _ key: String) -> PDFObject? {
        guard qpdf.qpdf_oh_has_key(q, o.handle, key) != 0 else { return nil }
        let v = qpdf.qpdf_oh_get_key(q, o.handle, key)
        return qpdf.qpdf_oh_is_null(q, v) != 0 ? nil : wrap(v)
    }
    public func set(_ o: PDFObject, _ key: String, _ value: PDFObject) { qpdf.qpdf_oh_replace_key(q, o.handle, key, value.handle) }
    public func remove(_ o: PDFObject, _ key: String) { qpdf.qpdf_oh_remove_key(q, o.handle, key) }
    public func keys(_ o: PDFObject) -> [String] {
        var out: [String] = []
        qpdf.qpdf_oh_begin_dict_key_iter(q, o.handle)
        while qpdf.qpdf_oh_dict_more_keys(q) != 0 { out.append(text(qpdf.qpdf_oh_dict_next_key(q))) }
        return out
    }
    /// The dictionary of a stream (or the object itself when it is a dictionary).
    public func dictionary(_ o: PDFObject) -> PDFObject {
        qpdf.qpdf_oh_is_stream(q, o.handle) != 0 ? wrap(qpdf.qpdf_oh_get_dict(q, o.handle)) : o
    }

    public func isStream(_ o: PDFObject) -> Bool { qpdf.qpdf_oh_is_stream(q, o.handle) != 0 }
    public func isDictionary(_ o: PDFObject) -> Bool { qpdf.qpdf_oh_is_dictionary(q, o.handle) != 0 }
    public func isArray(_ o: PDFObject) -> Bool { qpdf.qpdf_oh_is_array(q, o.handle) != 0 }
    public func isName(_ o: PDFObject, _ n: String) -> Bool { qpdf.qpdf_oh_is_name_and_equals(q, o.handle, n) != 0 }
    public func name(_ o: PDFObject) -> String? {
        qpdf.qpdf_oh_is_name(q, o.handle) != 0 ? text(qpdf.qpdf_oh_get_name(q, o.handle)) : nil
    }
    public func number(_ o: PDFObject) -> Double? {
        qpdf.qpdf_oh_is_number(q, o.handle) != 0 ? qpdf.qpdf_oh_get_numeric_value(q, o.handle) : nil
    }
    public func bool(_ o: PDFObject) -> Bool? {
        qpdf.qpdf_oh_is_bool(q, o.handle) != 0 ? qpdf.qpdf_oh_get_bool_value(q, o.handle) != 0 : nil
    }
    public func string(_ o: PDFObject) -> String? {
        qpdf.qpdf_oh_is_string(q, o.handle) != 0 ? text(qpdf.qpdf_oh_get_utf8_value(q, o.handle)) : nil
    }
    public func array(_ o: PDFObject) -> [PDFObject] {
        guard isArray(o) else { return [] }
        return (0..<qpdf.qpdf_oh_get_array_n_items(q, o.handle)).map { wrap(qpdf.qpdf_oh_get_array_item(q, o.handle, $0)) }
    }
    public func append(_ array: PDFObject, _ item: PDFObject) { qpdf.qpdf_oh_append_item(q, array.handle, item.handle) }
    /// The object in PDF syntax (indirect references as `n 0 R`).
    public func unparse(_ o: PDFObject) -> String { text(qpdf.qpdf_oh_unparse(q, o.handle)) }

    /// A rectangle (`[x0 y0 x1 y1]`) as x, y, width, height in points (PDF space, y up).
    public func rect(_ o: PDFObject) -> Rect? {
        let v = array(o).compactMap(number)
        guard v.count == 4 else { return nil }
        return Rect(x: min(v[0], v[2]), y: min(v[1], v[3]), width: abs(v[2] - v[0]), height: abs(v[3] - v[1]))
    }
    public func rectObject(_ r: Rect) -> PDFObject {
        parse("[\(fmt(r.x)) \(fmt(r.y)) \(fmt(r.x + r.width)) \(fmt(r.y + r.height))]")
    }
    /// A page's box, following the inheritance of MediaBox and the defaults of the others.
    public func box(_ page: PDFObject, _ key: String) -> Rect? {
        var node: PDFObject? = page
        while let n = node {
            if let b = get(n, key), let r = rect(b) { return r }
            node = key == "/MediaBox" || key == "/CropBox" ? get(n, "/Parent") : nil
        }
        switch key {
        case "/CropBox": return box(page, "/MediaBox")
        case "/BleedBox", "/TrimBox", "/ArtBox": return box(page, "/CropBox")
        default: return nil
        }
    }

    // MARK: streams

    /// A stream's data, decoded (`lossy`: JPEG too) or raw.
    public func streamData(_ o: PDFObject, decodeLossy: Bool = false) throws -> Data {
        var buf: UnsafeMutablePointer<UInt8>? = nil
        var len = 0
        var filtered: QPDF_BOOL = QPDF_FALSE
        let st = qpdf.qpdf_oh_get_stream_data(q, o.handle, decodeLossy ? qpdf_dl_all : qpdf_dl_generalized, &filtered, &buf, &len)
        if st & qpdfErrors != 0 { try check("cannot read stream"); throw PDFSurgeryError("\(path): cannot read stream") }
        defer { free(buf) }
        guard filtered != 0 else { throw PDFSurgeryError("\(path): stream \(unparse(o)) uses a filter that cannot be decoded") }
        return buf.map { Data(bytes: $0, count: len) } ?? Data()
    }

    /// All of a page's content streams, concatenated.
    public func pageContent(_ page: PDFObject) throws -> Data {
        var buf: UnsafeMutablePointer<UInt8>? = nil
        var len = 0
        if qpdf.qpdf_oh_get_page_content_data(q, page.handle, &buf, &len) & qpdfErrors != 0 {
            try check("cannot read page content")
        }
        defer { free(buf) }
        return buf.map { Data(bytes: $0, count: len) } ?? Data()
    }

    /// Replaces a stream's data with unfiltered bytes (compressed again when written).
    public func replaceStreamData(_ o: PDFObject, _ data: Data) {
        let null = qpdf.qpdf_oh_new_null(q)
        data.withUnsafeBytes { raw in
            qpdf.qpdf_oh_replace_stream_data(q, o.handle, raw.bindMemory(to: UInt8.self).baseAddress, data.count, null, null)
        }
    }

    /// Replaces a stream's data with `data` compressed here at zlib's fastest level
    /// (/FlateDecode): for large image samples, where the default level costs ten
    /// times as long for a few percent.
    public func replaceStreamDataFast(_ o: PDFObject, _ data: Data) throws {
        var size = compressBound(uLong(data.count))
        var out = [UInt8](repeating: 0, count: Int(size))
        let st = data.withUnsafeBytes { src in
            compress2(&out, &size, src.bindMemory(to: UInt8.self).baseAddress, uLong(data.count), 1)
        }
        guard st == Z_OK else { throw PDFSurgeryError("\(path): zlib error \(st)") }
        let filter = qpdf.qpdf_oh_new_name(q, "/FlateDecode"), null = qpdf.qpdf_oh_new_null(q)
        qpdf.qpdf_oh_replace_stream_data(q, o.handle, out, Int(size), filter, null)
    }

    /// A new indirect stream with the given dictionary entries and data.
    public func newStream(dictionary entries: [String: PDFObject] = [:], data: Data) -> PDFObject {
        let s = wrap(qpdf.qpdf_oh_new_stream(q))
        replaceStreamData(s, data)
        let d = dictionary(s)
        for (k, v) in entries.sorted(by: { $0.key < $1.key }) { set(d, k, v) }
        return s
    }

    /// Copies an object (with everything it references) from another document into
    /// this one. libqpdf copies indirect objects only; direct dictionaries and arrays
    /// are rebuilt here around their copied members.
    public func copyForeign(_ o: PDFObject, from other: PDFSurgery) throws -> PDFObject {
        if qpdf.qpdf_oh_is_indirect(other.q, o.handle) != 0 {
            let h = qpdf.qpdf_oh_copy_foreign_object(q, other.q, o.handle)
            try check("cannot copy from \(other.path)")
            return wrap(h)
        }
        if other.isDictionary(o) {
            let d = parse("<< >>")
            for k in other.keys(o) { if let v = other.get(o, k) { set(d, k, try copyForeign(v, from: other)) } }
            return d
        }
        if other.isArray(o) {
            let a = parse("[]")
            for v in other.array(o) { append(a, try copyForeign(v, from: other)) }
            return a
        }
        return parse(other.unparse(o))
    }

    /// Page `index` of `other` as a form XObject of this document: its content,
    /// resources and a BBox of its MediaBox, so it can be drawn with `Do`.
    public func formXObject(fromPage index: Int, of other: PDFSurgery) throws -> (form: PDFObject, box: Rect) {
        let page = other.page(index)
        guard let media = other.box(page, "/MediaBox") else { throw PDFSurgeryError("\(other.path): page \(index + 1) has no MediaBox") }
        let content = try other.pageContent(page)
        var resources = parse("<< >>")
        var node: PDFObject? = page
        while let n = node {   // Resources are inheritable from the page tree
            if let r = other.get(n, "/Resources") { resources = try copyForeign(r, from: other); break }
            node = other.get(n, "/Parent")
        }
        let form = newStream(dictionary: ["/Type": parse("/XObject"), "/Subtype": parse("/Form"),
                                          "/BBox": rectObject(media), "/Resources": resources], data: content)
        return (form, media)
    }

    // MARK: writing

    /// Writes the document to `path`: streams compressed, object streams as qpdf
    /// chooses, /ID derived from the content so that equal inputs give equal bytes.
    public func write(to outPath: String, objectStreams: Bool = false, pdfVersion: String? = nil) throws {
        // Without an input /ID, qpdf derives both halves from the content (it would keep the first).
        qpdf.qpdf_oh_remove_key(q, qpdf.qpdf_get_trailer(q), "/ID")
        if qpdf.qpdf_init_write(q, outPath) & qpdfErrors != 0 { try check("cannot write \(outPath)") }
        qpdf.qpdf_set_deterministic_ID(q, QPDF_TRUE)
        // New and replaced streams are compressed; streams that are already
        // compressed (fonts, JPEGs, ICC profiles) are copied as they are, not re-inflated.
        qpdf.qpdf_set_compress_streams(q, QPDF_TRUE)
        qpdf.qpdf_set_decode_level(q, qpdf_dl_none)
        qpdf.qpdf_set_object_stream_mode(q, objectStreams ? qpdf_o_generate : qpdf_o_disable)
        if let v = pdfVersion { qpdf.qpdf_force_pdf_version(q, v) }
        if qpdf.qpdf_write(q) & qpdfErrors != 0 { try check("cannot write \(outPath)") }
    }
}

/// A number in PDF syntax: at most 4 decimals, no exponent, no trailing zeros.
public func fmt(_ v: Double) -> String {
    var s = String(format: "%.4f", v)
    while s.contains(".") && (s.hasSuffix("0") || s.hasSuffix(".")) { s.removeLast() }
    return s == "-0" ? "0" : s
}
