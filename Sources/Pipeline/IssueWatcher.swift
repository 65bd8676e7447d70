import Foundation
import Layout
import Model

/// Watch mode as a library: notices when a file the issue is made of changes (the
/// issue file, its articles, photos and ads, the templates and their artwork, the
/// font configuration), sets the issue again through `IssuePipeline` and writes the
/// PDF. A pass that fails leaves the last good PDF where it was.
///
/// What changed is set again where it can be: fonts stay loaded across passes and a
/// page placed automatically is measured and searched again only when its own
/// articles, template or jumps changed (`PlacementCache`).
public final class IssueWatcher {
    public struct Options: Sendable {
        public var output: String
        public var png: String?
        public var dpi: Double
        public var autoPlace: Bool
        public init(output: String, png: String? = nil, dpi: Double = 60, autoPlace: Bool = false) {
            self.output = output; self.png = png; self.dpi = dpi; self.autoPlace = autoPlace
        }
    }

    /// One render pass and what came of it.
    public struct Pass: Sendable {
        public var number: Int
        /// Files that changed since the previous pass (names relative to their folder); empty on the first.
        public var changed: [String]
        public var error: String?
        public var copyfit: CopyfitReport?
        public var pages: Int
        /// Load + layout + PDF, in milliseconds.
        public var renderMilliseconds: Double
        /// From the newest changed file's modification time to the PDF in place.
        public var latencyMilliseconds: Double?
        /// Automatic pages whose placement came from the cache.
        public var placementsReused: Int
        /// Pages not set again because nothing they are made of changed.
        public var pagesReused: Int = 0
    }

    let source: IssuePipeline.Source
    let options: Options
    let pipeline: IssuePipeline
    let cache = PlacementCache()
    let pageCache = PageLayoutCache()
    private var stamps: [String: Stamp] = [:]
    private var passes = 0
    public private(set) var lastGoodPass: Int?

    struct Stamp: Equatable { var seconds: Int; var nanoseconds: Int; var size: Int64 }

    public init(source: IssuePipeline.Source, options: Options, pipeline: IssuePipeline = IssuePipeline()) {
        self.source = source; self.options = options; self.pipeline = pipeline
    }

    /// The folders and files watched: the issue's folder (articles, photos, ads), the
    /// templates folder (templates and artwork) and the font configuration.
    func roots() -> [String] {
        var out = [(Self.absolute(source.issuePath) as NSString).deletingLastPathComponent]
        if let l = source.layoutsDirectory ?? IssueLoader.findLayoutsDirectory(startingAt: source.issuePath) { out.append(Self.absolute(l)) }
        if let f = source.fontsPath ?? FontConfig.findConfigFile(startingAt: source.issuePath) { out.append(Self.absolute(f)) }
        return out
    }

    /// Every watched file with its modification time and size. The output PDF, the
    /// proofs and hidden files (editors' swap files, partial PDFs) are left out.
    func scan() -> [String: Stamp] {
        let ignore = [Self.absolute(options.output)] + (options.png.map { [Self.absolute($0)] } ?? [])
        var out: [String: Stamp] = [:]
        func visit(_ path: String) {
            var st = stat()
            guard lstat(path, &st) == 0 || stat(path, &st) == 0 else { return }
            if ignore.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) { return }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                for name in ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() where !name.hasPrefix(".") {
                    visit(path + "/" + name)
                }
            } else {
                var target = st
                if (st.st_mode & S_IFMT) == S_IFLNK { _ = stat(path, &target) }
                out[path] = Stamp(seconds: Int(target.st_mtim.tv_sec), nanoseconds: Int(target.st_mtim.tv_nsec), size: Int64(target.st_size))
            }
        }
        // The issue file itself is always watched, so its deletion is noticed.
        out[Self.absolute(source.issuePath)] = Stamp(seconds: -1, nanoseconds: 0, size: -1)
        for r in roots() { visit(r) }
        return out
    }

    /// Files added, removed or modified since the last look (sorted); the first call
    /// records the state and reports nothing.
    public func changes() -> [String] {
        let now = scan()
        defer { stamps = now }
        if stamps.isEmpty { return [] }
        let keys = Set(now.keys).union(stamps.keys)
        return keys.filter { now[$0] != stamps[$0] }.sorted()
    }

    /// Sets the issue and writes the PDF (and proofs). Never throws: a failure is the
    /// pass's `error`, and the previous PDF stays.
    public func render(changed: [String] = []) -> Pass {
        passes += 1
        if stamps.isEmpty { stamps = scan() }
        let clock = ContinuousClock()
        let start = clock.now
        var pass = Pass(number: passes, changed: changed.map(Self.shortName), error: nil, copyfit: nil, pages: 0,
                        renderMilliseconds: 0, latencyMilliseconds: nil, placementsReused: 0)
        let hitsBefore = cache.hits, pageHitsBefore = pageCache.hits
        do {
            let loaded = try IssuePipeline.load(source)
            let laidOut = try pipeline.layOut(loaded, autoPlace: options.autoPlace, cache: cache, pageCache: pageCache)
            try pipeline.writePDF(laidOut, of: loaded, to: options.output)
            pass.pages = laidOut.pages.count
            pass.copyfit = laidOut.copyfit
            pass.renderMilliseconds = Self.ms(clock.now - start)
            if let saved = newestModification(of: changed) {
                pass.latencyMilliseconds = (Date().timeIntervalSince1970 - saved) * 1000
            }
            if let png = options.png {
                try pipeline.writeProofs(pdf: options.output, pages: laidOut.pages, to: png, dpi: options.dpi)
            }
            lastGoodPass = pass.number
        } catch {
            pass.error = "\(error)"
            pass.renderMilliseconds = Self.ms(clock.now - start)
        }
        pass.placementsReused = cache.hits - hitsBefore
        pass.pagesReused = pageCache.hits - pageHitsBefore
        return pass
    }

    /// Seconds since 1970 of the newest of these files' modification times.
    func newestModification(of paths: [String]) -> Double? {
        paths.compactMap { p -> Double? in
            var st = stat()
            guard stat(p, &st) == 0 else { return nil }
            return Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
        }.max()
    }

    static func absolute(_ path: String) -> String {
        let p = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (p as NSString).standardizingPath
    }

    static func shortName(_ path: String) -> String {
        let parts = path.split(separator: "/")
        return parts.suffix(2).joined(separator: "/")
    }

    static func ms(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }
}

extension IssueWatcher.Pass {
    /// What the editor reads after each pass.
    public var summary: String {
        var lines: [String] = []
        let what = changed.isEmpty ? "first pass" : changed.joined(separator: ", ") + " changed"
        if let error {
            lines.append("pass \(number): \(what): ERROR \(error)")
            lines.append("pass \(number): the last good PDF is kept")
            return lines.joined(separator: "\n")
        }
        var head = "pass \(number): \(what): \(pages) pages set in \(Int(renderMilliseconds.rounded())) ms"
        if let latencyMilliseconds { head += "; save → PDF \(Int(latencyMilliseconds.rounded())) ms" }
        if pagesReused > 0 { head += "; \(pagesReused) unchanged page\(pagesReused == 1 ? "" : "s") reused" }
        if placementsReused > 0 { head += "; \(placementsReused) automatic placement\(placementsReused == 1 ? "" : "s") reused" }
        lines.append(head)
        if let copyfit {
            let over = copyfit.entries.filter { $0.status == .overset }
            let under = copyfit.entries.filter { $0.status == .underset }
            lines.append("copyfit: \(copyfit.entries.count) modules, \(over.count) overset, \(under.count) underset")
            for e in over { lines.append("  page \(e.page) \(e.articleID): OVERSET by \(e.oversetCharacters) characters (\(e.oversetLines) lines)") }
            for e in under { lines.append("  page \(e.page) \(e.articleID): underset by \(e.undersetLines) lines") }
            // What `render` warns about (unbalanced quotes, with file and line), once
            // per text although a story set twice reports it twice.
            var warned = Set<String>()
            for e in copyfit.entries { for w in e.warnings ?? [] where warned.insert(w).inserted { lines.append("  warning: \(w)") } }
        }
        return lines.joined(separator: "\n")
    }
}
