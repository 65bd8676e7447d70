import CHyphen
import Foundation

/// Hyphenation points from libhyphen with a TeX-pattern dictionary
/// (Debian's hyphen-en-us installs /usr/share/hyphen/hyph_en_US.dic).
public final class Hyphenator: @unchecked Sendable {
    private let dict: UnsafeMutablePointer<HyphenDict>
    private var cache: [String: [Int]] = [:]

    /// Parsed dictionaries by path, shared by every hyphenator of the process: parsing
    /// the English patterns costs ~38 M instructions, and a composer is made per layout
    /// (each `render --repeat` run, each issue of a batch). libhyphen only reads a loaded
    /// dictionary, so sharing it across threads is safe; it lives as long as the process.
    nonisolated(unsafe) private static var loaded: [String: UnsafeMutablePointer<HyphenDict>] = [:]
    private static let lock = NSLock()
    public static let defaultEnglishPath = "/usr/share/hyphen/hyph_en_US.dic"

    public enum HyphenatorError: Error, CustomStringConvertible {
        case cannotLoad(String)
        public var description: String {
            switch self {
            case let .cannotLoad(p): return "\(p): cannot load hyphenation dictionary (install hyphen-en-us)"
            }
        }
    }

    public init(dictionaryPath: String = Hyphenator.defaultEnglishPath) throws {
        Hyphenator.lock.lock()
        defer { Hyphenator.lock.unlock() }
        if let d = Hyphenator.loaded[dictionaryPath] { dict = d; return }
        guard let d = hnj_hyphen_load(dictionaryPath) else { throw HyphenatorError.cannotLoad(dictionaryPath) }
        Hyphenator.loaded[dictionaryPath] = d
        dict = d
    }

    /// Character offsets (in `word`'s Characters) after which a hyphen may go,
    /// honouring left/right minimums of 2 and 3 characters.
    public func breakPoints(_ word: String, leftMin: Int = 2, rightMin: Int = 3) -> [Int] {
        if let c = cache[word] { return c }
        let chars = Array(word)
        guard chars.count >= leftMin + rightMin, chars.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            cache[word] = []; return []
        }
        let lower = Array(word.lowercased().utf8CString)
        let n = lower.count - 1
        var hyphens = [CChar](repeating: 0, count: n + 5)
        var rep: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
        var pos: UnsafeMutablePointer<Int32>? = nil
        var cut: UnsafeMutablePointer<Int32>? = nil
        _ = hnj_hyphen_hyphenate2(dict, lower, Int32(n), &hyphens, nil, &rep, &pos, &cut)
        var out: [Int] = []
        for i in 0..<(n - 1) where (hyphens[i] - 48) & 1 == 1 {
            let after = i + 1
            if after >= leftMin && n - after >= rightMin { out.append(after) }
        }
        cache[word] = out
        return out
    }
}
