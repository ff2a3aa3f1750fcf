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

    /// Stops the server and deletes its files.
    public func remove() {
        _ = try? cluster.stopIfRunning()
        try? FileManager.default.removeItem(atPath: root)
    }
}
