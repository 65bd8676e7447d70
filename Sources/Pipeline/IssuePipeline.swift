import Composer
import Foundation
import Interop
import Layout
import Model
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
    /// - Parameters:
    ///   - cache: placements from earlier passes over the same issue (watch mode).
    ///   - pageCache: laid-out pages from earlier passes; unchanged pages are reused.
    public func layOut(_ loaded: Loaded, autoPlace: Bool = false, cache: PlacementCache? = nil,
                       pageCache: PageLayoutCache? = nil) throws -> LaidOut {
        let composer = composer(for: loaded)
        try FontCheck.checkInstalled(loaded.issue, library: fonts, fontConfig: loaded.fonts)
        // Which page a story is on is settled by the issue file (slots and automatic
        // lists), so references are filled in before the text is measured and placed,
        // and checked against the laid-out pages afterwards.
        let (referenced, references) = try CrossReferences.resolve(loaded.issue)
        let resolved = try AutoPages(composer: composer).resolve(referenced, force: autoPlace, cache: cache)
        let pages = try PageLayoutEngine(composer: composer).layout(resolved.issue, cache: pageCache)
        try CrossReferences.verify(references, pages: pages)
        return LaidOut(pages: pages, placements: resolved.reports, references: references)
    }

    /// Writes the laid-out pages as a PDF at `path`; the file appears only when every page rendered.
    /// `profile` chooses what the PDF is for: the screen PDF Cairo writes, or a prepress
    /// conversion of it (press: PDF/X for the printing plant; archive: PDF/A).
    public func writePDF(_ laidOut: LaidOut, of loaded: Loaded, to path: String,
                         profile: OutputProfile = .screen) throws {
        try ensureParentExists(path)
        switch profile {
        case .screen:
            try PageRenderer().render(laidOut.pages, to: path, metadata: Self.metadata(for: loaded.issue))
        case .press, .archive:
            throw PipelineError("output profile '\(profile.rawValue)' is not available yet")
        }
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
