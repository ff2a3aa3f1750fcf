import EmbeddedPostgres
import EventStore
import Foundation
import PostgresClient
import SchemaMigrations

#if canImport(Glibc)
import Glibc
#endif

/// A throwaway cluster of a test's own, for tests that stop and start the server (the shared
/// `TestCluster` serves every other test meanwhile). Migrated, removed by `remove()`.
public final class PrivateCluster: @unchecked Sendable {
    public let root: String
    let cluster: EmbeddedPostgres
    public private(set) var running: RunningPostgres

    public init() throws {
        root = FileManager.default.temporaryDirectory.path + "/riwayat-private-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        chmod(root, 0o755)
        cluster = EmbeddedPostgres(dataDirectory: root + "/pgdata", durability: .throwaway, databaseName: "riwayat")
        running = try cluster.start()
        let owner = try PostgresConnection(conninfo: running.conninfo())
        defer { owner.close() }
        _ = try EventStoreSchema.migrator(directory: Migration.locateDirectory()).migrate(on: owner)
    }

    /// The service database as a `TestDatabase`.
    public var database: TestDatabase {
        TestDatabase(
            name: "riwayat", conninfo: running.conninfo(), appConninfo: running.conninfo(user: EventStoreSchema.appRole),
            accessLogConninfo: running.conninfo(user: EventStoreSchema.accessLoggerRole))
    }

    /// Stops the server at once, as a crash would (no checkpoint, clients cut off).
    public func crash() throws {
        try running.stop(mode: "immediate")
    }

    /// Starts the server again (it recovers from its WAL).
    public func restart() throws {
        running = try cluster.start()
    }

    /// A streaming hot standby of this cluster (`pg_basebackup -R`, its own socket), in the same
    /// temporary directory: removed with it.
    public func startStandby() throws -> StandbyCluster {
        let standby = EmbeddedPostgres(dataDirectory: root + "/standby", durability: .throwaway, databaseName: "riwayat")
        return StandbyCluster(cluster: standby, running: try standby.startStandby(of: running))
    }

    /// Stops the server (and its standby) and deletes its files.
    public func remove() {
        _ = try? EmbeddedPostgres(dataDirectory: root + "/standby", durability: .throwaway).stopIfRunning()
        _ = try? cluster.stopIfRunning()
        try? FileManager.default.removeItem(atPath: root)
    }
}

/// A hot standby of a `PrivateCluster`, to stop, start, and hold back.
public final class StandbyCluster: @unchecked Sendable {
    let cluster: EmbeddedPostgres
    public private(set) var running: RunningPostgres

    init(cluster: EmbeddedPostgres, running: RunningPostgres) {
        self.cluster = cluster
        self.running = running
    }

    /// The service database as the service's role (what `serve --replica-url` takes).
    public var appConninfo: String { running.conninfo(user: EventStoreSchema.appRole) }

    /// Stops the standby (fast: clients are cut off).
    public func stop() throws {
        try running.stop(mode: "fast")
    }

    /// Starts it again: it reconnects to the primary and replays what it missed.
    public func start() throws {
        running = try cluster.start()
    }

    /// Holds replay back (the standby falls behind) or lets it go on.
    public func pauseReplay() throws {
        let connection = try PostgresConnection(conninfo: running.conninfo())
        defer { connection.close() }
        try connection.query("SELECT pg_wal_replay_pause()")
    }

    public func resumeReplay() throws {
        let connection = try PostgresConnection(conninfo: running.conninfo())
        defer { connection.close() }
        try connection.query("SELECT pg_wal_replay_resume()")
    }

    /// The log position the standby has replayed.
    public func replayedPosition() throws -> Int64 {
        let connection = try PostgresConnection(conninfo: running.conninfo())
        defer { connection.close() }
        return try connection.query("SELECT position FROM event_log_head").firstRow?.decode(Int64.self, at: 0) ?? 0
    }
}
