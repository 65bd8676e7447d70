import Foundation
import Interop
import Layout
import Model
import Pipeline

/// What a batch makes of each issue: the options every worker shares.
public struct BatchSettings: Codable, Sendable {
    public var archiveRoot: String
    public var outDir: String
    public var layouts: String?
    public var fonts: String?
    public var profile: OutputProfile = .screen
    /// Thumbnail resolution, nil = no thumbnails.
    public var thumbnailDPI: Double?
    public var alto = false
    public var strict = false
    public var auto = false
    /// Which shard renders (recorded, not part of the recipe): `2/8`, nil for a whole run.
    public var shard: String?

    public init(archiveRoot: String, outDir: String) { self.archiveRoot = archiveRoot; self.outDir = outDir }

    /// The options that shape outputs: a change re-renders every issue.
    public var recipe: String {
        var parts = ["profile=\(profile.rawValue)"]
        if let d = thumbnailDPI { parts.append("png=\(d)") }
        if alto { parts.append("alto") }
        if strict { parts.append("strict") }
        if auto { parts.append("auto") }
        if let layouts { parts.append("layouts=\(layouts)") }
        if let fonts { parts.append("fonts=\(fonts)") }
        return parts.joined(separator: " ")
    }
}

/// Renders one issue through `IssuePipeline` and writes its outputs and record.
/// One renderer per worker: its pipeline's font library loads each font once.
public final class IssueRenderer {
    public let settings: BatchSettings
    let pipeline = IssuePipeline()

    public init(settings: BatchSettings) { self.settings = settings }

    /// Never throws: a failure becomes a failed record (also written, so shards'
    /// failures reach the merged index). Only the record write itself can fail.
    public func render(_ job: BatchJob) -> IssueRecord {
        let start = Date()
        var record = IssueRecord(job: job, status: .failed, error: nil, version: BroadsheetVersion.string,
                                 recipe: settings.recipe, inputs: [:], articleFiles: [], pdf: nil, pdfBytes: nil,
                                 pages: [], copyfit: nil, seconds: 0)
        record.shard = settings.shard
        do {
            try renderInto(&record)
            record.status = .ok
        } catch {
            record.status = .failed
            // Loader errors start with the file (and line); others get the issue file in front.
            let message = "\(error)"
            record.error = message.hasPrefix("/") ? message : "\(job.issuePath ?? job.id): \(message)"
        }
        record.seconds = Date().timeIntervalSince(start)
        (record.workerRSSMB, record.workerPeakMB) = Self.memoryMB()
        do {
            try AtomicFile.write(record.json(), to: settings.outDir + "/" + job.recordPath)
        } catch {
            record.status = .failed
            record.error = (record.error.map { $0 + "; " } ?? "") + "\(error)"
        }
        return record
    }

    private func renderInto(_ record: inout IssueRecord) throws {
        let job = record.job
        if let problem = job.problem { throw BatchError(problem) }
        guard let issuePath = job.issuePath else { throw BatchError("\(job.id): no issue file") }
        // An earlier record must not vouch for outputs this run is replacing.
        unlink(settings.outDir + "/" + job.recordPath)

        let issueDir = (issuePath as NSString).deletingLastPathComponent
        record.articleFiles = Staleness.articleFiles(in: issueDir)
        let loaded = try IssuePipeline.load(IssuePipeline.Source(issuePath: issuePath, layoutsDirectory: settings.layouts,
                                                                 fontsPath: settings.fonts))
        let issue = loaded.issue
        guard let stem = job.stem, issue.date == job.date, issue.newspaper == job.newspaper else {
            throw BatchError("\(issuePath): the issue file changed while the batch ran; run again")
        }
        record.inputs = try inputHashes(loaded)

        let laidOut = try pipeline.layOut(loaded, autoPlace: settings.auto)
        record.fontFiles = fontFiles(loaded)
        let folder = job.outputFolder
        removeLeftovers(folder: folder, stem: stem)
        let pdfRel = "\(folder)/\(stem).pdf"
        let pdfAbs = settings.outDir + "/" + pdfRel
        if let f = AtomicFile.injectedFailure, !f.isEmpty, pdfAbs.contains(f) {
            throw BatchError("\(pdfAbs): cannot write: No space left on device (injected)")
        }
        try pipeline.writePDF(laidOut, of: loaded, to: pdfAbs, profile: settings.profile)
        record.pdf = pdfRel
        record.pdfBytes = (try? FileManager.default.attributesOfItem(atPath: pdfAbs))?[.size] as? Int

        let copyfit = laidOut.copyfit
        var cf = IssueRecord.Copyfit()
        for e in copyfit.entries {
            switch e.status {
            case .fits: cf.fits += 1
            case .underset: cf.underset += 1
            case .overset:
                cf.overset += 1
                cf.oversetArticles.append("\(e.articleID) (page \(e.page), slot \(e.slot)) is overset by \(e.oversetCharacters) characters (\(e.oversetLines) lines)")
            }
        }
        record.copyfit = cf

        var thumbs: [Int: String] = [:]
        if let dpi = settings.thumbnailDPI {
            let doc = try PDFDocument(path: pdfAbs)
            for (i, page) in laidOut.pages.enumerated() {
                let rel = "\(folder)/thumbs/\(stem)-p\(page.number).png"
                let abs = settings.outDir + "/" + rel
                try ensureParentExists(abs)
                let temp = abs + ".tmp-\(getpid())"
                try doc.render(i, dpi: dpi).writePNG(to: temp)
                guard rename(temp, abs) == 0 else { unlink(temp); throw BatchError("\(abs): cannot write: \(String(cString: strerror(errno)))") }
                thumbs[page.number] = rel
            }
        }
        var altos: [Int: String] = [:]
        if settings.alto {
            for page in laidOut.pages {
                let rel = "\(folder)/alto/\(stem)-p\(page.number).xml"
                try AtomicFile.write(Data(ALTOWriter.xml(page: page, pdfName: "\(stem).pdf").utf8),
                                     to: settings.outDir + "/" + rel)
                altos[page.number] = rel
            }
        }
        record.pages = laidOut.pages.map { p in
            let heads = p.copyfit.sorted { ($0.frame.y, $0.frame.x) < ($1.frame.y, $1.frame.x) }.compactMap { e -> String? in
                guard let a = issue.articles[e.articleID] else { return nil }
                let h = a.headline.joined(separator: " ")
                return e.continuedFromPage != nil ? h + "（续）" : h
            }
            return IssueRecord.PageInfo(number: p.number, articles: heads, thumbnail: thumbs[p.number], alto: altos[p.number])
        }
        if settings.strict && copyfit.hasOverset {
            let first = cf.oversetArticles.first ?? ""
            throw BatchError("\(issuePath): --strict: \(cf.overset) article(s) overset: \(first)")
        }
    }

    /// The font files behind every style of the issue's templates and the fallbacks
    /// (all loaded already by the layout, so this only asks the library's cache).
    func fontFiles(_ loaded: IssuePipeline.Loaded) -> [String: String] {
        var specs = Set<FontSpec>()
        for page in loaded.issue.pages {
            let s = page.template.styles
            for style in [s.body, s.bold, s.byline, s.inBodySubhead, s.kicker, s.headline, s.secondaryHeadline, s.subhead,
                          s.caption, s.credit, s.header, s.footer, s.banner, s.jump, s.pullQuote] {
                specs.insert(FontSpec(family: style.family, weight: style.weight, size: style.size))
            }
        }
        for fam in loaded.fonts.fallback { specs.insert(FontSpec(family: fam, size: 10)) }
        var out: [String: String] = [:]
        for spec in specs {
            guard let path = (try? pipeline.fonts.font(spec))?.filePath else { continue }
            out[path] = FileStamp.of(path)
        }
        return out
    }

    /// Temporary files of this issue left by a run that was killed while writing them
    /// (they never carry an output's name, but should not pile up).
    func removeLeftovers(folder: String, stem: String) {
        for dir in [folder, folder + "/thumbs", folder + "/alto"] {
            let abs = settings.outDir + "/" + dir
            for name in (try? FileManager.default.contentsOfDirectory(atPath: abs)) ?? []
            where (name.hasPrefix(stem) || name.hasPrefix("." + stem)) && (name.contains(".partial-") || name.contains(".tmp-")) {
                unlink(abs + "/" + name)
            }
        }
    }

    /// VmRSS and VmHWM of this process in MB (Linux), nil elsewhere.
    static func memoryMB() -> (Double?, Double?) {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (nil, nil) }
        func field(_ name: String) -> Double? {
            guard let line = s.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return nil }
            return line.split(separator: " ").compactMap { Double($0) }.first.map { ($0 / 1024 * 10).rounded() / 10 }
        }
        return (field("VmRSS"), field("VmHWM"))
    }

    /// Every file the issue was made from, hashed: the issue file, every article in its
    /// folder, photos, ads, the templates its pages use and the font configuration.
    func inputHashes(_ loaded: IssuePipeline.Loaded) throws -> [String: String] {
        var files = Set<String>()
        files.insert(loaded.issue.sourcePath)
        for a in loaded.issue.articles.values {
            files.insert(a.sourcePath)
            for p in a.photos { files.insert(p.path) }
        }
        for p in loaded.issue.pages {
            files.insert(p.template.sourcePath)
            for ad in p.ads.values { files.insert(ad) }
        }
        if let f = loaded.fonts.sourcePath { files.insert(f) }
        var out: [String: String] = [:]
        let root = URL(fileURLWithPath: settings.archiveRoot).standardizedFileURL.path + "/"
        for f in files {
            let abs = URL(fileURLWithPath: f).standardizedFileURL.path
            let key = abs.hasPrefix(root) ? String(abs.dropFirst(root.count)) : abs
            out[key] = try ContentHash.sha256(file: abs)
        }
        return out
    }
}
