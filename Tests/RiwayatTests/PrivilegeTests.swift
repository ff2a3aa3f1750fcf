import EmbeddedPostgres
import EventStore
import Foundation
import PostgresClient
import SchemaMigrations
import TestSupport
import Testing

/// The service's roles can do what they need and nothing more, and `riwayat migrate` puts the
/// grants right (and refuses to succeed otherwise), also after a dump is restored.
@Suite("Least privilege in the database")
struct PrivilegeTests {
    static func denied(_ connection: PostgresConnection, _ sql: String) -> Bool {
        do {
            try connection.runScript(sql)
            return false
        } catch let error as PostgresError {
            return error.sqlState == SQLState.insufficientPrivilege
        } catch {
            return false
        }
    }

    /// The non-superuser roles that may append to the log, directly or through its functions.
    static func appenders(_ connection: PostgresConnection) throws -> [String] {
        try connection.query(
            """
            SELECT r.rolname FROM pg_roles r
            WHERE NOT r.rolsuper AND r.rolname NOT LIKE 'pg\\_%'
              AND (has_table_privilege(r.oid, 'events', 'INSERT')
                   OR has_function_privilege(r.oid, 'riwayat_append_one(text, integer, uuid, text, integer, date, json, json)', 'EXECUTE')
                   OR has_function_privilege(r.oid, 'riwayat_first_load_begin()', 'EXECUTE'))
            ORDER BY 1
            """
        ).map { try $0.decode(String.self, at: 0) }
    }

    @Test func eachRoleMayDoItsPartOnly() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let app = try PostgresConnection(conninfo: database.appConninfo)
        let logger = try PostgresConnection(conninfo: database.accessLogConninfo)
        defer {
            app.close()
            logger.close()
        }
        #expect(try app.query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").firstRow?.decode(Bool.self, at: 0) == false)
        // The app reads the log and its read models, never changes an event or writes the access log.
        #expect(!Self.denied(app, "SELECT count(*) FROM events; SELECT count(*) FROM employee_current; SELECT count(*) FROM access_log"))
        #expect(Self.denied(app, "UPDATE events SET payload = '{}'"))
        #expect(Self.denied(app, "DELETE FROM event_log_head"))
        #expect(Self.denied(app, "INSERT INTO access_log (action, person) VALUES ('forged', 'x')"))
        #expect(Self.denied(app, "SELECT riwayat_check_first_load()"))
        // The access log's role inserts entries and reads nothing.
        #expect(!Self.denied(logger, "INSERT INTO access_log (action, person, nips) VALUES ('test', 'system:test', '{}')"))
        #expect(Self.denied(logger, "SELECT count(*) FROM events"))
        #expect(Self.denied(logger, "SELECT count(*) FROM access_log"))
        // An analyst reads the read models, not the log.
        let admin = try database.connect()
        defer { admin.close() }
        try admin.runScript("DROP ROLE IF EXISTS analyst_ani; CREATE ROLE analyst_ani LOGIN IN ROLE riwayat_analyst")
        let analystConninfo = database.appConninfo.replacingOccurrences(of: "user='riwayat_app'", with: "user='analyst_ani'")
        let analyst = try PostgresConnection(conninfo: analystConninfo)
        defer { analyst.close() }
        #expect(!Self.denied(analyst, "SELECT count(*) FROM employee_current; SELECT count(*) FROM findings"))
        #expect(Self.denied(analyst, "SELECT count(*) FROM events"))
        #expect(Self.denied(analyst, "SELECT count(*) FROM access_log"))
        #expect(try Self.appenders(admin) == ["riwayat_app", "riwayat_writer"])
    }

    @Test func migratePutsGrantsRightAfterARestoreAndRefusesUnintendedOnes() async throws {
        let source = try await TestCluster.shared.makeDatabase()
        let binaries = try PostgresBinaries.locate()
        let dump = FileManager.default.temporaryDirectory.path + "/riwayat-dump-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dump) }
        #expect(try binaries.run("pg_dump", ["-Fc", "-f", dump, "-d", source.conninfo]).status == 0)
        // Restored as operators often do when roles differ: without owners or privileges.
        let restored = try await TestCluster.shared.makeDatabase(migrated: false)
        let outcome = try binaries.run("pg_restore", ["--no-owner", "--no-privileges", "-d", restored.conninfo, dump])
        #expect(outcome.status == 0, "\(outcome.output)")
        let admin = try restored.connect()
        defer { admin.close() }
        try admin.runScript("DROP ROLE IF EXISTS mallory; CREATE ROLE mallory LOGIN")
        // Restored like this, every role may call the SECURITY DEFINER append: the hole migrate closes.
        #expect(try Self.appenders(admin).contains("mallory"))
        #expect(!(try EventStoreSchema.privilegeProblems(on: admin)).isEmpty)

        let migrator = try EventStoreSchema.migrator(directory: Migration.locateDirectory())
        let report = try migrator.migrate(on: admin)
        #expect(report.applied.isEmpty)
        #expect(try Self.appenders(admin) == ["riwayat_app", "riwayat_writer"])
        #expect(try EventStoreSchema.privilegeProblems(on: admin).isEmpty)

        // A grant that nothing in privileges.sql takes back makes migrate fail (and change nothing).
        try admin.runScript("GRANT INSERT ON events TO mallory")
        #expect {
            _ = try migrator.migrate(on: admin)
        } throws: { error in
            guard case MigrationError.privileges(let problems) = error else { return false }
            return problems == ["mallory may INSERT events"]
        }
        try admin.runScript("REVOKE INSERT ON events FROM mallory; DROP ROLE mallory")
        // A SECURITY DEFINER function opened to PUBLIC by hand is closed again by the next migrate.
        try admin.runScript("GRANT EXECUTE ON FUNCTION riwayat_first_load_begin() TO PUBLIC")
        _ = try migrator.migrate(on: admin)
        #expect(try EventStoreSchema.privilegeProblems(on: admin).isEmpty)
    }

    @Test func aTemporaryTableCannotStandInForTheLogInsideTheOwnersFunctions() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let app = try PostgresConnection(conninfo: database.appConninfo)
        let owner = try database.connect()
        defer {
            app.close()
            owner.close()
        }
        try app.runScript("CREATE TEMP TABLE events (LIKE public.events)")
        // The function works on the real log (through its checks), never on the caller's table.
        let outcome = try app.query(
            """
            SELECT outcome FROM riwayat_append_one('198609262015051001', -1, gen_random_uuid(), 'Nonsense', 1, NULL, '{}', '{}')
            """
        ).firstRow?.decode(String.self, at: 0)
        #expect(outcome == "appended")
        #expect(try app.query("SELECT count(*) FROM pg_temp.events").firstRow?.decode(Int.self, at: 0) == 0)
        let store = EventStore(pool: database.pool())
        #expect(try await store.head().position == 1)
        #expect(try await store.verify().firstBreak == nil)
        await store.pool.close()
        #expect(try EventStoreSchema.privilegeProblems(on: owner).isEmpty)
    }

    @Test func theAccessLogsRoleCannotChooseAnEntrysIdOrTime() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let logger = try PostgresConnection(conninfo: database.accessLogConninfo)
        defer { logger.close() }
        #expect(Self.denied(logger, "INSERT INTO access_log (id, action, nips) VALUES (999999, 'forged', '{}')"))
        #expect(Self.denied(logger, "INSERT INTO access_log (at, action, nips) VALUES ('2001-01-01', 'forged', '{}')"))
        #expect(!Self.denied(logger, "INSERT INTO access_log (action, person, nips) VALUES ('read', 'system:x', '{}')"))
    }
}
