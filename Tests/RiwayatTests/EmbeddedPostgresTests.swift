import EmbeddedPostgres
import Foundation
import Logging
import PostgresClient
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Embedded PostgreSQL cluster")
struct EmbeddedPostgresTests {
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/riwayat-embedded-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chmod(path, 0o755)
        return path
    }

    static func postmasterPID(_ dataDirectory: String) -> Int32? {
        (try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8))?
            .split(separator: "\n").first.flatMap { Int32($0) }
    }

    @Test func startsReusesAndStops() async throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let cluster = EmbeddedPostgres(dataDirectory: root + "/pgdata", durability: .throwaway)
        let first = try cluster.start()
        #expect(first.startedByUs)
        let connection = try PostgresConnection(conninfo: first.conninfo())
        #expect(try connection.query("SELECT current_database()").firstRow?.decode(String.self, at: 0) == "riwayat")
        // Only a unix socket, no TCP.
        #expect(try connection.query("SHOW listen_addresses").firstRow?.decode(String.self, at: 0) == "")
        let serverPID = Self.postmasterPID(cluster.dataDirectory)

        let second = try cluster.start()
        #expect(!second.startedByUs)
        #expect(Self.postmasterPID(cluster.dataDirectory) == serverPID)
        #expect(try second.stopIfOwned() == false)

        // Another client stays connected: the owner leaves the server running.
        #expect(try first.stopIfOwned(grace: .milliseconds(200)) == false)
        #expect(Self.postmasterPID(cluster.dataDirectory) == serverPID)
        // A client that leaves within the grace period does not keep the server running: it
        // closes once the owner's check is connected (it then sees exactly one other client).
        @Sendable func otherClients() throws -> Int {
            try connection.query(
                """
                SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
                """
            ).firstRow?.decode(Int.self, at: 0) ?? 0
        }
        // The previous check's connection is gone first, so the next one seen is the owner's.
        #expect(try await eventually(timeout: .seconds(20)) { try otherClients() == 0 })
        let leaving = Task.detached {
            _ = try await eventually(timeout: .seconds(20)) { try otherClients() >= 1 }
            connection.close()
        }
        #expect(try await onThread { try first.stopIfOwned(grace: .seconds(20)) } == true)
        try await leaving.value
        #expect(Self.postmasterPID(cluster.dataDirectory) == nil)
    }

    /// `riwayat serve` restarted right after Ctrl-C finds its previous server still shutting
    /// down: start() waits for it to go, then starts a fresh one (before: "stop it first", or a
    /// failure removing a lock file the departing server had just removed).
    @Test func startWaitsForAServerThatIsStillStopping() async throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let log = CapturedLog()
        let cluster = EmbeddedPostgres(dataDirectory: root + "/pgdata", durability: .throwaway, logger: log.logger())
        let first = try cluster.start()
        let client = try PostgresConnection(conninfo: first.conninfo())
        let pid = try #require(Self.postmasterPID(cluster.dataDirectory))
        // SIGTERM is a smart shutdown: new connections are refused until `client` leaves.
        #expect(kill(pid, SIGTERM) == 0)
        #expect(try await eventually(timeout: .seconds(20)) { (try? PostgresConnection(conninfo: first.conninfo())) == nil })
        let starting = Task { try await onThread { try cluster.start() } }
        let waiting = await eventually(timeout: .seconds(20)) { log.lines.contains { $0.hasPrefix("waiting for the PostgreSQL server") } }
        #expect(waiting, "\(log.lines)")
        client.close()
        let second = try await starting.value
        #expect(second.startedByUs)
        #expect(Self.postmasterPID(cluster.dataDirectory) != pid)
        let fresh = try PostgresConnection(conninfo: second.conninfo())
        #expect(try fresh.query("SELECT 1").firstRow?.decode(Int.self, at: 0) == 1)
        fresh.close()
        #expect(try second.stopIfOwned(grace: .seconds(5)))
    }

    @Test func restartsAfterTheServerWasKilled() throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let cluster = EmbeddedPostgres(dataDirectory: root + "/pgdata", durability: .durable)
        let first = try cluster.start()
        let connection = try PostgresConnection(conninfo: first.conninfo())
        try connection.query("CREATE TABLE kept (v int)")
        try connection.query("INSERT INTO kept VALUES (1)")
        connection.close()
        let pid = try #require(Self.postmasterPID(cluster.dataDirectory))
        #expect(kill(pid, SIGKILL) == 0)

        let restarted = try cluster.start()
        #expect(restarted.startedByUs)
        let again = try PostgresConnection(conninfo: restarted.conninfo())
        #expect(try again.query("SELECT count(*) FROM kept").firstRow?.decode(Int.self, at: 0) == 1)
        again.close()
        try restarted.stop(mode: "immediate")
    }

    @Test func removesAStalePidFileNamingAnotherProcess() throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let cluster = EmbeddedPostgres(dataDirectory: root + "/pgdata", durability: .throwaway)
        try cluster.start().stop()
        // A crash left postmaster.pid behind, and its pid now belongs to an unrelated process.
        let pidFile = cluster.dataDirectory + "/postmaster.pid"
        try "\(getpid())\n\(cluster.dataDirectory)\n".write(toFile: pidFile, atomically: true, encoding: .utf8)
        if geteuid() == 0, let account = getpwnam("postgres") {
            chown(pidFile, account.pointee.pw_uid, account.pointee.pw_gid)
        }
        let restarted = try cluster.start()
        #expect(restarted.startedByUs)
        #expect(Self.postmasterPID(cluster.dataDirectory) != getpid())
        try restarted.stop(mode: "immediate")
    }

    @Test func theTargetFollowsFlagsThenEnvironment() {
        #expect(
            DatabaseTarget.resolve(databaseURL: nil, dataDirectory: nil, environment: [:])
                == .embedded(dataDirectory: ".riwayat/pgdata"))
        #expect(
            DatabaseTarget.resolve(databaseURL: "postgresql://h/db", dataDirectory: "/d", environment: [:])
                == .embedded(dataDirectory: "/d"))
        #expect(
            DatabaseTarget.resolve(databaseURL: "postgresql://h/db", dataDirectory: nil, environment: ["DATABASE_URL": "x"])
                == .server(conninfo: "postgresql://h/db"))
        #expect(
            DatabaseTarget.resolve(databaseURL: nil, dataDirectory: nil, environment: ["DATABASE_URL": "postgresql://e/db"])
                == .server(conninfo: "postgresql://e/db"))
        #expect(
            DatabaseTarget.resolve(databaseURL: nil, dataDirectory: nil, environment: ["PGHOST": "/run/postgresql"])
                == .server(conninfo: ""))
    }

    @Test func theDefaultMovesWhenThePostgresUserCannotEnterTheCurrentDirectory() throws {
        let open = try Self.temporaryDirectory()
        let closed = try Self.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: open)
            try? FileManager.default.removeItem(atPath: closed)
        }
        chmod(closed, 0o700)
        let logger = Logger(label: "test")
        #expect(EmbeddedPostgres.defaultDataDirectory(logger: logger, currentDirectory: open) == EmbeddedPostgres.defaultDataDirectory)
        let moved = EmbeddedPostgres.defaultDataDirectory(logger: logger, currentDirectory: closed)
        if geteuid() == 0 {
            // As root the server runs as postgres, which cannot enter a 0700 root directory.
            #expect(moved.hasPrefix("/var/tmp/riwayat-") && moved.hasSuffix("/pgdata"))
            #expect(moved == EmbeddedPostgres.defaultDataDirectory(logger: logger, currentDirectory: closed))
        } else {
            // An ordinary user runs the server itself: its own directories always work.
            #expect(moved == EmbeddedPostgres.defaultDataDirectory)
        }
    }

    @Test func aTooLongDataDirectoryIsExplained() {
        let cluster = EmbeddedPostgres(dataDirectory: "/tmp/" + String(repeating: "d", count: 120))
        let error = #expect(throws: EmbeddedPostgresError.self) { try cluster.start() }
        #expect(error?.description.contains("too long") == true)
    }
}
