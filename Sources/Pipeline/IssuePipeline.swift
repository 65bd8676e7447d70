import Composer
import Foundation
import Interop
import Layout
import Model
import Prepress
import Render

/// The whole pipeline for one issue, as a library: load → place → lay out → write
/// PDF (and the reports that go with it). `render`, `batch` and `watch` all call
/// this, so there is one way an issue becomes a PDF.
public struct IssuePipeline {
    /// Where an issue's templates and fonts come from.
    public struct Source: Sendable {
        public var issuePath: String
        public var layoutsDirectory: String?
        public var fontsPath: String?
        public init(issuePath: String, layoutsDirectory: String? = nil, fontsPath: String? = nil) {
            self.issuePath = issuePath; self.layoutsDirectory = layoutsDirectory; self.fontsPath = fontsPath
        }
    }

    /// An issue read from disk with everything it was read with.
    public struct Loaded: Sendable {
        public var issue: Issue
        public var fonts: FontConfig
        public var layoutsDirectory: String
        public var source: Source
    }

    /// The laid-out pages of an issue and, for automatically placed pages, the placer's report.
    public struct LaidOut: Sendable {
        public var pages: [LaidOutPage]
        /// Page number → automatic placement report.
        public var placements: [Int: AutoPlacement]
        /// Every cross-page reference (`{page:ID}`) and the page it resolved to.
        public var references: [CrossReference] = []
        public var copyfit: CopyfitReport { CopyfitReport(pages: pages) }
    }

    public let fonts: FontLibrary
    /// The second layout thread's fonts (`layOutAndWrite`), loaded when first needed.
    let secondThread = SecondThreadFonts()

    /// One font library per pipeline: fonts are loaded once and reused for every issue it sets.
    public init(fonts: FontLibrary = FontLibrary()) { self.fonts = fonts }

    /// Reads the issue file, its articles, templates and font configuration.
    public static func load(_ source: Source) throws -> Loaded {
        guard FileManager.default.fileExists(atPath: source.issuePath) else {
            throw PipelineError("\(source.issuePath): no such issue file")
        }
        let fontConfig = try (source.fontsPath ?? FontConfig.findConfigFile(startingAt: source.issuePath))
            .map { try FontConfig.load(path: $0) } ?? .none
        guard let layouts = source.layoutsDirectory ?? IssueLoader.findLayoutsDirectory(startingAt: source.issuePath) else {
            throw PipelineError("\(source.issuePath): no Layouts/ folder found above the issue file; pass --layouts")
        }
        let issue = try IssueLoader.load(path: source.issuePath, layoutsDirectory: layouts, fonts: fontConfig)
        return Loaded(issue: issue, fonts: fontConfig, layoutsDirectory: layouts, source: source)
    }

    public func composer(for loaded: Loaded) -> Composer {
        Composer(fonts: fonts, fallbackFamilies: loaded.fonts.fallback)
    }

    /// Places (automatic pages, or every page with `autoPlace`) and lays out every page.
    /// - Parameter cache: placements from earlier passes over the same issue (watch mode).
    /// - Parameter pageCache: laid-out pages from earlier passes; unchanged pages are reused.
    public func layOut(_ loaded: Loaded, autoPlace: Bool = false, cache: PlacementCache? = nil,
                       pageCache: PageLayoutCache? = nil) throws -> LaidOut {
        let placed = try place(loaded, autoPlace: autoPlace, cache: cache)
        let pages = try PageLayoutEngine(composer: placed.composer).layout(placed.issue, cache: pageCache)
        try CrossReferences.verify(placed.references, pages: pages)
        return LaidOut(pages: pages, placements: placed.placements, references: placed.references)
    }

    /// An issue whose pages all have concrete slots, ready to be laid out page by page.
    struct Placed {
        var composer: Composer
        var issue: Issue
        var placements: [Int: AutoPlacement]
        var references: [CrossReference]
    }

    /// Everything before page layout, shared by `layOut` and `layOutAndWrite`: fonts
    /// checked, cross-page references filled in, automatic pages placed.
    func place(_ loaded: Loaded, autoPlace: Bool, cache: PlacementCache? = nil) throws -> Placed {
        let composer = composer(for: loaded)
        try FontCheck.checkInstalled(loaded.issue, library: fonts, fontConfig: loaded.fonts)
        // Which page a story is on is settled by the issue file (slots and automatic
        // lists), so references are filled in before the text is measured and placed,
        // and checked against the laid-out pages afterwards.
        let (referenced, references) = try CrossReferences.resolve(loaded.issue)
        let resolved = try AutoPages(composer: composer).resolve(referenced, force: autoPlace, cache: cache)
        return Placed(composer: composer, issue: resolved.issue, placements: resolved.reports, references: references)
    }

    /// Writes the laid-out pages as a PDF at `path`; the file appears only when every page rendered.
    /// `profile` chooses what the PDF is for: the screen PDF Cairo writes, or a prepress
    /// conversion of it (press: PDF/X for the printing plant; archive: PDF/A).
    public func writePDF(_ laidOut: LaidOut, of loaded: Loaded, to path: String,
                         profile: OutputProfile = .screen) throws {
        try ensureParentExists(path)
        let metadata = Self.metadata(for: loaded.issue)
        if profile == .screen {
            try PageRenderer().render(laidOut.pages, to: path, metadata: metadata)
            return
        }
        // Prepress works on Cairo's PDF: written beside the output, removed afterwards.
        let dir = (path as NSString).deletingLastPathComponent
        let screen = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).screen-\(getpid()).pdf"
        defer { unlink(screen) }
        let settings = Self.outputSettings(for: loaded)
        let issue = loaded.issue
        let document = PressDocument(title: metadata.title, newspaper: issue.newspaper, issueDate: issue.date,
                                     epoch: Self.epoch(issueDate: issue.date))
        switch profile {
        case .screen:
            break
        case .press:
            let press = Self.pressSettings(settings)
            let bled = laidOut.pages.map { BleedExtension.extend($0, by: press.bleed) }
            try PageRenderer(leavesOutArtwork: true).render(bled, to: screen, metadata: metadata)
            let pages = laidOut.pages.map { page in
                PressPage(number: page.number, trim: page.size, ads: page.elements.compactMap {
                    if case let .artwork(p, frame) = $0, !PageElement.isSVGArtwork(p) { return (p, frame) } else { return nil }
                })
            }
            var converter = PressConverter(settings: press, fonts: fonts)
            defer { for n in converter.notes { FileHandle.standardError.write(Data("broadsheet: \(n)\n".utf8)) } }
            try converter.convert(screenPDF: screen, pages: pages, document: document, to: path)
        case .archive:
            try PageRenderer().render(laidOut.pages, to: screen, metadata: metadata)
            try ArchiveConverter.convert(screenPDF: screen, document: document, to: path)
        }
    }

    /// The `output:` settings in force: the first page's template, overridden by the issue's.
    public static func outputSettings(for loaded: Loaded) -> OutputSettings {
        let template = loaded.issue.pages.first?.template.output ?? OutputSettings()
        return template.overridden(by: loaded.issue.output)
    }

    /// The profile an issue asks for when the command line does not choose one.
    public static func defaultProfile(for loaded: Loaded) -> OutputProfile {
        outputSettings(for: loaded).profile.flatMap { OutputProfile(rawValue: $0.rawValue) } ?? .screen
    }

    static func pressSettings(_ s: OutputSettings) -> PressSettings {
        var p = PressSettings()
        if let b = s.bleed { p.bleed = b }
        if let m = s.marks { p.marks = m }
        if let l = s.inkLimit { p.inkLimit = l }
        p.iccProfile = s.iccProfile
        p.outputCondition = s.outputCondition
        return p
    }

    /// Seconds since 1970 for every date prepress writes: SOURCE_DATE_EPOCH, else the issue date at 00:00 UTC.
    public static func epoch(issueDate: String) -> Int {
        if let s = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let secs = Int(s) { return secs }
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return Int(f.date(from: issueDate + "T00:00:00Z")?.timeIntervalSince1970 ?? 0)
    }

    /// PNG proofs of every page of a written PDF, read back through poppler: `DIR/page-N.png`.
    public func writeProofs(pdf: String, pages: [LaidOutPage], to directory: String, dpi: Double) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let doc = try PDFDocument(path: pdf)
        for (i, page) in pages.enumerated() {
            try doc.render(i, dpi: dpi).writePNG(to: "\(directory)/page-\(page.number).png")
        }
    }

    public static func metadata(for issue: Issue) -> PDFMetadata {
        PDFMetadata(title: "\(issue.newspaper) \(issue.date) 总第\(issue.number)期",
                    author: issue.newspaper, creator: "Broadsheet", date: pdfDate(issueDate: issue.date))
    }

    /// PDF creation date: SOURCE_DATE_EPOCH (reproducible builds convention) or the issue date.
    public static func pdfDate(issueDate: String) -> String {
        if let s = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let secs = Double(s) {
            let f = ISO8601DateFormatter()
            f.timeZone = TimeZone(identifier: "UTC")
            return f.string(from: Date(timeIntervalSince1970: secs))
        }
        return issueDate + "T00:00:00Z"
    }
}

/// What a PDF is made for.
public enum OutputProfile: String, Sendable, CaseIterable, Codable {
    /// Cairo's PDF as it is: RGB, for screens and proofs.
    case screen
    /// For the printing plant: PDF/X, CMYK, K-only black, bleed and marks.
    case press
    /// For libraries and archives: PDF/A.
    case archive
}

/// A pipeline failure, reported as one line (it already names the file).
public struct PipelineError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}

public func ensureParentExists(_ path: String) throws {
    let dir = (path as NSString).deletingLastPathComponent
    if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
}

/// Loads every font the issue's templates ask for before any layout work, so a
/// missing font is reported against the template that names it.
public enum FontCheck {
    public static func checkInstalled(_ issue: Issue, library: FontLibrary, fontConfig: FontConfig) throws {
        for page in issue.pages {
            let s = page.template.styles
            let roles: [(String, TextStyle)] = [("body", s.body), ("bold", s.bold), ("byline", s.byline),
                ("in-body-subhead", s.inBodySubhead), ("kicker", s.kicker), ("headline", s.headline),
                ("secondary-headline", s.secondaryHeadline), ("subhead", s.subhead), ("caption", s.caption),
                ("credit", s.credit), ("header", s.header), ("footer", s.footer), ("banner", s.banner), ("jump", s.jump),
                ("pull-quote", s.pullQuote)]
            for (role, style) in roles {
                do { _ = try library.font(FontSpec(family: style.family, weight: style.weight, size: style.size)) }
                catch { throw PipelineError("\(page.template.sourcePath): style '\(role)': \(error)") }
            }
        }
        for fam in fontConfig.fallback {
            do { _ = try library.font(FontSpec(family: fam, size: 10)) }
            catch { throw PipelineError("\(fontConfig.sourcePath ?? "Fonts/fonts.yaml"): fallback: \(error)") }
        }
    }
}
