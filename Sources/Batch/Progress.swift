import Foundation

/// Progress on stderr: a bar redrawn in place on a terminal (issues and pages done,
/// pages/s, time left), one plain line per finished issue otherwise (logs, CI).
public final class Progress {
    let total: Int
    let expectedPages: Int
    let start = Date()
    let terminal: Bool
    public private(set) var done = 0, pages = 0, failed = 0

    public init(total: Int, expectedPages: Int, terminal: Bool = isatty(2) != 0) {
        self.total = total; self.expectedPages = expectedPages; self.terminal = terminal
    }

    public func finished(_ r: IssueRecord) {
        done += 1
        if r.status == .ok { pages += r.pages.count } else { failed += 1 }
        let elapsed = Date().timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(pages) / elapsed : 0
        let remainingPages = max(0, expectedPages - pages)
        let left = rate > 0 ? Double(remainingPages) / rate : 0
        let name = [r.job.newspaper, r.job.date].compactMap { $0 }.joined(separator: " ")
        if terminal {
            let width = 24
            let filled = total > 0 ? done * width / total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            var line = String(format: "\r[%@] %d/%d issues, %d pages, %.1f pages/s, %@ left", bar, done, total, pages, rate, Self.clock(left))
            if failed > 0 { line += ", \(failed) failed" }
            if r.status == .failed { line = "\r\u{1B}[K" + "broadsheet: failed: \(r.error ?? name)\n" + line }
            FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
            if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        } else {
            let what = r.status == .ok ? "ok, \(r.pages.count) pages, \(String(format: "%.1f", r.seconds)) s"
                                       : "FAILED: \(r.error ?? "")"
            let line = String(format: "batch: [%d/%d] %@ %@ (%d pages, %.1f pages/s, %@ left)\n",
                              done, total, name.isEmpty ? r.job.id : name, what, pages, rate, Self.clock(left))
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    static func clock(_ s: Double) -> String {
        let t = Int(s.rounded())
        return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String(format: "%d:%02d", t / 60, t % 60)
    }
}
