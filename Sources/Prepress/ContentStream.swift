import Foundation

/// An operand of a PDF content-stream operator.
public indirect enum Operand: Equatable, Sendable {
    case number(Double)
    case name(String)
    case string([UInt8])
    case array([Operand])
    case dictionary([String: Operand])
    case bool(Bool)
    case null

    public var number: Double? { if case let .number(v) = self { return v }; return nil }
    public var name: String? { if case let .name(v) = self { return v }; return nil }
}

/// One operator with its operands, and where it sits in the stream's bytes
/// (from its first operand to the end of the operator), so that surgery can
/// replace exactly that span and copy everything else verbatim.
public struct ContentOperation: Sendable {
    public var op: String
    public var operands: [Operand]
    public var range: Range<Int>
    /// Inline images (BI … ID … EI): the image dictionary.
    public var inlineImage: [String: Operand]? = nil
}

/// A tokenizer for PDF content streams (ISO 32000-1 §7.2, §8.9.7 inline images):
/// the part of a PDF reader both the press conversion and preflight need.
public struct ContentStreamParser {
    private let b: [UInt8]
    private var i = 0

    public init(_ data: Data) { b = [UInt8](data) }

    public static func operations(_ data: Data) -> [ContentOperation] {
        var p = ContentStreamParser(data)
        return p.parseAll()
    }

    private static func isWhite(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09 || c == 0x0c || c == 0 }
    private static func isDelim(_ c: UInt8) -> Bool { "()<>[]{}/%".utf8.contains(c) }

    private mutating func skipWhite() {
        while i < b.count {
            if Self.isWhite(b[i]) { i += 1 }
            else if b[i] == UInt8(ascii: "%") { while i < b.count && b[i] != 0x0a && b[i] != 0x0d { i += 1 } }
            else { break }
        }
    }

    private enum Token { case operand(Operand), op(String), arrayEnd, dictEnd, end }

    private mutating func regular() -> String {
        let s = i
        while i < b.count && !Self.isWhite(b[i]) && !Self.isDelim(b[i]) { i += 1 }
        return String(decoding: b[s..<i], as: UTF8.self)
    }

    private mutating func next() -> Token {
        skipWhite()
        guard i < b.count else { return .end }
        let c = b[i]
        switch c {
        case UInt8(ascii: "/"):
            i += 1
            return .operand(.name(regular()))
        case UInt8(ascii: "("):
            return .operand(.string(literalString()))
        case UInt8(ascii: "<"):
            if i + 1 < b.count && b[i + 1] == UInt8(ascii: "<") {
                i += 2
                return .operand(.dictionary(dictionaryBody()))
            }
            return .operand(.string(hexString()))
        case UInt8(ascii: ">"):
            i += min(2, b.count - i)
            return .dictEnd
        case UInt8(ascii: "["):
            i += 1
            var items: [Operand] = []
            loop: while true {
                switch next() {
                case let .operand(o): items.append(o)
                case .arrayEnd, .end: break loop
                case .op(let s): items.append(s == "true" ? .bool(true) : s == "false" ? .bool(false) : .null)
                case .dictEnd: continue
                }
            }
            return .operand(.array(items))
        case UInt8(ascii: "]"):
            i += 1
            return .arrayEnd
        case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ")"):
            i += 1
            return next()
        default:
            let word = regular()
            if word.isEmpty { i += 1; return next() }
            if let v = Double(word) { return .operand(.number(v)) }
            if word.first == "." || word.first == "-" || word.first == "+", let v = Double("0" + word.drop(while: { $0 == "+" })) {
                return .operand(.number(v))
            }
            return .op(word)
        }
    }

    private mutating func dictionaryBody() -> [String: Operand] {
        var d: [String: Operand] = [:]
        var key: String? = nil
        while true {
            switch next() {
            case .dictEnd, .end: return d
            case let .operand(o):
                if let k = key { d[k] = o; key = nil } else if case let .name(n) = o { key = n }
            case let .op(s):
                if let k = key { d[k] = s == "true" ? .bool(true) : s == "false" ? .bool(false) : .null; key = nil }
            case .arrayEnd: continue
            }
        }
    }

    private mutating func literalString() -> [UInt8] {
        i += 1
        var depth = 1, out: [UInt8] = []
        while i < b.count {
            let c = b[i]; i += 1
            if c == UInt8(ascii: "\\") && i < b.count {
                let e = b[i]; i += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0a)
                case UInt8(ascii: "r"): out.append(0x0d)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0c)
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var v = Int(e - 48), n = 1
                    while n < 3 && i < b.count && b[i] >= 48 && b[i] <= 55 { v = v * 8 + Int(b[i] - 48); i += 1; n += 1 }
                    out.append(UInt8(v & 0xff))
                case 0x0a: break
                case 0x0d: if i < b.count && b[i] == 0x0a { i += 1 }
                default: out.append(e)
                }
            } else if c == UInt8(ascii: "(") { depth += 1; out.append(c) }
            else if c == UInt8(ascii: ")") { depth -= 1; if depth == 0 { break }; out.append(c) }
            else { out.append(c) }
        }
        return out
    }

    private mutating func hexString() -> [UInt8] {
        i += 1
        var digits: [UInt8] = []
        while i < b.count && b[i] != UInt8(ascii: ">") {
            let c = b[i]; i += 1
            if let v = Self.hexValue(c) { digits.append(v) }
        }
        i += 1
        if digits.count % 2 == 1 { digits.append(0) }
        return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 65...70: return c - 55
        case 97...102: return c - 87
        default: return nil
        }
    }

    /// After `ID`: skips the image data up to the `EI` that ends it.
    private mutating func skipInlineImageData() {
        if i < b.count && Self.isWhite(b[i]) { i += 1 }
        while i + 1 < b.count {
            if b[i] == UInt8(ascii: "E") && b[i + 1] == UInt8(ascii: "I")
                && (i == 0 || Self.isWhite(b[i - 1]))
                && (i + 2 >= b.count || Self.isWhite(b[i + 2]) || Self.isDelim(b[i + 2])) {
                i += 2
                return
            }
            i += 1
        }
        i = b.count
    }

    public mutating func parseAll() -> [ContentOperation] {
        var ops: [ContentOperation] = []
        var operands: [Operand] = []
        var start: Int? = nil
        while true {
            skipWhite()
            let here = i
            let t = next()
            switch t {
            case .end:
                return ops
            case let .operand(o):
                if start == nil { start = here }
                operands.append(o)
            case let .op(word):
                if word == "BI" {
                    var dict: [String: Operand] = [:]
                    var key: String? = nil
                    inline: while true {
                        switch next() {
                        case .end: break inline
                        case let .op(w) where w == "ID": break inline
                        case let .operand(o):
                            if let k = key { dict[k] = o; key = nil } else if case let .name(n) = o { key = n }
                        default: continue
                        }
                    }
                    skipInlineImageData()
                    ops.append(ContentOperation(op: "BI", operands: [], range: (start ?? here)..<i, inlineImage: dict))
                } else {
                    ops.append(ContentOperation(op: word, operands: operands, range: (start ?? here)..<i))
                }
                operands = []
                start = nil
            case .arrayEnd, .dictEnd:
                continue
            }
        }
    }
}
