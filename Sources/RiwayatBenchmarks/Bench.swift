import ArgumentParser
import EmbeddedPostgres
import EventStore
import Foundation
import Logging
import MemoryAllocator
import PostgresClient
import SchemaMigrations

#if canImport(Glibc)
import Glibc
#endif

/// `riwayat-bench`: benchmarks that report a ratio against a baseline measured in the same run.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "riwayat-bench", abstract: "Riwayat benchmarks (each against a same-run baseline).",
        subcommands: [StoreBenchmark.self, CareerBenchmark.self, ProjectionBenchmark.self], defaultSubcommand: StoreBenchmark.self)

    /// The machine as the reports' headings name it: cores and the allocator serving `malloc`.
    static var machine: String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        return "\(cores) cores, jemalloc \(MemoryAllocator.version.map { String($0.prefix { $0 != "-" }) } ?? "not linked")"
    }
}

/// A durable throwaway cluster in a temporary directory, for one benchmark run.
struct BenchCluster {
    let running: RunningPostgres
    let root: String

    static func start() throws -> BenchCluster {
        let root = FileManager.default.temporaryDirectory.path + "/riwayat-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        chmod(root, 0o755)
        var logger = Logger(label: "riwayat.bench")
        logger.logLevel = .warning
        // Durable: appends are measured with synchronous_commit on, as in production.
        let cluster = EmbeddedPostgres(dataDirectory: root + "/pgdata", durability: .durable, databaseName: "bench", logger: logger)
        return BenchCluster(running: try cluster.start(), root: root)
    }

    /// A pool on the cluster with the migrations applied and a bare table shaped like `events`
    /// (no indexes, no triggers) for the raw baselines.
    func migratedPool(maxConnections: Int) async throws -> PostgresConnectionPool {
        let pool = PostgresConnectionPool(configuration: .init(conninfo: running.conninfo(), maxConnections: maxConnections))
        let directory = try Migration.locateDirectory()
        _ = try await pool.withConnection { try EventStoreSchema.migrator(directory: directory).migrate(on: $0) }
        try await pool.query(
            """
            CREATE TABLE bare_events (position bigint, stream text, version integer, event_id uuid, event_type text,
              schema_version integer, effective_date date, recorded_at timestamptz, payload json, metadata json,
              prev_hash bytea, hash bytea)
            """)
        return pool
    }

    /// A new, migrated database on the cluster (an empty store), and a pool on it.
    func freshStore(named name: String, maxConnections: Int) async throws -> PostgresConnectionPool {
        let admin = PostgresConnectionPool(configuration: .init(conninfo: running.conninfo(), maxConnections: 1))
        try await admin.query("CREATE DATABASE \(identifier: name)")
        await admin.close()
        let pool = PostgresConnectionPool(configuration: .init(conninfo: running.conninfo(database: name), maxConnections: maxConnections))
        let directory = try Migration.locateDirectory()
        _ = try await pool.withConnection { try EventStoreSchema.migrator(directory: directory).migrate(on: $0) }
        return pool
    }

    func stop() {
        try? running.stop(mode: "immediate")
        try? FileManager.default.removeItem(atPath: root)
    }
}

/// Throughput and latency figures.
struct Measurement {
    var operations: Int
    var seconds: Double
    var latencies: [Double] = []

    var perSecond: Double { Double(operations) / seconds }

    /// The measurement with the median rate.
    static func median(_ measurements: [Measurement]) -> Measurement {
        let sorted = measurements.sorted { $0.perSecond < $1.perSecond }
        return sorted.isEmpty ? Measurement(operations: 0, seconds: 1) : sorted[sorted.count / 2]
    }

    func percentile(_ p: Double) -> Double {
        guard !latencies.isEmpty else { return 0 }
        let sorted = latencies.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func format(_ value: Double, _ digits: Int = 0) -> String {
    String(format: "%.\(digits)f", value)
}
