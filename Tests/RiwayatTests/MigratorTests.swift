import Foundation
import PostgresClient
import SchemaMigrations
import TestSupport
import Testing

@Suite("Schema migrations")
struct MigratorTests {
    /// A temporary directory of migration files, removed with the folder.
    final class Folder {
        let path = FileManager.default.temporaryDirectory.path + "/riwayat-migrations-\(UUID().uuidString)"

        init(_ files: [String: String]) throws {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            for (name, sql) in files { try write(name, sql) }
        }

        deinit {
            try? FileManager.default.removeItem(atPath: path)
        }

        func write(_ name: String, _ sql: String) throws {
            try sql.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
        }

        func migrations() throws -> [Migration] { try Migration.load(directory: path) }
    }

    static let files = [
        "0001_people.sql": "CREATE TABLE people (nip text PRIMARY KEY);",
        "0002_units.sql": "CREATE TABLE units (code text PRIMARY KEY); SELECT pg_sleep(0.1);",
        "0003_seed.sql": "INSERT INTO units VALUES ('DISDIK'), ('DINKES');",
    ]

    @Test func freshApplyThenReapplyIsANoOp() async throws {
        let folder = try Folder(Self.files)
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        defer { connection.close() }
        let migrator = Migrator(migrations: try folder.migrations())
        let first = try migrator.migrate(on: connection)
        #expect(first.applied == ["0001_people.sql", "0002_units.sql", "0003_seed.sql"])
        let second = try migrator.migrate(on: connection)
        #expect(second.applied.isEmpty)
        #expect(second.alreadyApplied.count == 3)
        #expect(try connection.query("SELECT count(*) FROM units").firstRow?.decode(Int.self, at: 0) == 2)
        let status = try migrator.status(on: connection)
        #expect(status.allSatisfy { $0.appliedAt != nil })
    }

    @Test func aChangedAppliedFileIsRefused() async throws {
        let folder = try Folder(Self.files)
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        defer { connection.close() }
        _ = try Migrator(migrations: try folder.migrations()).migrate(on: connection)
        try folder.write("0001_people.sql", "CREATE TABLE people (nip text PRIMARY KEY, name text);")
        try folder.write("0004_more.sql", "CREATE TABLE more (x int);")
        let error = #expect(throws: MigrationError.self) {
            try Migrator(migrations: try folder.migrations()).migrate(on: connection)
        }
        guard case .changedAfterApply(let name, _, _) = error else {
            Issue.record("expected changedAfterApply, got \(String(describing: error))")
            return
        }
        #expect(name == "0001_people.sql")
        #expect(try connection.query("SELECT to_regclass('more') IS NULL").firstRow?.decode(Bool.self, at: 0) == true)
    }

    @Test func aFailingMigrationIsRolledBackAndStopsTheRun() async throws {
        let folder = try Folder([
            "0001_ok.sql": "CREATE TABLE ok (x int);",
            "0002_bad.sql": "CREATE TABLE half (x int); SELECT no_such_function();",
            "0003_after.sql": "CREATE TABLE after (x int);",
        ])
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        defer { connection.close() }
        let error = #expect(throws: MigrationError.self) {
            try Migrator(migrations: try folder.migrations()).migrate(on: connection)
        }
        #expect(error?.description.contains("0002_bad.sql") == true)
        let tables = try connection.query("SELECT to_regclass('ok') IS NOT NULL, to_regclass('half') IS NULL, to_regclass('after') IS NULL")
        let (ok, halfGone, afterGone) = try #require(try tables.firstRow?.decode((Bool, Bool, Bool).self))
        #expect(ok && halfGone && afterGone)
    }

    @Test func anInvariantBrokenByAMigrationRollsItBack() async throws {
        let folder = try Folder([
            "0001_guarded.sql": "CREATE TABLE guarded (x int);",
            "0002_drop.sql": "DROP TABLE guarded;",
        ])
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        defer { connection.close() }
        let invariant = MigrationInvariant(name: "guarded exists") { connection in
            let exists = try connection.query("SELECT to_regclass('guarded') IS NOT NULL").firstRow?.decode(Bool.self, at: 0)
            return exists == true ? nil : "table guarded is gone"
        }
        let error = #expect(throws: MigrationError.self) {
            try Migrator(migrations: try folder.migrations(), invariants: [invariant]).migrate(on: connection)
        }
        #expect(error == .invariantBroken(migration: "0002_drop.sql", invariant: "guarded exists", reason: "table guarded is gone"))
        #expect(try connection.query("SELECT to_regclass('guarded') IS NOT NULL").firstRow?.decode(Bool.self, at: 0) == true)
    }

    @Test func concurrentRunsApplyEachFileOnce() async throws {
        let folder = try Folder(Self.files)
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let migrations = try folder.migrations()
        let reports = try await withThrowingTaskGroup(of: Migrator.Report.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    let connection = try database.connect()
                    defer { connection.close() }
                    return try Migrator(migrations: migrations).migrate(on: connection)
                }
            }
            return try await group.reduce(into: [Migrator.Report]()) { $0.append($1) }
        }
        let applied = reports.flatMap(\.applied)
        #expect(applied.sorted() == ["0001_people.sql", "0002_units.sql", "0003_seed.sql"])
        let connection = try database.connect()
        defer { connection.close() }
        #expect(try connection.query("SELECT count(*) FROM schema_migrations").firstRow?.decode(Int.self, at: 0) == 3)
        #expect(try connection.query("SELECT count(*) FROM units").firstRow?.decode(Int.self, at: 0) == 2)
    }

    @Test func fileNamesMustFollowThePattern() throws {
        #expect(throws: MigrationError.badFileName("1_people.sql")) { try Migration(name: "1_people.sql", sql: "") }
        #expect(throws: MigrationError.badFileName("0001-People.sql")) { try Migration(name: "0001-People.sql", sql: "") }
        let folder = try Folder(["0001_a.sql": "", "0001_b.sql": ""])
        #expect(throws: MigrationError.duplicateNumber("0001_a.sql", "0001_b.sql")) { try folder.migrations() }
        let migration = try Migration(name: "0042_add_units.sql", sql: "SELECT 1;")
        #expect(migration.number == 42)
        #expect(migration.checksum.count == 64)
    }

    @Test func theProjectMigrationsApplyCleanly() async throws {
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        defer { connection.close() }
        let migrations = try Migration.load(directory: Migration.locateDirectory())
        #expect(!migrations.isEmpty)
        let report = try Migrator(migrations: migrations).migrate(on: connection)
        #expect(report.applied == migrations.map(\.name))
    }
}
