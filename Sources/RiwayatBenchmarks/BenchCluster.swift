import ArgumentParser
import EmbeddedPostgres
import EventStore
import Foundation
import Logging
import MemoryAllocator
import PostgresClient
import SchemaMigrations

/// A durable throwaway cluster in a temporary directory, for one benchmark run.
struct BenchCluster {
    let running: RunningPostgres
    let scratch: ScratchCluster

    static func start() throws -> BenchCluster {
        // Durable: appends are measured with synchronous_commit on, as in production.
        let scratch = try ScratchCluster.start(prefix: "riwayat-bench", durability: .durable, databaseName: "bench")
        return BenchCluster(running: scratch.running, scratch: scratch)
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
        scratch.remove()
    }
}
