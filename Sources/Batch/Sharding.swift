import Foundation

/// Which slice of the archive this process renders: `--shard K/N` (K from 1), or the
/// index a cluster scheduler gives each copy of one command.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 0-based.
    public var index: Int
    public var count: Int
    public init(index: Int, count: Int) { self.index = index; self.count = count }

    public var description: String { "\(index + 1)/\(count)" }

    /// `K/N` with 1 ≤ K ≤ N.
    public static func parse(_ s: String) throws -> Shard {
        let p = s.split(separator: "/")
        guard p.count == 2, let k = Int(p[0]), let n = Int(p[1]), n >= 1, (1...n).contains(k) else {
            throw BatchError("--shard: expected K/N with 1 ≤ K ≤ N (e.g. 2/8), got '\(s)'")
        }
        return Shard(index: k - 1, count: n)
    }

    /// Kubernetes Indexed Jobs (JOB_COMPLETION_INDEX, 0-based, with the count in
    /// BROADSHEET_SHARDS or JOB_COMPLETIONS) and Slurm job arrays (SLURM_ARRAY_TASK_ID
    /// relative to SLURM_ARRAY_TASK_MIN, with SLURM_ARRAY_TASK_COUNT).
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> Shard? {
        if let i = env["JOB_COMPLETION_INDEX"].flatMap({ Int($0) }) {
            guard let n = (env["BROADSHEET_SHARDS"] ?? env["JOB_COMPLETIONS"]).flatMap({ Int($0) }), n >= 1 else {
                throw BatchError("JOB_COMPLETION_INDEX=\(i) is set but not the number of shards: set BROADSHEET_SHARDS (or JOB_COMPLETIONS) to the job's completions")
            }
            guard (0..<n).contains(i) else { throw BatchError("JOB_COMPLETION_INDEX=\(i) is outside 0..<\(n)") }
            return Shard(index: i, count: n)
        }
        if let t = env["SLURM_ARRAY_TASK_ID"].flatMap({ Int($0) }) {
            let min = env["SLURM_ARRAY_TASK_MIN"].flatMap { Int($0) } ?? 0
            guard let n = (env["SLURM_ARRAY_TASK_COUNT"] ?? env["BROADSHEET_SHARDS"]).flatMap({ Int($0) }), n >= 1 else {
                throw BatchError("SLURM_ARRAY_TASK_ID=\(t) is set but not SLURM_ARRAY_TASK_COUNT")
            }
            guard (0..<n).contains(t - min) else { throw BatchError("SLURM_ARRAY_TASK_ID=\(t) is outside the array \(min)…\(min + n - 1)") }
            return Shard(index: t - min, count: n)
        }
        return nil
    }

    /// Deterministic slices balanced by page count: issues in date order, each to the
    /// shard with the fewest pages so far (ties: lowest index). Every process computes
    /// the same answer from the same archive; issues added after the last date move
    /// nothing already assigned, so a re-run shard finds its finished work in place.
    public static func assign(_ jobs: [BatchJob], count: Int) -> [Int] {
        var load = [Int](repeating: 0, count: count)
        var out: [Int] = []
        out.reserveCapacity(jobs.count)
        for j in jobs {
            var best = 0
            for s in 1..<max(1, count) where load[s] < load[best] { best = s }
            load[best] += j.pageCount
            out.append(best)
        }
        return out
    }

    public func select(_ jobs: [BatchJob]) -> [BatchJob] {
        let a = Shard.assign(jobs, count: count)
        return zip(jobs, a).filter { $0.1 == index }.map(\.0)
    }
}
