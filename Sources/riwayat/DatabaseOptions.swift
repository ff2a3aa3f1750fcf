import ArgumentParser
import CareerDomain
import EmbeddedPostgres
import EventStore
import Foundation
import Logging
import NIOPosix
import PostgresClient
import QueryDaemon
import SchemaMigrations
import UnixSignals

/// Options every command that touches the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: "PostgreSQL URL or conninfo (default: DATABASE_URL, then PGHOST/PGDATABASE/PGSERVICE, then the embedded cluster).")
    var databaseURL: String?

    @Option(
        name: .customLong("data-dir"),
        help: "Use the embedded PostgreSQL cluster in this directory (default when nothing else is configured: ./.riwayat/pgdata).")
    var dataDirectory: String?

    @Flag(name: .customLong("keep-database"), help: "Leave an embedded server this command started running when it exits.")
    var keepDatabase = false

    @Option(
        name: .customLong("migrations-dir"),
        help: "Directory of the NNNN_name.sql migrations (default: ./sql, then the source tree's sql/).")
    var migrationsDirectory: String?

    @Option(
        name: .customLong("access-log-url"),
        help: "PostgreSQL URL of the access-log role (default: RIWAYAT_ACCESS_LOG_URL, else --database-url).")
    var accessLogURL: String?

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
    /// See `withSession`.
    func withDatabase<T: Sendable>(
        maxConnections: Int = 8, trapsSignals: Bool = true, migratesEmbedded: Bool = false,
        _ body: @escaping @Sendable (PostgresConnectionPool, Logger) async throws -> T
    ) async throws -> T {
        try await withSession(maxConnections: maxConnections, trapsSignals: trapsSignals, migratesEmbedded: migratesEmbedded) { session in
            try await body(session.pool, session.logger)
        }
    }

    /// Opens the configured database and runs `body` with a session: a pool connected as the
    /// service's role (`riwayat_app`), never as a superuser, and the conninfo of the access-log
    /// role for commands that show personal data. `asOwner` (only `riwayat migrate`) connects as
    /// the schema's owner instead.
    ///
    /// The embedded cluster: the commands connect as `riwayat_app` and `riwayat_access_logger`
    /// (the migrations create them); with `migratesEmbedded` (commands that write, and `serve`),
    /// pending migrations are applied first as the cluster's owner, so a fresh data directory
    /// just works. A configured server (`--database-url`): its URL must name a role that is not a
    /// superuser (`riwayat_app`, or a login role granted it); the access log uses
    /// `--access-log-url` (or `RIWAYAT_ACCESS_LOG_URL`), else the same URL. Its schema stays under
    /// its operator's `riwayat migrate`.
    ///
    /// Unless `trapsSignals` is off (the daemon has its own graceful shutdown), SIGINT and SIGTERM
    /// cancel `body`: long commands stop at their next batch boundary (every batch is its own
    /// transaction, so nothing half-done is stored), the embedded server is stopped as on a
    /// normal exit, and the command exits with status 130. A second signal exits at once.
    func withSession<T: Sendable>(
        maxConnections: Int = 8, trapsSignals: Bool = true, migratesEmbedded: Bool = false, asOwner: Bool = false,
        statementTimeout: Duration? = nil, _ body: @escaping @Sendable (DatabaseSession) async throws -> T
    ) async throws -> T {
        let logger = makeLogger("riwayat")
        var running: RunningPostgres?
        let conninfo: String
        let accessLogConninfo: String
        var ownerConninfo: String?
        switch target {
        case .server(let configured):
            conninfo = configured
            accessLogConninfo = accessLogURL ?? ProcessInfo.processInfo.environment["RIWAYAT_ACCESS_LOG_URL"] ?? configured
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
            ownerConninfo = started.conninfo()
            conninfo = asOwner ? started.conninfo() : started.conninfo(user: EventStoreSchema.appRole)
            accessLogConninfo = started.conninfo(user: EventStoreSchema.accessLoggerRole)
            logger.info(
                "using the embedded PostgreSQL",
                metadata: [
                    "dataDirectory": "\(started.cluster.dataDirectory)", "startedHere": "\(started.startedByUs)",
                    "createdHere": "\(started.created)",
                ])
        }
        let migrationsDirectory =
            migratesEmbedded && running != nil ? try? Migration.locateDirectory(explicit: self.migrationsDirectory) : nil
        let configuredServer = running == nil
        let session = DatabaseSession(
            // With a statement budget (the daemon's requests), waiting for a connection is bounded
            // by the same budget: the caller then gets 503 with Retry-After, not an endless wait.
            pool: PostgresConnectionPool(
                configuration: .init(
                    conninfo: conninfo, maxConnections: maxConnections, statementTimeout: statementTimeout, acquireTimeout: statementTimeout
                ),
                logger: logger),
            logger: logger, accessLogConninfo: accessLogConninfo, ownerConninfo: ownerConninfo,
            createdCluster: running?.created ?? false, embedded: running != nil)
        let result: Result<T, any Error>
        let work = Task {
            if let migrationsDirectory, let ownerConninfo {
                let migrator = try EventStoreSchema.migrator(directory: migrationsDirectory, logger: logger)
                let owner = try PostgresConnection(conninfo: ownerConninfo)
                defer { owner.close() }
                _ = try migrator.migrate(on: owner)
            }
            if configuredServer, !asOwner {
                try await Self.refuseSuperuser(session.pool)
            }
            return try await body(session)
        }
        let interrupts = trapsSignals ? Task { await Self.cancelOnSignal(work, logger: logger) } : nil
        do {
            result = .success(try await work.value)
        } catch is CancellationError where work.isCancelled {
            result = .failure(ExitCode(130))
        } catch let error as PostgresError where error.sqlState == "42P01" || error.message.contains("role \"riwayat_") {
            // undefined_table, or the service's roles missing: nothing has been migrated into this database yet.
            result = .failure(
                CommandFailure(description: "the database has no Riwayat schema yet (\(error.message)): run `riwayat migrate` first"))
        } catch {
            result = .failure(error)
        }
        interrupts?.cancel()
        await session.pool.close()
        if let running, !keepDatabase {
            do {
                _ = try await NIOThreadPool.singleton.runIfActive { try running.stopIfOwned() }
            } catch {
                logger.warning("could not stop the embedded PostgreSQL", metadata: ["error": "\(error)"])
            }
        }
        return try result.get()
    }

    /// A configured server's URL must not name a superuser: the service runs with the privileges
    /// it needs only (README, "Security").
    static func refuseSuperuser(_ pool: PostgresConnectionPool) async throws {
        let row = try await pool.query("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user").firstRow
        if let row, try row.decode(Bool.self, at: 1) {
            let user = try row.decode(String.self, at: 0)
            throw CommandFailure(
                description: """
                    \(user) is a superuser: connect as \(EventStoreSchema.appRole) (or a login role granted it) and keep the owner's \
                    URL for `riwayat migrate` (see README, Security)
                    """)
        }
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
            logger.notice(
                "\(signal): stopping after the current batch (\(signal) again to exit at once); run the same command again to resume")
            work.cancel()
        }
    }
}
