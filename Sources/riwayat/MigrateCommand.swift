import ArgumentParser
import EventStore
import PostgresClient
import SchemaMigrations

/// `riwayat migrate`: applies pending schema migrations and reports what it did.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply pending schema migrations from sql/.")

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Only list the migrations and whether each is applied.")
    var status = false

    func run() async throws {
        let migrations = try database.loadMigrations()
        let showStatus = status
        let lines = try await database.withDatabase(maxConnections: 1) { pool, logger in
            let migrator = Migrator(migrations: migrations, invariants: EventStoreSchema.invariants, logger: logger)
            return try await pool.withConnection { connection -> [String] in
                if showStatus {
                    return try migrator.status(on: connection).map { entry in
                        "\(entry.appliedAt.map { "applied \($0)" } ?? "pending")  \(entry.name)"
                    }
                }
                let report = try migrator.migrate(on: connection)
                var lines = report.applied.map { "applied  \($0)" }
                lines.append("\(report.applied.count) applied, \(report.alreadyApplied.count) already applied, \(migrations.count) known")
                return lines
            }
        }
        lines.forEach { print($0) }
    }
}
