import ArgumentParser
import CareerDomain
import CareerLog
import EventStore
import Foundation
import Logging
import MemoryAllocator
import Metrics
import PostgresClient
import Projections
import Prometheus
import QueryDaemon
import SchemaMigrations
import ServiceLifecycle

/// `riwayat serve`: runs the HTTP query daemon.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP query daemon (migrates first; on an empty store loads a sample workforce and prints a demo token).")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Address to listen on.")
    var host: String = ProcessInfo.processInfo.environment["RIWAYAT_HOST"] ?? "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port: Int = Int(ProcessInfo.processInfo.environment["RIWAYAT_PORT"] ?? "") ?? 8080

    @Flag(name: .customLong("no-migrate"), help: "Do not apply pending migrations on start.")
    var noMigrate = false

    @Flag(name: .customLong("no-projections"), help: "Do not run the projection runner in this process.")
    var noProjections = false

    @Flag(name: .customLong("flush-access-log"), help: "Make every personal read wait until its access-log entry is flushed to disk, not only committed.")
    var flushAccessLog = false

    @Option(name: .customLong("sample-employees"), help: "Employees of the sample workforce loaded into an empty store (0: none).")
    var sampleEmployees = 3000

    func run() async throws {
        let migrations = try database.loadMigrations()
        let configuration = DaemonConfiguration(host: host, port: port)
        let migrate = !noMigrate, projections = !noProjections, sample = sampleEmployees, flush = flushAccessLog
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        try await database.withDatabase(maxConnections: 16, trapsSignals: false) { pool, logger in
            if migrate {
                let migrator = Migrator(migrations: migrations, invariants: EventStoreSchema.invariants, logger: logger)
                let report = try await pool.withConnection { try migrator.migrate(on: $0) }
                logger.info("schema ready", metadata: ["applied": "\(report.applied.count)", "known": "\(migrations.count)"])
            }
            let services = DaemonServices(pool: pool, registry: registry, flushAccessLog: flush)
            if sample > 0, try await services.store.head().position == 0 {
                say("loading a sample workforce of \(sample) generated employees (seed 1) …")
                let report = try await WorkforceFile.load(WorkforceGenerator(seed: 1, employees: sample), into: services.log, source: "sample")
                if let first = report.rejected.first { throw ValidationError("the sample workforce was refused: \(first)") }
                MemoryAllocator.releaseFreeMemory()
            }
            var demoToken: String?
            if try await services.tokens.isEmpty() {
                demoToken = try await services.tokens.create(name: "demo", roles: Set(Role.allCases))
            }
            var serviceList: [any Service] = []
            let projection = EmployeeProjection(store: services.store, logger: logger)
            if projections {
                // The first catch-up on a fresh store happens before serving, so answers are complete.
                if try await projection.checkpoint() == nil {
                    say("building the read models …")
                    try await projection.rebuild()
                    // The rebuild's worker threads leave freed memory in jemalloc's arenas.
                    MemoryAllocator.releaseFreeMemory()
                }
                let runner = ProjectionRunner(projection: projection, afterRebuild: { MemoryAllocator.releaseFreeMemory() })
                serviceList.append(ProjectionService(runner: runner))
                serviceList.append(LagGaugeService(store: services.store))
            }
            let app = buildApplication(configuration: configuration, services: services, logger: logger)
            serviceList.insert(app, at: 0)
            let base = "http://\(configuration.host):\(configuration.port)"
            say("riwayat is serving on \(base)  (API description: \(base)/openapi.json)")
            if let demoToken {
                say("demo token (all roles; shown once): \(demoToken)")
                let sampleNIP = try? await pool.query("SELECT nip FROM employee_current ORDER BY nip LIMIT 1").firstRow?.decode(String.self, at: 0)
                say("try: curl -H 'Authorization: Bearer \(demoToken)' \(base)/v1/employees/\(sampleNIP ?? "198609262015051001")?explain=true")
            } else {
                say("create an API token with: riwayat token create --name NAME --role inspector")
            }
            let group = ServiceGroup(services: serviceList, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            try await group.run()
        }
    }
}

/// The projection runner as a service: stops when the group shuts down.
struct ProjectionService: Service {
    let runner: ProjectionRunner

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await runner.run()
        }
    }
}

/// Publishes the projection lag (events and seconds) as gauges every two seconds.
struct LagGaugeService: Service {
    let store: EventStore

    func run() async throws {
        let events = Gauge(label: "riwayat_projection_lag_events")
        let seconds = Gauge(label: "riwayat_projection_lag_seconds")
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            if let status = try? await ProjectionStatus.employees(store: store) {
                events.record(status.lagEvents)
                seconds.record(status.lagSeconds)
            }
            try? await Task.sleep(for: .seconds(2))
        }
    }
}

/// Prints a line straight away (standard output may be a pipe or a file).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
