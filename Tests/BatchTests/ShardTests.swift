import XCTest
@testable import Batch

final class ShardTests: XCTestCase {
    func job(_ date: String, pages: Int) -> BatchJob {
        BatchJob(id: date + "/issue.yaml", issuePath: "/a/\(date)/issue.yaml", newspaper: "P", date: date, number: 1, pageCount: pages)
    }

    func testParse() throws {
        XCTAssertEqual(try Shard.parse("2/8"), Shard(index: 1, count: 8))
        XCTAssertThrowsError(try Shard.parse("0/3"))
        XCTAssertThrowsError(try Shard.parse("4/3"))
        XCTAssertThrowsError(try Shard.parse("x"))
    }

    func testEnvironment() throws {
        XCTAssertEqual(try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "2", "BROADSHEET_SHARDS": "3"]), Shard(index: 2, count: 3))
        XCTAssertEqual(try Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "4", "SLURM_ARRAY_TASK_COUNT": "3"]),
                       Shard(index: 1, count: 3))
        XCTAssertNil(try Shard.fromEnvironment([:]))
        XCTAssertThrowsError(try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "1"]))
        XCTAssertThrowsError(try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "3", "BROADSHEET_SHARDS": "3"]))
    }

    func testBalancedByPagesAndStableWhenIssuesAreAppended() {
        let pages = [16, 4, 4, 4, 4, 8, 8, 12, 4, 4, 16, 8]
        let jobs = pages.enumerated().map { job(String(format: "2024-01-%02d", $0 + 1), pages: $1) }
        let a = Shard.assign(jobs, count: 3)
        var load = [0, 0, 0]
        for (j, s) in zip(jobs, a) { load[s] += j.pageCount }
        XCTAssertEqual(load.reduce(0, +), pages.reduce(0, +))
        XCTAssertLessThanOrEqual(load.max()! - load.min()!, 16, "\(load)")
        // Every job in exactly one shard.
        let union = (0..<3).flatMap { Shard(index: $0, count: 3).select(jobs).map(\.id) }
        XCTAssertEqual(union.sorted(), jobs.map(\.id).sorted())
        // Appending later issues does not move earlier ones.
        let more = jobs + [job("2024-02-01", pages: 8), job("2024-02-02", pages: 4)]
        XCTAssertEqual(Array(Shard.assign(more, count: 3).prefix(jobs.count)), a)
    }

    func testDefaultJobsRespectTheContainerQuota() {
        XCTAssertEqual(DefaultJobs.count(cores: 64, cpuMax: "200000 100000\n"), 2)
        XCTAssertEqual(DefaultJobs.count(cores: 64, cpuMax: "150000 100000"), 2)
        XCTAssertEqual(DefaultJobs.count(cores: 4, cpuMax: "max 100000\n"), 4)
        XCTAssertEqual(DefaultJobs.count(cores: 2, cpuMax: "800000 100000"), 2)
        XCTAssertEqual(DefaultJobs.count(cores: 8, cpuMax: nil), 8)
    }
}
