import Foundation
import Logging
import PostgresClient

/// Applies pending migrations in order, each in its own transaction, recording name, checksum
/// and time in `schema_migrations`. A session advisory lock makes concurrent runs take turns.
public struct Migrator: Sendable {
    public var migrations: [Migration]
    public var invariants: [MigrationInvariant]
    /// Roles and grants applied after the migrations on every run (`privileges.sql`).
    public var privileges: String?
    /// Checked after `privileges`: each returns the problems found; any problem fails the run.
    public var privilegeChecks: [@Sendable (PostgresConnection) throws -> [String]]
    public var logger: Logger

    /// The advisory lock key all `riwayat migrate` runs share.
    static let lockKey: Int64 = 0x5249_5741_5941_5401

    public init(
        migrations: [Migration], invariants: [MigrationInvariant] = [], privileges: String? = nil,
        privilegeChecks: [@Sendable (PostgresConnection) throws -> [String]] = [], logger: Logger = Logger(label: "riwayat.migrate")
    ) {
        self.migrations = migrations
        self.invariants = invariants
        self.privileges = privileges
        self.privilegeChecks = privilegeChecks
        self.logger = logger
    }

    /// What a run did.
    public struct Report: Sendable, Equatable {
        /// Migrations applied by this run, in order.
        public var applied: [String]
        /// Migrations that were already applied before.
        public var alreadyApplied: [String]
    }

    /// Applies what is pending. Refuses to run when an applied file changed or vanished.
    public func migrate(on connection: PostgresConnection) throws -> Report {
        try connection.query("SELECT pg_advisory_lock(\(Self.lockKey))")
        defer { _ = try? connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))") }
        try connection.runScript(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name text PRIMARY KEY,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        let applied = try appliedChecksums(on: connection)
        try validate(applied: applied)

        var report = Report(applied: [], alreadyApplied: migrations.map(\.name).filter { applied[$0] != nil })
        for migration in migrations where applied[migration.name] == nil {
            logger.info("applying migration", metadata: ["migration": "\(migration.name)"])
            try connection.withTransaction { connection in
                do {
                    try connection.runScript(migration.sql)
                } catch let error as PostgresError {
                    throw MigrationError.failed(migration: migration.name, reason: String(reflecting: error))
                }
                for invariant in invariants {
                    if let reason = try invariant.check(connection) {
                        throw MigrationError.invariantBroken(migration: migration.name, invariant: invariant.name, reason: reason)
                    }
                }
                try connection.query(
                    """
                    INSERT INTO schema_migrations (name, checksum) VALUES (\(migration.name), \(migration.checksum))
                    """)
            }
            report.applied.append(migration.name)
        }
        try applyPrivileges(on: connection)
        return report
    }

    /// Applies `privileges` and checks the outcome in one transaction: a run that would leave
    /// unintended privileges behind changes nothing and fails.
    func applyPrivileges(on connection: PostgresConnection) throws {
        guard privileges != nil || !privilegeChecks.isEmpty else { return }
        try connection.withTransaction { connection in
            if let privileges {
                do {
                    try connection.runScript(privileges)
                } catch let error as PostgresError {
                    throw MigrationError.failed(migration: Migration.privilegesFileName, reason: String(reflecting: error))
                }
            }
            let problems = try privilegeChecks.flatMap { try $0(connection) }
            if !problems.isEmpty { throw MigrationError.privileges(problems) }
        }
    }

    /// Each known migration with the time it was applied (`nil` when pending).
    public func status(on connection: PostgresConnection) throws -> [(name: String, appliedAt: PostgresTimestamp?)] {
        let exists =
            try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL")
            .firstRow?.decode(Bool.self, at: 0) ?? false
        var appliedAt = [String: PostgresTimestamp]()
        if exists {
            for row in try connection.query("SELECT name, applied_at FROM schema_migrations") {
                let (name, time) = try row.decode((String, PostgresTimestamp).self)
                appliedAt[name] = time
            }
        }
        return migrations.map { ($0.name, appliedAt[$0.name]) }
    }

    func appliedChecksums(on connection: PostgresConnection) throws -> [String: String] {
        var applied = [String: String]()
        for row in try connection.query("SELECT name, checksum FROM schema_migrations") {
            let (name, checksum) = try row.decode((String, String).self)
            applied[name] = checksum
        }
        return applied
    }

    func validate(applied: [String: String]) throws {
        let known = Dictionary(migrations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (name, checksum) in applied.sorted(by: { $0.key < $1.key }) {
            guard let migration = known[name] else { throw MigrationError.missingFile(name) }
            if migration.checksum != checksum {
                throw MigrationError.changedAfterApply(name: name, recorded: checksum, current: migration.checksum)
            }
        }
        if let latest = migrations.last(where: { applied[$0.name] != nil }),
            let early = migrations.first(where: { applied[$0.name] == nil && $0.number < latest.number })
        {
            throw MigrationError.outOfOrder(new: early.name, latestApplied: latest.name)
        }
    }
}
