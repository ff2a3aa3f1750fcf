import ArgumentParser
import Foundation
import Logging
import PostgresClient
import QueryDaemon
import SchemaMigrations
import EventStore
import ServiceLifecycle

/// `riwayat serve`: runs the HTTP query daemon.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the HTTP query daemon (migrates first).")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Address to listen on.")
    var host: String = ProcessInfo.processInfo.environment["RIWAYAT_HOST"] ?? "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port: Int = Int(ProcessInfo.processInfo.environment["RIWAYAT_PORT"] ?? "") ?? 8080

    @Flag(name: .customLong("no-migrate"), help: "Do not apply pending migrations on start.")
    var noMigrate = false

    func run() async throws {
        let migrations = try database.loadMigrations()
        let configuration = DaemonConfiguration(host: host, port: port)
        let migrate = !noMigrate
        try await database.withDatabase(maxConnections: 16) { pool, logger in
            if migrate {
                let migrator = Migrator(migrations: migrations, invariants: EventStoreSchema.invariants, logger: logger)
                let report = try await pool.withConnection { try migrator.migrate(on: $0) }
                logger.info("schema ready", metadata: ["applied": "\(report.applied.count)", "known": "\(migrations.count)"])
            }
            let app = buildApplication(configuration: configuration, pool: pool, logger: logger)
            print("riwayat is serving on http://\(configuration.host):\(configuration.port)  (try: curl http://\(configuration.host):\(configuration.port)/healthz)")
            let group = ServiceGroup(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            try await group.run()
        }
    }
}
