import EmbeddedPostgres
import EventStore
import Foundation
import PostgresClient
import SchemaMigrations

#if canImport(Glibc)
import Glibc
#endif

/// The throwaway PostgreSQL cluster all tests of one process share, started with the same code
/// as the embedded default, in a temporary directory, and removed when the process exits.
public actor TestCluster {
    public static let shared = TestCluster()

    private var running: RunningPostgres?
    private var templateMigrated = false
    private var counter = 0

    /// The started cluster.
    public func cluster() throws -> RunningPostgres {
        if let running { return running }
        let scratch = try ScratchCluster.start(prefix: "riwayat-test", durability: .throwaway, databaseName: "postgres")
        let started = scratch.running
        TestClusterCleanup.register(
            pgCtl: try PostgresBinaries.locate().pgCtl, dataDirectory: started.cluster.dataDirectory, root: scratch.root)
        running = started
        return started
    }

    /// A fresh, empty database; with `migrated`, every migration in `sql/` is applied.
    public func makeDatabase(migrated: Bool = true) throws -> TestDatabase {
        let cluster = try cluster()
        let admin = try PostgresConnection(conninfo: cluster.conninfo(database: "postgres"))
        defer { admin.close() }
        if migrated && !templateMigrated {
            try admin.query("DROP DATABASE IF EXISTS riwayat_template")
            try admin.query("CREATE DATABASE riwayat_template")
            let connection = try PostgresConnection(conninfo: cluster.conninfo(database: "riwayat_template"))
            defer { connection.close() }
            _ = try EventStoreSchema.migrator(directory: Migration.locateDirectory()).migrate(on: connection)
            templateMigrated = true
        }
        counter += 1
        let name = "test_\(counter)_\(UInt16.random(in: 0...UInt16.max))"
        let template = migrated ? "riwayat_template" : "template0"
        try admin.query("CREATE DATABASE \(identifier: name) TEMPLATE \(identifier: template)")
        return TestDatabase(
            name: name, conninfo: cluster.conninfo(database: name),
            appConninfo: cluster.conninfo(database: name, user: EventStoreSchema.appRole),
            accessLogConninfo: cluster.conninfo(database: name, user: EventStoreSchema.accessLoggerRole))
    }
}

/// One test's own database.
public struct TestDatabase: Sendable {
    public let name: String
    /// As the cluster's superuser (the schema's owner).
    public let conninfo: String
    /// As the service's role, `riwayat_app`.
    public let appConninfo: String
    /// As the access-log role.
    public let accessLogConninfo: String

    /// A direct connection as the owner (blocking; fine inside tests).
    public func connect() throws -> PostgresConnection {
        try PostgresConnection(conninfo: conninfo)
    }

    /// A pool on this database as the owner.
    public func pool(maxConnections: Int = 4) -> PostgresConnectionPool {
        PostgresConnectionPool(configuration: .init(conninfo: conninfo, maxConnections: maxConnections))
    }

    /// A pool as the service's role, as the daemon and the commands connect.
    public func appPool(maxConnections: Int = 4) -> PostgresConnectionPool {
        PostgresConnectionPool(configuration: .init(conninfo: appConninfo, maxConnections: maxConnections))
    }
}

/// Stops the test cluster and deletes its files when the test process exits.
enum TestClusterCleanup {
    nonisolated(unsafe) static var command: String?

    static func register(pgCtl: String, dataDirectory: String, root: String) {
        let asUser = geteuid() == 0 ? "/usr/sbin/runuser -u postgres -- " : ""
        command = "\(asUser)'\(pgCtl)' stop -D '\(dataDirectory)' -m immediate -s >/dev/null 2>&1; rm -rf '\(root)'"
        atexit {
            if let command = TestClusterCleanup.command { _ = system(command) }
        }
    }
}
