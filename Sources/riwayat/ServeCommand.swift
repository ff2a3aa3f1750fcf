import ArgumentParser
import CareerDomain
import CareerLog
import EmbeddedPostgres
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

/// `riwayat serve`: runs the HTTP query daemon.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP query daemon.",
        discussion: """
            On the embedded cluster it applies pending migrations first; a configured server must be migrated by its \
            operator (`riwayat migrate` as the owner) and is refused while migrations are pending. A sample workforce \
            and a demo token are created only in an embedded cluster this very command created, or with --sample \
            (into an empty store); the demo token is shown once on the terminal.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Address to listen on.")
    var host: String = ProcessInfo.processInfo.environment["RIWAYAT_HOST"] ?? "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port: Int = ProcessInfo.processInfo.environment["RIWAYAT_PORT"].map { Int($0) ?? -1 } ?? 8080

    @Flag(name: .customLong("no-migrate"), help: "Do not apply pending migrations on start (embedded cluster).")
    var noMigrate = false

    @Flag(name: .customLong("no-projections"), help: "Do not run the projection runner in this process.")
    var noProjections = false

    @Flag(
        name: .customLong("async-access-log"),
        help: ArgumentHelp(
            "Answer once an access-log entry is committed, without waiting for it to reach the disk (faster; a database crash can lose "
                + "the last entries of reads already answered).")
    )
    var asyncAccessLog = false

    @Flag(help: "Load a sample workforce and create a demo token into an empty store, even one this command did not create.")
    var sample = false

    @Option(name: .customLong("sample-employees"), help: "Employees of the sample workforce (0: none).")
    var sampleEmployees = 3000

    @Option(name: .customLong("statement-timeout"), help: "Seconds a request's database statement may run.")
    var statementTimeout = 30

    @Option(
        name: .customLong("rate-limit"),
        help: "Requests per second each token may make on expensive routes (reports, lists, proofs), with bursts of three times that.")
    var rateLimit = 10.0

    @Flag(
        name: .customLong("secure-cookies"),
        help: "Mark the web pages' cookies Secure: set when the daemon is reached over TLS (through a proxy).")
    var secureCookies = ProcessInfo.processInfo.environment["RIWAYAT_SECURE_COOKIES"] == "1"

    @Option(
        name: .customLong("signing-key"),
        help: "A key file from `riwayat key create`: the daemon signs a checkpoint of the log whenever it grows.")
    var signingKey: String? = ProcessInfo.processInfo.environment["RIWAYAT_SIGNING_KEY_FILE"]

    @Option(
        name: .customLong("witness-key"),
        help: "A witness's verifier key (NAME+ID+KEY, repeatable): its cosignatures of checkpoints are accepted and served.")
    var witnessKeys: [String] = []

    @Option(
        name: .customLong("replica-url"),
        help: ArgumentHelp(
            "A hot standby of the database (URL or conninfo, as the service's role; repeatable; RIWAYAT_REPLICA_URLS holds several, "
                + "separated by spaces): state, trail, findings, reports and pages are read from standbys that keep up."))
    var replicaURLs: [String] = (ProcessInfo.processInfo.environment["RIWAYAT_REPLICA_URLS"] ?? "").split(separator: " ").map(String.init)

    @Option(
        name: .customLong("replica-max-lag"),
        help: "Seconds a standby may miss committed events before reads leave it (it returns once it catches up).")
    var replicaMaxLag = 5.0

    @Option(
        name: .customLong("min-position-wait"),
        help: "Milliseconds a read waits for a standby (or the read models) to reach the position the client asked for.")
    var minPositionWait = 1000

    func validate() throws {
        guard (0.1...3600).contains(replicaMaxLag) else { throw ValidationError("--replica-max-lag must be 0.1 to 3600 seconds") }
        guard (0...60_000).contains(minPositionWait) else { throw ValidationError("--min-position-wait must be 0 to 60000 ms") }
        guard replicaURLs.allSatisfy({ !$0.isEmpty }) else { throw ValidationError("--replica-url must not be empty") }
        let fromEnvironment = (ProcessInfo.processInfo.environment["RIWAYAT_REPLICA_URLS"] ?? "").split(separator: " ").map(String.init)
        if !fromEnvironment.isEmpty, replicaURLs == fromEnvironment, fromEnvironment.contains(where: { !$0.contains("://") }) {
            throw ValidationError(
                "RIWAYAT_REPLICA_URLS takes postgresql:// URLs separated by spaces; give a conninfo (key=value) with --replica-url")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535 (RIWAYAT_PORT too)") }
        guard sampleEmployees >= 0 else { throw ValidationError("--sample-employees must be 0 or more") }
        guard (1...3600).contains(statementTimeout) else { throw ValidationError("--statement-timeout must be 1 to 3600 seconds") }
        guard rateLimit > 0 else { throw ValidationError("--rate-limit must be above 0") }
    }

    func run() async throws {
        let directory = try Migration.locateDirectory(explicit: database.migrationsDirectory)
        let configuration = DaemonConfiguration(host: host, port: port)
        let migrate = !noMigrate, projections = !noProjections, forcedSample = sample, sampleSize = sampleEmployees
        let durable = !asyncAccessLog, timeout = Duration.seconds(statementTimeout), limit = rateLimit
        let secure = secureCookies
        let replicaConninfos = replicaURLs, maxLag = Duration.milliseconds(Int64(replicaMaxLag * 1000))
        let wait = Duration.milliseconds(minPositionWait)
        let signer = try signingKey.map { try NoteSigner.load(file: $0) }
        let witnesses = try witnessKeys.map { text -> NoteVerifier in
            do {
                let verifier = try NoteVerifier(text: text)
                guard verifier.algorithm == 4 else { throw NoteKeyError(detail: "it is not a witness key (algorithm 0x04)") }
                return verifier
            } catch let error as NoteKeyError {
                throw ValidationError("--witness-key: \(error.detail)")
            }
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let dataDirectory = database.target
        try await database.withSession(maxConnections: 16, trapsSignals: false, migratesEmbedded: migrate, statementTimeout: timeout) {
            session in
            let logger = session.logger
            if !session.embedded || !migrate {
                try await Self.requireCurrentSchema(session.pool, directory: directory)
            }
            try AccessLogWriter.checkWritable(conninfo: session.accessLogConninfo)
            try await AccessLogWriter.checkSeparate(from: session.pool)
            var services = DaemonServices(
                pool: session.pool, accessLog: AccessLogWriter(conninfo: session.accessLogConninfo, durable: durable), registry: registry,
                limiter: RateLimiter(burst: Int(limit * 3), perSecond: limit), secureCookies: secure,
                signer: signer,
                replicas: ReplicaSet(
                    conninfos: replicaConninfos, maxConnections: 16, statementTimeout: timeout, maxLag: maxLag, maxWait: wait,
                    logger: logger))
            services.witnesses = witnesses
            var demoToken: String?
            if forcedSample || session.createdCluster, sampleSize > 0, try await services.store.head().position == 0 {
                say("loading a sample workforce of \(sampleSize) generated employees (seed 1) …")
                let report = try await WorkforceFile.load(
                    WorkforceGenerator(seed: 1, employees: sampleSize), into: services.log, recorder: .system("sample", source: "sample"))
                if let first = report.rejected.first { throw ValidationError("the sample workforce was refused: \(first)") }
                MemoryAllocator.releaseFreeMemory()
                if try await services.tokens.isEmpty() {
                    demoToken = try await services.tokens.create(
                        TokenStore.Grant(name: "demo", person: "system:demo", roles: Set(Role.allCases), createdBy: "system:sample")
                    ).secret
                }
            }
            // The projections run on their own connections, without the requests' statement timeout.
            let projectionPool = PostgresConnectionPool(
                configuration: .init(
                    conninfo: session.pool.configuration.conninfo, maxConnections: 4, applicationName: "riwayat-projection"),
                logger: logger)
            var projection: EmployeeProjection?
            if projections {
                let running = EmployeeProjection(store: EventStore(pool: projectionPool, logger: logger), logger: logger)
                // The first catch-up on a fresh store happens before serving, so answers are complete.
                if try await running.checkpoint() == nil {
                    say("building the read models …")
                    try await running.rebuild()
                    // The rebuild's worker threads leave freed memory in jemalloc's arenas.
                    MemoryAllocator.releaseFreeMemory()
                }
                projection = running
            }
            let noTokens = try await services.tokens.isEmpty()
            let target = dataDirectory, shownToken = demoToken
            // Said once the server really listens (and the group handles SIGTERM), with its port.
            let group = buildServiceGroup(
                configuration: configuration, services: services, projection: projection, logger: logger,
                background: projectionPool,
                afterRebuild: { MemoryAllocator.releaseFreeMemory() },
                onServing: { port in
                    let base = "http://\(configuration.host):\(port)"
                    if let shownToken {
                        Self.showOnce(demoToken: shownToken, base: base, target: target)
                    } else if noTokens {
                        say("create an API token with: riwayat token create --name NAME --person NIP --role inspector")
                    }
                    say("riwayat is serving on \(base)  (API description: \(base)/openapi.json)")
                })
            // Everything this command opened is closed before the embedded server it started is stopped.
            var failure: (any Error)?
            do {
                try await group.run()
            } catch {
                failure = error
            }
            await projectionPool.close()
            await services.accessLog.close()
            if let failure { throw failure }
        }
    }

    /// A configured server must be migrated by its owner before the service runs on it.
    static func requireCurrentSchema(_ pool: PostgresConnectionPool, directory: String) async throws {
        let known = try Migration.load(directory: directory).map(\.name)
        let applied = try await pool.query("SELECT name FROM schema_migrations").map { try $0.decode(String.self, at: 0) }
        let pending = known.filter { !applied.contains($0) }
        guard pending.isEmpty else {
            throw CommandFailure(
                description:
                    "the database lacks migrations \(pending.joined(separator: ", ")): run `riwayat migrate` as the schema's owner first")
        }
    }

    /// Shows the demo token once, on the terminal only: never into a log a pipe might feed. With
    /// no terminal, it goes (alone on its line) to a file only its owner can read, and the path is
    /// printed.
    static func showOnce(demoToken: String, base: String, target: DatabaseTarget) {
        let text = """
            demo token (all roles; shown once): \(demoToken)
            try: curl -H 'Authorization: Bearer \(demoToken)' \(base)/v1/reports/headcount?by=unit

            """
        if isatty(1) == 1 {
            say(text)
            return
        }
        if let terminal = FileHandle(forWritingAtPath: "/dev/tty") {
            terminal.write(Data(text.utf8))
            try? terminal.close()
            say("the demo token was shown on the terminal")
            return
        }
        var directory = FileManager.default.currentDirectoryPath + "/.riwayat"
        if case .embedded(let dataDirectory) = target {
            let absolute =
                dataDirectory.hasPrefix("/") ? dataDirectory : FileManager.default.currentDirectoryPath + "/" + dataDirectory
            directory = (absolute as NSString).deletingLastPathComponent
        }
        let path = directory + "/demo-token"
        try? FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // The file holds the token alone, so that `$(cat …/demo-token)` is the token.
        if FileManager.default.createFile(atPath: path, contents: Data((demoToken + "\n").utf8), attributes: [.posixPermissions: 0o600]) {
            say("no terminal: the demo token (all roles) was written to \(path), readable by you only")
        } else {
            say("no terminal and \(path) cannot be written: create a token with riwayat token create")
        }
    }
}

/// Prints a line straight away (standard output may be a pipe or a file).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
