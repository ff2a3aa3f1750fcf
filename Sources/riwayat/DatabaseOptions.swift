import ArgumentParser
import EmbeddedPostgres
import EventStore
import Foundation
import Logging
import NIOPosix
import PostgresClient
import SchemaMigrations
import UnixSignals

/// Options every command that touches the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "PostgreSQL URL or conninfo (default: DATABASE_URL, then PGHOST/PGDATABASE/PGSERVICE, then the embedded cluster).")
    var databaseURL: String?

    @Option(name: .customLong("data-dir"), help: "Use the embedded PostgreSQL cluster in this directory (default when nothing else is configured: ./.riwayat/pgdata).")
    var dataDirectory: String?

    @Flag(name: .customLong("keep-database"), help: "Leave an embedded server this command started running when it exits.")
    var keepDatabase = false

    @Option(name: .customLong("migrations-dir"), help: "Directory of the NNNN_name.sql migrations (default: ./sql, then the source tree's sql/).")
    var migrationsDirectory: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = ProcessInfo.processInfo.environment["RIWAYAT_LOG_LEVEL"] ?? "info"

    var target: DatabaseTarget {
        DatabaseTarget.resolve(
            databaseURL: databaseURL, dataDirectory: dataDirectory, environment: ProcessInfo.processInfo.environment)
    }

    func makeLogger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = Logger.Level(rawValue: logLevel.lowercased()) ?? .info
        return logger
    }

    func loadMigrations() throws -> [Migration] {
        try Migration.load(directory: Migration.locateDirectory(explicit: migrationsDirectory))
    }

    /// Opens the configured database (starting the embedded cluster when that is the target),
    /// runs `body` with a pool, then closes the pool and stops a server this command started.
    ///
    /// Unless `trapsSignals` is off (the daemon has its own graceful shutdown), SIGINT and SIGTERM
    /// cancel `body`: long commands stop at their next batch boundary (every batch is its own
    /// transaction, so nothing half-done is stored), the embedded server is stopped as on a
    /// normal exit, and the command exits with status 130. A second signal exits at once.
    ///
    /// With `migratesEmbedded`, commands that write (append, import, generate --append) apply
    /// pending migrations first when the target is the embedded cluster, so a fresh data directory
    /// just works; a configured server's schema stays under its operator's `riwayat migrate`.
    func withDatabase<T: Sendable>(
        maxConnections: Int = 8, trapsSignals: Bool = true, migratesEmbedded: Bool = false, _ body: @escaping @Sendable (PostgresConnectionPool, Logger) async throws -> T
    ) async throws -> T {
        let logger = makeLogger("riwayat")
        var running: RunningPostgres?
        let conninfo: String
        switch target {
        case .server(let configured):
            conninfo = configured
        case .embedded(let requested):
            var clusterLogger = makeLogger("riwayat.embedded-postgres")
            clusterLogger.logLevel = max(clusterLogger.logLevel, .notice)
            let usesDefault = dataDirectory == nil && requested == EmbeddedPostgres.defaultDataDirectory
            // initdb, pg_ctl and waiting for the server block: not on the cooperative pool.
            let started = try await NIOThreadPool.singleton.runIfActive { [clusterLogger] in
                let directory = usesDefault ? EmbeddedPostgres.defaultDataDirectory(logger: clusterLogger) : requested
                return try EmbeddedPostgres(dataDirectory: directory, logger: clusterLogger).start()
            }
            running = started
            conninfo = started.conninfo()
            logger.info("using the embedded PostgreSQL", metadata: [
                "dataDirectory": "\(started.cluster.dataDirectory)", "startedHere": "\(started.startedByUs)",
            ])
        }
        let pool = PostgresConnectionPool(configuration: .init(conninfo: conninfo, maxConnections: maxConnections), logger: logger)
        let result: Result<T, any Error>
        let migrations = migratesEmbedded && running != nil ? try? loadMigrations() : nil
        let work = Task {
            if let migrations {
                let migrator = Migrator(migrations: migrations, invariants: EventStoreSchema.invariants, logger: logger)
                _ = try await pool.withConnection { try migrator.migrate(on: $0) }
            }
            return try await body(pool, logger)
        }
        let interrupts = trapsSignals ? Task { await Self.cancelOnSignal(work, logger: logger) } : nil
        do {
            result = .success(try await work.value)
        } catch is CancellationError where work.isCancelled {
            result = .failure(ExitCode(130))
        } catch let error as PostgresError where error.sqlState == "42P01" {
            // undefined_table: nothing has been migrated into this database yet.
            result = .failure(CommandFailure(description: "the database has no Riwayat schema yet (\(error.message)): run `riwayat migrate` first"))
        } catch {
            result = .failure(error)
        }
        interrupts?.cancel()
        await pool.close()
        if let running, !keepDatabase {
            do {
                _ = try await NIOThreadPool.singleton.runIfActive { try running.stopIfOwned() }
            } catch {
                logger.warning("could not stop the embedded PostgreSQL", metadata: ["error": "\(error)"])
            }
        }
        return try result.get()
    }
}

extension DatabaseOptions {
    /// Cancels `work` on the first SIGINT or SIGTERM; exits on the second.
    static func cancelOnSignal(_ work: Task<some Sendable, any Error>, logger: Logger) async {
        var interrupted = false
        for await signal in await UnixSignalsSequence(trapping: .sigint, .sigterm) {
            if interrupted {
                logger.warning("second \(signal): exiting now; an embedded server this command started is left running")
                Foundation.exit(130)
            }
            interrupted = true
            logger.notice("\(signal): stopping after the current batch (\(signal) again to exit at once); run the same command again to resume")
            work.cancel()
        }
    }
}

/// Prints an error for a person and exits non-zero, without a stack trace.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
}
