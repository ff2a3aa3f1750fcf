import ArgumentParser
import EventStore
import Foundation
import PostgresClient

/// The verifiable log's benchmark: appends while the tree grows beside them vs without, proofs
/// at a million events, and the whole-log check with the tree vs raw COPY out.
struct TreeBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tree", abstract: "Merkle tree and proof benchmarks.")

    @Option(help: "Events in the log.") var events = 1_000_000
    @Option(help: "Proofs of each kind measured.") var proofs = 1_000
    @Option(help: "Seconds each append measurement runs.") var appendSeconds = 8.0

    func run() async throws {
        let cluster = try BenchCluster.start()
        defer { cluster.stop() }
        let pool = try await cluster.migratedPool(maxConnections: 9)
        try await pool.query("CREATE TABLE bare_inserts (LIKE bare_events)")
        let store = EventStore(pool: pool), tree = LogTree(pool: pool)
        var helper = try StoreBenchmark.parse([])
        helper.appendSeconds = appendSeconds
        print("# riwayat-bench tree (\(Bench.machine), synchronous_commit on)\n")
        _ = try await helper.bulkImport(store: store, events: events, offset: 0)

        // The tree over the whole log, as the daemon's tree service grows it.
        var started = ContinuousClock.now
        var size = try await tree.size()
        while true {
            let grown = try await tree.extend()
            if grown == size { break }
            size = grown
        }
        let build = Measurement(operations: Int(size), seconds: seconds(since: started))

        // Appends alone, then with the tree growing beside them (polling every 100 ms).
        let plain1 = try await helper.singleAppends(store: store, writers: 1)
        let plain8 = try await helper.singleAppends(store: store, writers: 8)
        let grower = Task {
            while !Task.isCancelled {
                _ = try? await tree.extend()
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        let tree1 = try await helper.singleAppends(store: store, writers: 1)
        let tree8 = try await helper.singleAppends(store: store, writers: 8)
        grower.cancel()
        _ = await grower.result
        while try await tree.extend() != (try await store.head().position) {}
        size = try await tree.size()

        // Proofs at the full size, random leaves and random earlier sizes.
        var generator = SystemRandomNumberGenerator()
        var inclusion = Measurement(operations: proofs, seconds: 0), consistency = Measurement(operations: proofs, seconds: 0)
        for _ in 0..<proofs {
            let index = Int64.random(in: 0..<size, using: &generator)
            let start = ContinuousClock.now
            _ = try await tree.inclusionProof(index: index, size: size)
            inclusion.latencies.append(seconds(since: start))
        }
        for _ in 0..<proofs {
            let from = Int64.random(in: 1..<size, using: &generator)
            let start = ContinuousClock.now
            _ = try await tree.consistencyProof(from: from, to: size)
            consistency.latencies.append(seconds(since: start))
        }

        // The whole-log check (hashes, links, tree) vs raw COPY out of the same rows.
        let copyOut = try await helper.rawCopyOut(pool: pool)
        started = ContinuousClock.now
        let check = try await tree.checkWhole(against: nil)
        let checked = Measurement(operations: Int(check.leaves), seconds: seconds(since: started))
        guard check.problem == nil else { throw ValidationError("the check found \(String(describing: check.problem))") }

        print("| measurement | riwayat | baseline in the same run | ratio | target |")
        print("| --- | --- | --- | --- | --- |")
        print("| tree built over \(size) events (events/s) | \(format(build.perSecond)) | | | |")
        print(
            "| single appends with the tree growing, 1 / 8 writers (events/s) | \(format(tree1.perSecond)) / \(format(tree8.perSecond)) | "
                + "\(format(plain1.perSecond)) / \(format(plain8.perSecond)) without | "
                + "\(format(100 * tree1.perSecond / plain1.perSecond))% / \(format(100 * tree8.perSecond / plain8.perSecond))% | ≥ 90% |")
        print(
            "| inclusion proof at \(size) events (ms, p50 / p99) | \(format(inclusion.percentile(0.5) * 1000, 2)) / "
                + "\(format(inclusion.percentile(0.99) * 1000, 2)) | | | p99 < 5 |")
        print(
            "| consistency proof to \(size) events (ms, p50 / p99) | \(format(consistency.percentile(0.5) * 1000, 2)) / "
                + "\(format(consistency.percentile(0.99) * 1000, 2)) | | | p99 < 10 |")
        print(
            "| whole-log check with the tree (events/s) | \(format(checked.perSecond)) | \(format(copyOut.perSecond)) raw COPY out | "
                + "\(format(100 * checked.perSecond / copyOut.perSecond))% | ≥ 80% |")
        await pool.close()
    }
}
