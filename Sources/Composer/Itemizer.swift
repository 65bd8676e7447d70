import Interop
import Model

/// Turns styled runs into atoms. Han and CJK punctuation go through the cmap (no
/// contextual shaping needed, and it is the hot path); Latin words and numbers are
/// shaped whole with `Font.shape` so that kerning survives.
struct Itemizer {
    let composer: Composer
    let input: ParagraphInput
    var items = ParagraphItems()
    private var wordCount: Int32 = 0
    /// The dash being added is one half of a Chinese dash —— (GB/T 15834: two ems,
    /// centred on the line): it takes the font's full-width form. A single — is a
    /// Western dash and keeps the font's own.
    private var dashInPair = false

    init(composer: Composer, input: ParagraphInput) {
        self.composer = composer
        self.input = input
        items.em = input.style.size
    }

    private mutating func index(of font: Font) -> UInt16 {
        // (A paragraph has one font or a few: a scan, no dictionary to make and hash
        // for every paragraph.)
        for i in items.fonts.indices where items.fonts[i] === font { return UInt16(i) }
        let i = UInt16(items.fonts.count)
        items.fonts.append(font)
        items.hyphens.append(font.glyph(for: "-").map { ShapedGlyph(id: $0, advance: font.advance(of: $0), cluster: 0) })
        return i
    }

    mutating func run() throws -> ParagraphItems {
        for run in input.runs {
            try itemize(run)
        }
        let n = items.atoms.count
        items.atoms.reserveCapacity(n)
        applyPunctuationStyle()
        applyHanLatinSpacing()
        applyLetterSpacing()
        BreakTable.fill(&items, level: input.style.kinsoku, hyphenator: composer.hyphenatorIfNeeded(items))
        var latin = 0, cjk = 0
        for i in items.atoms.indices {       // classes in place: no Atom copy
            let c = items.atoms[i].cls
            if c == .latin { latin += 1 } else if c != .space { cjk += 1 }
        }
        items.latinDominant = latin > cjk
        return items
    }

    private mutating func itemize(_ run: ParagraphInput.Run) throws {
        let style = run.style
        let primary = try composer.font(for: style)
        let fontI = index(of: primary)
        let colorI = UInt16(items.colors.count)
        items.colors.append(composer.color(hex: style.color))
        let styleI = UInt16(items.styles.count)
        items.styles.append(style)
        let em = style.size
        // (Appended into room for the UTF-8 length: `Array(unicodeScalars)` counts the
        // scalars first, decoding the text twice.)
        // (Written in place: an append checks uniqueness and capacity per scalar.)
        let scalars = [Unicode.Scalar](unsafeUninitializedCapacity: run.text.utf8.count) { buf, count in
            for s in run.text.unicodeScalars { (buf.baseAddress! + count).initialize(to: s); count += 1 }
        }
        // At most one atom and glyph per scalar (more glyphs only for a few marks and
        // shaped words): no regrowth (copy) of the arrays while appending.
        items.atoms.reserveCapacity(items.atoms.count + scalars.count)
        items.glyphs.reserveCapacity(items.glyphs.count + scalars.count + 8)
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if s == "\n" || s == "\r" { i += 1; continue }
            if CharClass.isExtender(s), !items.atoms.isEmpty {
                items.atoms[items.atoms.count - 1].text.unicodeScalars.append(s)
                i += 1; continue
            }
            let cls = CharClass.of(s)
            if cls == .dash {
                dashInPair = (i > 0 && scalars[i - 1] == s) || (i + 1 < scalars.count && scalars[i + 1] == s)
            }
            if cls == .latin {
                var j = i + 1
                while j < scalars.count, CharClass.of(scalars[j]) == .latin || CharClass.isExtender(scalars[j])
                        || Self.isApostrophe(scalars, at: j) { j += 1 }
                let word = Self.string(scalars[i..<j])
                try addLatin(word, font: primary, fontI: fontI, colorI: colorI, styleI: styleI, style: style)
                i = j
                continue
            }
            // The primary font's glyph (nearly always): passed without a copy of the
            // reference (a retain and release per character).
            if !style.vertical, let (glyph, advance) = primary.glyphAndAdvance(for: s) {
                addCJK(s, cls: cls, glyph: glyph, advance: advance, font: primary, fontI: fontI, colorI: colorI, styleI: styleI,
                       em: em, style: style)
                i += 1
                continue
            }
            if style.vertical, let glyph = primary.verticalGlyph(for: s) {
                addCJK(s, cls: cls, glyph: glyph, advance: primary.advance(of: glyph), font: primary, fontI: fontI, colorI: colorI,
                       styleI: styleI, em: em, style: style)
                i += 1
                continue
            }
            guard let f = try composer.font(for: s, style: style), let g = f.glyph(for: s) else {
                throw ComposeError.missingGlyph(Character(s), families: [style.family] + composer.fallbackFamilies)
            }
            let glyph = style.vertical ? (f.verticalGlyph(for: s) ?? g) : g
            let fI = index(of: f)
            addCJK(s, cls: cls, glyph: glyph, advance: f.advance(of: glyph), font: f, fontI: fI, colorI: colorI, styleI: styleI,
                   em: em, style: style)
            i += 1
        }
    }


    /// `advance` is `font.advance(of: glyph)`.
    private mutating func addCJK(_ s: Unicode.Scalar, cls: CharClass, glyph: GlyphID, advance adv: Double, font: Font, fontI: UInt16,
                                 colorI: UInt16, styleI: UInt16, em: Double, style: TextStyle) {
        var box = adv
        var shift = 0.0
        var glyph = glyph, adv = adv
        /// Copies drawn for their ink only (not text), after the glyph itself: at most
        /// two, held as values (an array here was created and released per character).
        var inkLeft: ShapedGlyph? = nil, inkRight: ShapedGlyph? = nil
        if style.vertical {
            // Vertical forms sit where vertical setting wants them in the em box: no
            // shift. Marks take 1 em (½ em for a middle dot); dashes are drawn rotated.
            box = cls == .middle ? em / 2 : (cls == .latin || cls == .space ? adv : em)
            let start = Int32(items.glyphs.count)
            items.glyphs.append(ShapedGlyph(id: glyph, advance: em, cluster: 0))
            var a = Atom(text: Self.text(of: s), cls: cls, font: fontI, color: colorI, style: styleI, em: em, box: box,
                         glyphStart: start, glyphCount: 1)
            if cls == .dash { a.orientation = .rotated }
            items.atoms.append(a)
            return
        }
        switch cls {
        case .pause, .stop, .closing, .opening:
            box = em
            // Keep the ink where the GB design puts it even if a font's advance differs.
            if cls == .opening { shift = em - adv }
            switch style.punctuation {
            case .halfWidth:
                box = em / 2
                if cls == .opening { shift -= em / 2 }
            case .centered where cls == .pause || cls == .stop:
                let ink = font.inkBounds(of: glyph)
                shift = (em - ink.width) / 2 - ink.x
            default: break
            }
        case .middle:
            box = em / 2
            let ink = font.inkBounds(of: glyph)
            shift = (box - ink.width) / 2 - ink.x
        case .dash:
            if adv > 1.5 * em {          // ⸺ is already a two-em dash
                box = 2 * em
                shift = (box - adv) / 2
            } else {
                box = em
                if adv < 0.95 * em {
                    // A narrow em dash would leave a gap inside ——. The text is one glyph
                    // a whole em wide (in —— the font's full-width form, `fwid`, where it
                    // has one), so the text boxes of —— meet and extractors read no space
                    // between them; copies drawn for their ink only (outlines, not text:
                    // each character is read once) carry the ink to both edges of the em
                    // box, where it joins its neighbour.
                    let full = dashInPair ? font.shape(String(s), features: ["fwid"]).glyphs : []
                    if full.count == 1, abs(full[0].advance - em) < 0.01 * em {
                        glyph = full[0].id; adv = full[0].advance
                    } else {
                        shift = -font.inkBounds(of: glyph).x
                    }
                    let ink = font.inkBounds(of: glyph)
                    // (The pen after the glyph is `adv` from the box's start: an offset moves
                    // only its own glyph.)
                    let pen = adv
                    if ink.x + shift > 0 {
                        inkLeft = ShapedGlyph(id: glyph, advance: 0, xOffset: -pen - ink.x, cluster: ShapedGlyph.inkOnly)
                    }
                    if ink.x + ink.width + shift < em {
                        inkRight = ShapedGlyph(id: glyph, advance: 0, xOffset: em - pen - ink.x - ink.width, cluster: ShapedGlyph.inkOnly)
                    }
                }
            }
        default: break
        }
        let start = Int32(items.glyphs.count)
        items.glyphs.append(ShapedGlyph(id: glyph, advance: adv, xOffset: shift, cluster: 0))
        if let g = inkLeft { items.glyphs.append(g) }
        if let g = inkRight { items.glyphs.append(g) }
        var a = Atom(text: Self.text(of: s), cls: cls, font: fontI, color: colorI, style: styleI, em: em, box: box,
                     glyphStart: start, glyphCount: Int32(items.glyphs.count) - start)
        items.atoms.append(a)
    }

    private mutating func addLatin(_ word: String, font: Font, fontI: UInt16, colorI: UInt16, styleI: UInt16, style: TextStyle) throws {
        // Half-width digits: numbers (digits with their . , %) through `hwid`.
        let halfWidth = style.halfWidthDigits && word.unicodeScalars.contains { $0.value >= 0x30 && $0.value <= 0x39 }
            && word.unicodeScalars.allSatisfy { ($0.value >= 0x30 && $0.value <= 0x39) || $0 == "." || $0 == "," || $0 == "%" }
        // An apostrophe in a word takes the font's proportional form (`pwid`): CJK
        // fonts' default ’ is the full-width quotation mark.
        let apostrophe = word.unicodeScalars.contains("\u{2019}")
        let shaped = halfWidth ? font.shape(word, features: ["hwid"]) : apostrophe ? font.shape(word, features: ["pwid"]) : font.shape(word)
        if style.vertical, (1...4).contains(word.unicodeScalars.count),
           word.unicodeScalars.allSatisfy({ $0.value >= 0x30 && $0.value <= 0x39 }), shaped.missing.isEmpty {
            // Tate-chū-yoko: a number of one to four digits stands horizontally in one
            // em of the vertical line, like a Han character (condensed when wider).
            let start = Int32(items.glyphs.count)
            for var g in shaped.glyphs { g.cluster = 0; items.glyphs.append(g) }
            var a = Atom(text: word, cls: .han, font: fontI, color: colorI, style: styleI, em: style.size, box: style.size,
                         glyphStart: start, glyphCount: Int32(shaped.glyphs.count))
            a.orientation = .horizontalInVertical
            items.atoms.append(a)
            wordCount += 1
            return
        }
        if !shaped.missing.isEmpty {
            // Some scalar needs a fallback font: shape scalar by scalar (rare: symbols).
            for s in word.unicodeScalars {
                let cls = CharClass.of(s)
                if CharClass.isExtender(s), !items.atoms.isEmpty { items.atoms[items.atoms.count - 1].text.unicodeScalars.append(s); continue }
                guard let f = try composer.font(for: s, style: style) else {
                    throw ComposeError.missingGlyph(Character(s), families: [style.family] + composer.fallbackFamilies)
                }
                let fI = index(of: f)
                let r = f.shape(String(s))
                appendLatinClusters(r, wordText: Array(String(s).unicodeScalars), cls: cls, fontI: fI, colorI: colorI, styleI: styleI, style: style)
            }
            wordCount += 1
            return
        }
        let spaceOnly = word.unicodeScalars.allSatisfy { CharClass.of($0) == .space }
        appendLatinClusters(shaped, wordText: Array(word.unicodeScalars), cls: spaceOnly ? .space : .latin,
                            fontI: fontI, colorI: colorI, styleI: styleI, style: style)
        wordCount += 1
    }

    private mutating func appendLatinClusters(_ r: ShapedRun, wordText: [Unicode.Scalar], cls: CharClass, fontI: UInt16,
                                              colorI: UInt16, styleI: UInt16, style: TextStyle) {
        var g = 0
        let glyphs = r.glyphs
        while g < glyphs.count {
            let c = glyphs[g].cluster
            var h = g + 1
            while h < glyphs.count, glyphs[h].cluster == c { h += 1 }
            let nextCluster = h < glyphs.count ? glyphs[h].cluster : wordText.count
            let text = Self.string(wordText[c..<max(c + 1, nextCluster)])
            var width = 0.0
            let start = Int32(items.glyphs.count)
            for k in g..<h {
                var sg = glyphs[k]; sg.cluster = 0
                width += sg.advance
                items.glyphs.append(sg)
            }
            var a = Atom(text: text, cls: cls, font: fontI, color: colorI, style: styleI, em: style.size, box: width,
                         glyphStart: start, glyphCount: Int32(h - g))
            a.word = cls == .latin ? wordCount : -1
            if style.vertical { a.orientation = .rotated }
            items.atoms.append(a)
            g = h
        }
    }

    /// Full-width marks: the empty half is compressible; two adjacent marks lose the
    /// half between their inks (1.5 em for the pair, the bracket stays on its text).
    private mutating func applyPunctuationStyle() {
        // Fields in place, through a buffer pointer: holding a copy of the array while
        // writing to it would copy every atom (and retain its text), and a write into
        // the array checked its uniqueness per atom.
        let punctuation = input.style.punctuation
        items.atoms.withUnsafeMutableBufferPointer { atoms in
            for i in atoms.indices where atoms[i].cls.isCompressibleMark {
                let cls = atoms[i].cls
                let half = atoms[i].em / 2
                switch punctuation {
                case .fullWidth:
                    if cls.emptyRight { atoms[i].canR = half }
                    if cls.emptyLeft { atoms[i].canL = half }
                case .centered:
                    if cls == .closing { atoms[i].canR = half }
                    if cls == .opening { atoms[i].canL = half }
                case .halfWidth, .none: break
                }
            }
            guard punctuation == .fullWidth || punctuation == .centered else { return }
            for i in 0..<max(0, atoms.count - 1) {
                guard atoms[i].cls.isCompressibleMark, atoms[i + 1].cls.isCompressibleMark else { continue }
                let aCanR = atoms[i].canR, bCanL = atoms[i + 1].canL
                if aCanR > 0 {
                    atoms[i].trimR = aCanR; atoms[i].canR = 0
                } else if bCanL > 0 {
                    atoms[i + 1].trimL = bCanL; atoms[i + 1].canL = 0
                }
            }
        }
    }

    /// Letter spacing (display styles: headlines, banners) opens the grid after each
    /// Han/kana cluster that a character follows. Not next to a mark: the empty half
    /// of a mark already is the space there, and adding to it would separate a mark
    /// from its character (or a bracket from the text it encloses); not inside Latin
    /// words, which keep their kerning. Never at line end (`parts` drops it there).
    private mutating func applyLetterSpacing() {
        guard items.styles.contains(where: { $0.letterSpacing != 0 }) else { return }
        let atoms = items.atoms
        guard atoms.count > 1 else { return }
        for i in 0..<(atoms.count - 1) where atoms[i].cls == .han {
            let spacing = items.styles[Int(atoms[i].style)].letterSpacing
            guard spacing != 0 else { continue }
            switch atoms[i + 1].cls {
            case .han, .latin, .space: items.atoms[i].tracking = spacing * atoms[i].em
            default: break
            }
        }
    }

    /// ¼ em between Han and Latin letters/digits; none next to punctuation or inside
    /// brackets (those neighbours are marks, not Han, so the pair test excludes them).
    private mutating func applyHanLatinSpacing() {
        // Fields read in place: copying an Atom or a TextStyle per character (their
        // strings retained and released) cost more than the rule itself.
        let n = items.atoms.count
        guard n > 1 else { return }
        let spacings = items.styles.map(\.hanLatinSpacing)
        guard spacings.contains(where: { $0 > 0 }) else { return }
        items.atoms.withUnsafeMutableBufferPointer { atoms in   // (no uniqueness check per write)
            for i in 0..<(n - 1) {
                let spacing = spacings[Int(atoms[i].style)]
                guard spacing > 0 else { continue }
                let ac = atoms[i].cls, bc = atoms[i + 1].cls
                if ac == .han && bc == .latin, let f = atoms[i + 1].text.unicodeScalars.first, takesHanLatinSpace(f) {
                    atoms[i].gap = spacing * atoms[i].em
                } else if ac == .latin && bc == .han, let l = atoms[i].text.unicodeScalars.last, takesHanLatinSpace(l) {
                    atoms[i].gap = spacing * atoms[i].em
                }
            }
        }
    }
}

extension Itemizer {
    /// The text of every scalar of U+2000–U+9FFF (general punctuation such as “”—…,
    /// CJK punctuation, kana, Han) and U+FF00–U+FFEF (full-width forms such as ，：),
    /// made once per process: `String(scalar)` took about a hundred instructions for
    /// each character of every paragraph.
    static let cjkTexts: [String] = (0x2000...0x9FFF).map { String(Unicode.Scalar(UInt32($0))!) }
    static let fullWidthTexts: [String] = (0xFF00...0xFFEF).map { String(Unicode.Scalar(UInt32($0))!) }

    /// `String(s)`, from the tables where they have it.
    @inline(__always)
    static func text(of s: Unicode.Scalar) -> String {
        let v = Int(s.value)
        if v >= 0x2000 && v <= 0x9FFF { return cjkTexts[v - 0x2000] }
        if v >= 0xFF00 && v <= 0xFFEF { return fullWidthTexts[v - 0xFF00] }
        return String(s)
    }

    /// The string of some scalars, encoded straight into the string's storage (a
    /// word or a cluster is a small string, stored inline): appending scalars to a
    /// `String.UnicodeScalarView` took thousands of instructions per word.
    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        String(unsafeUninitializedCapacity: scalars.count * 4) { buf in
            var n = 0
            for s in scalars {
                let v = s.value
                if v < 0x80 {
                    buf[n] = UInt8(v); n += 1
                } else if v < 0x800 {
                    buf[n] = UInt8(0xC0 | v >> 6); buf[n + 1] = UInt8(0x80 | v & 0x3F); n += 2
                } else if v < 0x10000 {
                    buf[n] = UInt8(0xE0 | v >> 12); buf[n + 1] = UInt8(0x80 | v >> 6 & 0x3F)
                    buf[n + 2] = UInt8(0x80 | v & 0x3F); n += 3
                } else {
                    buf[n] = UInt8(0xF0 | v >> 18); buf[n + 1] = UInt8(0x80 | v >> 12 & 0x3F)
                    buf[n + 2] = UInt8(0x80 | v >> 6 & 0x3F); buf[n + 3] = UInt8(0x80 | v & 0x3F); n += 4
                }
            }
            return n
        }
    }

    /// ’ between two letters of a Latin word is an apostrophe, part of the word
    /// ("don’t", "city’s"), not a closing quotation mark set a full em wide. (ASCII '
    /// is Latin already.)
    static func isApostrophe(_ scalars: [Unicode.Scalar], at j: Int) -> Bool {
        guard scalars[j] == "\u{2019}", j > 0, j + 1 < scalars.count else { return false }
        let before = scalars[j - 1], after = scalars[j + 1]
        return before.properties.isAlphabetic && CharClass.of(before) == .latin
            && after.properties.isAlphabetic && CharClass.of(after) == .latin
    }
}
