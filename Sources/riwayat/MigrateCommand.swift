import ArgumentParser
import EventStore
import PostgresClient
import SchemaMigrations

/// `riwayat migrate`: applies pending schema migrations and the privileges, and reports what it did.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending schema migrations from sql/ and the service's roles and grants (as the schema's owner).",
        discussion: """
            The one command that connects as the schema's owner (the embedded cluster's owner, or --database-url). \
            After the migrations it applies sql/privileges.sql (roles riwayat_app, riwayat_access_logger, \
            riwayat_analyst, riwayat_writer and their grants) and checks the outcome: it fails, changing nothing, \
            while any role other than the intended ones may append or change the log or the access log, or any \
            SECURITY DEFINER function is executable by PUBLIC. Run it again after a pg_restore.
            """)

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Only list the migrations and whether each is applied.")
    var status = false

    func run() async throws {
        let directory = try Migration.locateDirectory(explicit: database.migrationsDirectory)
        let showStatus = status
        let lines = try await database.withSession(maxConnections: 1, asOwner: true) { session in
            let migrator = try EventStoreSchema.migrator(directory: directory, logger: session.logger)
            return try await session.pool.withConnection { connection -> [String] in
                if showStatus {
                    return try migrator.status(on: connection).map { entry in
                        "\(entry.appliedAt.map { "applied \($0)" } ?? "pending")  \(entry.name)"
                    }
                }
                let report = try migrator.migrate(on: connection)
                var lines = report.applied.map { "applied  \($0)" }
                lines.append(
                    "\(report.applied.count) applied, \(report.alreadyApplied.count) already applied, \(migrator.migrations.count) known")
                lines.append(
                    "privileges applied and checked: only \(EventStoreSchema.writerRole) (and \(EventStoreSchema.appRole), a member) may "
                        + "append"
                )
                return lines
            }
        }
        for line in lines { print(line) }
    }
}
