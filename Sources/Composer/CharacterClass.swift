/// The composition classes of clreq §3 (Simplified Chinese, horizontal). The class
/// decides a character's nominal width, which half of its em box is empty (and so
/// compressible), and the line-start / line-end prohibitions.
public enum CharClass: UInt8, Sendable, CaseIterable {
    /// Han ideographs, kana, hangul, full-width forms: 1 em on the grid.
    case han
    /// 、，；： — ink lower left; right half compressible. Shrinks early (clreq order).
    case pause
    /// 。！？ — ink lower left; right half compressible. Shrinks last.
    case stop
    /// ）》〉」』】〕〗”’ — ink in the left half.
    case closing
    /// （《〈「『【〔〖“‘ — ink in the right half.
    case opening
    /// · ・ ‧ — centred, ½ em fixed (Mainland).
    case middle
    /// ／ — full em, centred, never compressed.
    case solidus
    /// — ⸺ : the halves of ——, never split, never compressed.
    case dash
    /// … ⋯ : the halves of ……, never split, never compressed.
    case ellipsis
    /// Latin letters, digits and the symbols that live inside Latin words and numbers.
    case latin
    /// Word space (U+0020 and friends): breaks after it, stretches in justification.
    case space

    /// Full-width marks whose empty half may be squeezed out.
    public var isCompressibleMark: Bool {
        switch self {
        case .pause, .stop, .closing, .opening: return true
        default: return false
        }
    }

    /// The ink sits in the left half (GB style), so the right half is empty.
    public var emptyRight: Bool { self == .pause || self == .stop || self == .closing }
    /// The ink sits in the right half, so the left half is empty.
    public var emptyLeft: Bool { self == .opening }

    /// Characters that take part in CJK grid composition (everything but Latin and spaces).
    public var isCJK: Bool { self != .latin && self != .space }

    /// Classifies one scalar. Straight ASCII quotes are Latin here: the
    /// `PunctuationNormalizer` turns them into curly ones in Chinese context first.
    public static func of(_ s: Unicode.Scalar) -> CharClass {
        let v = s.value
        // The CJK Unified Ideographs block, most of any Chinese text, before the
        // switch's chain of ranges (the same answer as its `.han` case).
        if v >= 0x4E00 && v <= 0x9FFF { return .han }
        switch v {
        case 0x3001, 0xFF0C, 0xFF1B, 0xFF1A, 0xFE50, 0xFE51: return .pause
        case 0x3002, 0xFF01, 0xFF1F, 0xFF0E, 0xFE52: return .stop
        case 0xFF09, 0x300B, 0x3009, 0x300D, 0x300F, 0x3011, 0x3015, 0x3017, 0x3019, 0x301B,
             0x201D, 0x2019, 0xFF3D, 0xFF5D, 0xFF60: return .closing
        case 0xFF08, 0x300A, 0x3008, 0x300C, 0x300E, 0x3010, 0x3014, 0x3016, 0x3018, 0x301A,
             0x201C, 0x2018, 0xFF3B, 0xFF5B, 0xFF5F: return .opening
        case 0x00B7, 0x30FB, 0x2027, 0xFF65: return .middle
        case 0xFF0F: return .solidus
        case 0x2014, 0x2E3A, 0x2015: return .dash
        case 0x2026, 0x22EF: return .ellipsis
        case 0x20, 0x09, 0xA0, 0x2002...0x200A: return .space
        case 0x1100...0x11FF, 0x2E80...0x2FFF, 0x3000, 0x3003...0x3007, 0x3012, 0x3013, 0x301C...0x303F,
             0x3040...0x30FA, 0x30FC...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA960...0xA97F,
             0xAC00...0xD7FF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF02...0xFF07, 0xFF0A, 0xFF0B,
             0xFF0D, 0xFF10...0xFF19, 0xFF1C...0xFF1E, 0xFF20...0xFF3A, 0xFF3C, 0xFF3E...0xFF5A,
             0xFF5C, 0xFF5E, 0xFFE0...0xFFE6, 0x20000...0x3FFFF:
            return .han
        default: return .latin
        }
    }

    /// Scalars that never start a cluster of their own (combining marks, variation
    /// selectors, joiners): they ride with the previous character.
    static func isExtender(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v == 0x200D || (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { return true }
        if v < 0x300 { return false }
        // Fast path for the hot range: CJK punctuation, kana, ideographs and full-width
        // forms hold no combining marks except the kana voicing marks and 〪–〯.
        if v >= 0x3000 && v <= 0xFFEF && !(0x302A...0x302F).contains(v) && !(0x3099...0x309A).contains(v)
            && !(0xFE00...0xFE2F).contains(v) { return false }
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}

/// Which Latin edge characters take the Han–Latin space (letters, digits and the
/// symbols that belong to a number or brand: 65.7%, PerfectEdge®, ¥1.5).
func takesHanLatinSpace(_ s: Unicode.Scalar) -> Bool {
    // ASCII without the Unicode property tables: letters and digits, and % $ # & +.
    if s.value < 0x80 {
        switch s.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x25, 0x24, 0x23, 0x26, 0x2B: return true
        default: return false
        }
    }
    let p = s.properties
    if p.isAlphabetic || p.numericType != nil { return true }
    switch s.value {
    case 0x25, 0x2030, 0xB0, 0xAE, 0x2122, 0xA9, 0x24, 0xA5, 0x20AC, 0xA3, 0x23, 0x26, 0x2B: return true
    default: return false
    }
}
