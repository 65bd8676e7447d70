import Foundation

/// The layout manifest as the diff reads it. Decoded with our own types rather than
/// Layout's so that Diff depends on the file format only, and leniently: fields the
/// diff can live without may be missing, so an older or newer writer still compares.
public struct Manifest: Decodable, Sendable {
    public struct Cluster: Decodable, Sendable, Equatable {
        public var t: String
        public var x: Double
        /// Set in vertical lines (竖排): the cluster's top; `x` is then the column's centre.
        public var y: Double?
        public var w: Double?
    }

    public struct Line: Decodable, Sendable {
        public var article: String?
        public var role: String
        public var column: Int?
        public var line: Int?
        public var x: Double
        public var y: Double
        public var width: Double?
        public var text: String
        /// Nil when the manifest was written with lines only (`--manifest-detail lines`,
        /// as golden files are): glyph positions are then unknown, not empty.
        public var clusters: [Cluster]?

        enum CodingKeys: String, CodingKey { case article, role, column, line, x, y, width, text, clusters }
        public init(from d: Decoder) throws {
            let c = try d.container(keyedBy: CodingKeys.self)
            article = try c.decodeIfPresent(String.self, forKey: .article)
            role = try c.decodeIfPresent(String.self, forKey: .role) ?? "body"
            column = try c.decodeIfPresent(Int.self, forKey: .column)
            line = try c.decodeIfPresent(Int.self, forKey: .line)
            x = try c.decode(Double.self, forKey: .x)
            y = try c.decode(Double.self, forKey: .y)
            width = try c.decodeIfPresent(Double.self, forKey: .width)
            text = try c.decode(String.self, forKey: .text)
            clusters = try c.decodeIfPresent([Cluster].self, forKey: .clusters)
        }
    }

    public struct Article: Decodable, Sendable {
        public var id: String
        public var slot: String?
        public var x: Double, y: Double, width: Double, height: Double
        public var status: String?
        public var oversetCharacters: Int?
        public var oversetLines: Int?
        public var undersetLines: Int?
    }

    public struct Box: Decodable, Sendable {
        public var kind: String
        public var article: String?
        public var x: Double, y: Double, width: Double, height: Double
    }

    public struct Page: Decodable, Sendable {
        public var number: Int
        public var width: Double
        public var height: Double
        public var articles: [Article]
        public var lines: [Line]
        public var boxes: [Box]

        enum CodingKeys: String, CodingKey { case number, width, height, articles, lines, boxes }
        public init(from d: Decoder) throws {
            let c = try d.container(keyedBy: CodingKeys.self)
            number = try c.decode(Int.self, forKey: .number)
            width = try c.decode(Double.self, forKey: .width)
            height = try c.decode(Double.self, forKey: .height)
            articles = try c.decodeIfPresent([Article].self, forKey: .articles) ?? []
            lines = try c.decodeIfPresent([Line].self, forKey: .lines) ?? []
            boxes = try c.decodeIfPresent([Box].self, forKey: .boxes) ?? []
        }
    }

    public var issue: String?
    public var date: String?
    public var pages: [Page]

    /// Reads a manifest; failures name the file and say what is wrong in one line.
    public static func read(_ path: String) throws -> Manifest {
        guard let data = FileManager.default.contents(atPath: path) else { throw DiffError("\(path): cannot read file") }
        do {
            return try JSONDecoder().decode(Manifest.self, from: data)
        } catch let DecodingError.dataCorrupted(ctx) {
            throw DiffError("\(path): not valid JSON (\(ctx.underlyingError.map { "\($0.localizedDescription)" } ?? ctx.debugDescription))")
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw DiffError("\(path): not a layout manifest (missing \"\(key.stringValue)\" at \(where_(ctx)))")
        } catch let DecodingError.typeMismatch(_, ctx), let DecodingError.valueNotFound(_, ctx) {
            throw DiffError("\(path): not a layout manifest (\(ctx.debugDescription) at \(where_(ctx)))")
        } catch {
            throw DiffError("\(path): not a layout manifest (\(error))")
        }
    }

    private static func where_(_ ctx: DecodingError.Context) -> String {
        let p = ctx.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
        return p.isEmpty ? "top level" : p
    }
}

/// What `broadsheet diff` was given: decided by content first (a PDF header, a JSON
/// object), then by extension, so misnamed files are still compared as what they are.
public enum DiffInput: Sendable, Equatable {
    case pdf, manifest

    public static func detect(_ path: String) throws -> DiffInput {
        guard let fh = FileHandle(forReadingAtPath: path) else { throw DiffError("\(path): cannot read file") }
        defer { try? fh.close() }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw DiffError("\(path): is a directory, not a PDF or layout manifest")
        }
        let head = (try? fh.read(upToCount: 1024)) ?? Data()
        // The PDF header may follow a little junk; readers accept it within the first 1 KB.
        if head.range(of: Data("%PDF-".utf8)) != nil { return .pdf }
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let first = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }), first == UInt8(ascii: "{") {
            return .manifest
        }
        switch (path as NSString).pathExtension.lowercased() {
        case "pdf": return .pdf
        case "json": return .manifest
        default: throw DiffError("\(path): neither a PDF nor a layout manifest (JSON)")
        }
    }
}
