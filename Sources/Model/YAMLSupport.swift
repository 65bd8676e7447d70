import Foundation
import Yams

/// Thin layer over Yams' Node API (not Codable: Codable drops the source
/// positions, and every error here must name its line).
struct YAMLDoc {
    let file: String
    /// Added to Yams' 1-based lines: the front matter of an article starts on
    /// file line 2, so its offset is 1.
    let lineOffset: Int

    init(file: String, lineOffset: Int = 0) { self.file = file; self.lineOffset = lineOffset }

    func line(_ node: Node?) -> Int? { node?.mark.map { $0.line + lineOffset } }

    func error(_ node: Node?, _ message: String) -> LoadError {
        LoadError(file: file, line: line(node), message)
    }
    func error(line: Int?, _ message: String) -> LoadError {
        LoadError(file: file, line: line, message)
    }

    /// Parses one YAML document; Yams errors become LoadErrors at the
    /// parser's line (plus the offset).
    func compose(_ text: String) throws -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let e as YamlError {
            switch e {
            case let .scanner(context, problem, mark, _),
                 let .parser(context, problem, mark, _),
                 let .composer(context, problem, mark, _):
                var msg = "malformed YAML: \(problem)"
                if let context { msg += " (\(context.text) on line \(context.mark.line + lineOffset))" }
                throw LoadError(file: file, line: mark.line + lineOffset, msg)
            case let .reader(problem, _, _, _):
                throw LoadError(file: file, "malformed YAML: \(problem)")
            default:
                throw LoadError(file: file, "malformed YAML: \(e)")
            }
        }
    }

    /// Root mapping of a YAML file; an empty document is an empty map.
    func rootMap(_ node: Node?, what: String, allowed: [String]) throws -> YAMLMap {
        guard let node else { return YAMLMap(doc: self, node: nil, what: what, entries: []) }
        return try YAMLMap(node, doc: self, what: what, allowed: allowed)
    }
}

/// "a map", "a list", "a string ('x')" — for "X must be …, got …" messages.
func describe(_ node: Node) -> String {
    switch node {
    case .mapping: return "a map"
    case .sequence: return "a list"
    case let .scalar(s):
        if isNull(node) { return "nothing (null)" }
        if s.style == .plain || s.style == .any {
            if Int(s.string) != nil || Double(s.string) != nil { return "a number (\(s.string))" }
            if ["true", "false", "yes", "no", "on", "off"].contains(s.string.lowercased()) { return "a boolean (\(s.string))" }
        }
        let shown = s.string.count > 40 ? String(s.string.prefix(40)) + "…" : s.string
        return "a string ('\(shown)')"
    }
}

/// A plain `~`, `null` or empty value: treated as "field not given".
func isNull(_ node: Node) -> Bool {
    guard case let .scalar(s) = node, s.style == .plain || s.style == .any else { return false }
    return ["", "~", "null", "Null", "NULL"].contains(s.string)
}

/// A YAML mapping with string keys, checked against the allowed field names
/// (unknown and duplicate keys are errors) and typed accessors whose errors
/// carry the value's line.
struct YAMLMap {
    let doc: YAMLDoc
    let node: Node?
    /// How messages name this map, e.g. "style 'body'", "front matter".
    let what: String
    let entries: [(key: String, keyNode: Node, value: Node)]

    init(doc: YAMLDoc, node: Node?, what: String, entries: [(key: String, keyNode: Node, value: Node)]) {
        self.doc = doc; self.node = node; self.what = what; self.entries = entries
    }

    /// `allowed` nil accepts any key (maps whose keys are names, e.g. slots).
    init(_ node: Node, doc: YAMLDoc, what: String, allowed: [String]?) throws {
        guard case let .mapping(mapping) = node else {
            throw doc.error(node, "\(what) must be a map, got \(describe(node))")
        }
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        var seen: [String: Int?] = [:]
        for (k, v) in mapping {
            guard case let .scalar(ks) = k else {
                throw doc.error(k, "\(what): keys must be plain names, got \(describe(k))")
            }
            let key = ks.string
            if let allowed, !allowed.contains(key) {
                throw doc.error(k, "unknown field '\(key)' in \(what); expected one of: \(allowed.joined(separator: ", "))")
            }
            if let first = seen[key] {
                let at = first.map { " (first on line \($0))" } ?? ""
                throw doc.error(k, "duplicate field '\(key)' in \(what)\(at)")
            }
            seen[key] = doc.line(k)
            entries.append((key, k, v))
        }
        self.doc = doc; self.node = node; self.what = what; self.entries = entries
    }

    var line: Int? { doc.line(node) }

    /// The value, or nil when absent or null.
    func value(_ key: String) -> Node? {
        guard let v = entries.first(where: { $0.key == key })?.value, !isNull(v) else { return nil }
        return v
    }
    func keyNode(_ key: String) -> Node? { entries.first(where: { $0.key == key })?.keyNode }
    /// Line of the value if given, else of the key, else of the map.
    func lineOf(_ key: String) -> Int? {
        doc.line(entries.first(where: { $0.key == key })?.value) ?? doc.line(keyNode(key)) ?? line
    }

    func missing(_ key: String) -> LoadError {
        doc.error(line: lineOf(key), "\(what): missing required field '\(key)'")
    }
    func required<T>(_ key: String, _ get: (String) throws -> T?) throws -> T {
        guard let v = try get(key) else { throw missing(key) }
        return v
    }

    func string(_ key: String) throws -> String? {
        guard let v = value(key) else { return nil }
        guard case let .scalar(s) = v else {
            throw doc.error(v, "\(key) must be a string, got \(describe(v))")
        }
        return s.string
    }

    /// A string that must not be empty after trimming whitespace.
    func text(_ key: String) throws -> String? {
        guard let s = try string(key) else { return nil }
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.isEmpty { throw doc.error(value(key), "\(key) is empty") }
        return t
    }

    func int(_ key: String, min: Int? = nil) throws -> Int? {
        guard let v = value(key) else { return nil }
        guard case let .scalar(s) = v, let n = Int(s.string.trimmingCharacters(in: .whitespaces)) else {
            throw doc.error(v, "\(key) must be a whole number, got \(describe(v))")
        }
        if let min, n < min { throw doc.error(v, "\(key) must be at least \(min), got \(n)") }
        return n
    }

    func number(_ key: String, min: Double? = nil) throws -> Double? {
        guard let v = value(key) else { return nil }
        guard case let .scalar(s) = v, Length.isDecimalNumber(s.string.trimmingCharacters(in: .whitespaces)),
              let n = Double(s.string.trimmingCharacters(in: .whitespaces)) else {
            throw doc.error(v, "\(key) must be a number, got \(describe(v))")
        }
        if let min, n < min { throw doc.error(v, "\(key) must be at least \(min.formatted()), got \(s.string)") }
        return n
    }

    func bool(_ key: String) throws -> Bool? {
        guard let v = value(key) else { return nil }
        if case let .scalar(s) = v {
            switch s.string.lowercased() {
            case "true", "yes": return true
            case "false", "no": return false
            default: break
            }
        }
        throw doc.error(v, "\(key) must be true or false, got \(describe(v))")
    }

    /// A length in points (see `Length`). `positive`: must be > 0; otherwise ≥ 0.
    func length(_ key: String, positive: Bool = true) throws -> Double? {
        guard let v = value(key) else { return nil }
        guard case let .scalar(s) = v, let pt = Length.parse(s.string) else {
            throw doc.error(v, "\(key) must be a length (a number of points, or a string like '390mm' or '12pt'), got \(describe(v))")
        }
        if positive ? !(pt > 0) : pt < 0 {
            throw doc.error(v, "\(key) must be \(positive ? "greater than zero" : "zero or more"), got \(s.string)")
        }
        return pt
    }

    func color(_ key: String) throws -> String? {
        guard let entry = entries.first(where: { $0.key == key }) else { return nil }
        if isNull(entry.value) {
            // `color: #c8102e` unquoted is a YAML comment, so the value comes out empty.
            throw doc.error(entry.keyNode, "\(key) is empty; write the colour quoted, e.g. \(key): \"#c8102e\" (an unquoted # starts a YAML comment)")
        }
        guard case let .scalar(s) = entry.value, isHexColor(s.string) else {
            throw doc.error(entry.value, "\(key) must be a colour '#rrggbb', got \(describe(entry.value))")
        }
        return s.string.lowercased()
    }

    func choice<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) throws -> E? where E.RawValue == String {
        guard let s = try string(key) else { return nil }
        guard let e = E(rawValue: s) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            throw doc.error(value(key), "\(key) must be one of: \(allowed); got '\(s)'")
        }
        return e
    }

    func map(_ key: String, what: String? = nil, allowed: [String]?) throws -> YAMLMap? {
        guard let v = value(key) else { return nil }
        return try YAMLMap(v, doc: doc, what: what ?? key, allowed: allowed)
    }

    func list(_ key: String) throws -> [Node]? {
        guard let v = value(key) else { return nil }
        guard case let .sequence(seq) = v else {
            throw doc.error(v, "\(key) must be a list, got \(describe(v))")
        }
        return Array(seq)
    }

    func stringList(_ key: String) throws -> [String]? {
        guard let items = try list(key) else { return nil }
        return try items.map { item in
            guard case let .scalar(s) = item, !isNull(item) else {
                throw doc.error(item, "\(key) must be a list of strings, got \(describe(item)) in the list")
            }
            return s.string
        }
    }
}

func isHexColor(_ s: String) -> Bool {
    s.count == 7 && s.first == "#" && s.dropFirst().allSatisfy { $0.isHexDigit }
}
