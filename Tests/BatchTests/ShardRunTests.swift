import Foundation
import XCTest

/// Shards run as a scheduler runs them: N processes of one command, told apart only
/// by their environment, writing to one output folder at the same time.
final class ShardRunTests: XCTestCase {
    func testThreeKubernetesShardsRenderEveryIssueExactlyOnce() throws {
        let (archive, out) = try Tool.archive(days: 5, pages: 1)
        let procs = try (0..<3).map { i in
            try Tool.start(Tool.broadsheet, ["batch", archive, "-o", out, "--jobs", "1"],
                           env: ["JOB_COMPLETION_INDEX": "\(i)", "BROADSHEET_SHARDS": "3"])
        }
        let runs = procs.map(Tool.finish)
        for r in runs { XCTAssertEqual(r.status, 0, r.stderr) }
        // Each shard says what it rendered; together every issue once.
        let rendered = runs.map { r -> Int in
            let m = r.stdout.firstMatch(of: /issues: (\d+) rendered/)
            return m.map { Int($0.1)! } ?? -1
        }
        XCTAssertEqual(rendered.reduce(0, +), 5, "\(runs.map(\.stdout))")
        XCTAssertTrue(rendered.allSatisfy { $0 >= 1 }, "\(rendered)")
        // Records say which shard rendered each issue: one shard per issue, all shards used.
        var byShard: [String: [String]] = [:]
        for f in Tool.files(under: out) where f.hasSuffix(".record.json") {
            let rec = try Tool.json(out + "/" + f)
            byShard[rec["shard"] as! String, default: []].append(f)
        }
        XCTAssertEqual(Set(byShard.keys), ["1/3", "2/3", "3/3"])
        XCTAssertEqual(byShard.values.map(\.count).reduce(0, +), 5)
        XCTAssertEqual(Tool.pdfs(under: out).count, 5)
        // The last shard to finish built the index from everyone's records.
        XCTAssertEqual(runs.filter { $0.stdout.contains("last shard: index: 5 ok") }.count >= 1, true, "\(runs.map(\.stdout))")
        let index = try Tool.json(out + "/index.json")
        XCTAssertEqual(index["ok"] as? Int, 5)
        XCTAssertEqual(index["pending"] as? Int, 0)

        // Slurm: the same slices from SLURM_ARRAY_TASK_ID; all already done, nothing rendered.
        for t in 0..<3 {
            let r = try Tool.batch([archive, "-o", out], env: ["SLURM_ARRAY_TASK_ID": "\(t + 10)", "SLURM_ARRAY_TASK_MIN": "10",
                                                               "SLURM_ARRAY_TASK_COUNT": "3"])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stdout.contains("shard \(t + 1)/3: \(byShard["\(t + 1)/3"]!.count) issues: 0 rendered"), r.stdout)
        }
        // --merge rebuilds the index by hand.
        try FileManager.default.removeItem(atPath: out + "/index.json")
        let m = try Tool.batch(["--merge", out])
        XCTAssertEqual(m.status, 0, m.stderr)
        XCTAssertEqual(try Tool.json(out + "/index.json")["ok"] as? Int, 5)
        // … and a yearly volume from all shards' issues: five issues, one bookmark each.
        let y = try Tool.batch(["--merge", out, "--volume", "year"])
        XCTAssertEqual(y.status, 0, y.stderr)
        let vol = out + "/volumes/平顶山日报-2024.pdf"
        XCTAssertEqual(try Tool.pdfPages(vol), 5)
        let q = try Tool.exec("/usr/bin/qpdf", ["--json", "--json-key=outlines", vol])
        let outlines = (try JSONSerialization.jsonObject(with: Data(q.stdout.utf8)) as! [String: Any])["outlines"] as! [[String: Any]]
        XCTAssertEqual(outlines.compactMap { $0["title"] as? String },
                       (0..<5).map { "2024-01-0\($0 + 1) 总第\(17000 + $0)期" })
        XCTAssertEqual(outlines.compactMap { $0["destpageposfrom1"] as? Int }, [1, 2, 3, 4, 5])
    }

    func testDeployFilesRunTheBatchCommand() throws {
        let yaml = try String(contentsOf: Tool.packageRoot.appendingPathComponent("deploy/k8s-indexed-job.yaml"), encoding: .utf8)
        XCTAssertTrue(yaml.contains("completionMode: Indexed"))
        XCTAssertTrue(yaml.contains("broadsheet batch /archive -o /out"))
        // The shard count the job gives the command equals its completions.
        let completions = yaml.firstMatch(of: /completions: (\d+)/).map { String($0.1) }
        let shards = yaml.firstMatch(of: /BROADSHEET_SHARDS\s+value: "(\d+)"/).map { String($0.1) }
        XCTAssertNotNil(completions)
        XCTAssertEqual(completions, shards)
        // The Slurm script, run as an array task would run it, renders its slice.
        let (archive, out) = try Tool.archive(days: 2, pages: 1)
        let r = try Tool.exec("/bin/bash", [Tool.packageRoot.path + "/deploy/slurm-array.sh", archive, out],
                              env: ["BROADSHEET": Tool.broadsheet, "SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "2"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("shard 2/2: 1 issues: 1 rendered"), r.stdout)
        XCTAssertEqual(Tool.pdfs(under: out).count, 1)
    }
}
