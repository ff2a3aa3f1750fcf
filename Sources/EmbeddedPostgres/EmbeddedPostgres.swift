import Foundation
import Logging
import PostgresClient

#if canImport(Glibc)
import Glibc
#endif

/// A private PostgreSQL cluster in a data directory, reachable only through a unix socket
/// inside that directory (no TCP port). Created on first use, reused afterwards.
///
/// When run as root the server runs as the `postgres` system user (PostgreSQL refuses root).
/// A cluster already started by another process is used and left running.
public struct EmbeddedPostgres: Sendable {
    /// How much the cluster should care about surviving a crash.
    public enum Durability: Sendable {
        /// Normal PostgreSQL durability: the default for real data.
        case durable
        /// No fsync: for throwaway test and benchmark clusters only.
        case throwaway
    }

    public var dataDirectory: String
    public var durability: Durability
    /// The database the service uses (created when missing).
    public var databaseName: String
    public var logger: Logger

    public init(
        dataDirectory: String, durability: Durability = .durable, databaseName: String = "riwayat",
        logger: Logger = Logger(label: "riwayat.embedded-postgres")
    ) {
        let absolute =
            dataDirectory.hasPrefix("/")
            ? dataDirectory : FileManager.default.currentDirectoryPath + "/" + dataDirectory
        self.dataDirectory = URL(fileURLWithPath: absolute).standardizedFileURL.path
        self.durability = durability
        self.databaseName = databaseName
        self.logger = logger
    }

    /// The default data directory, `./.riwayat/pgdata`.
    public static let defaultDataDirectory = ".riwayat/pgdata"

    /// The data directory to use for the default: `./.riwayat/pgdata`, unless we are root and
    /// the `postgres` user cannot enter the current directory (a checkout under `/root`, say);
    /// then a directory of its own under `/var/tmp`, named after the current directory, so the
    /// quick start works there too.
    public static func defaultDataDirectory(
        logger: Logger, currentDirectory current: String = FileManager.default.currentDirectoryPath
    ) -> String {
        guard geteuid() == 0,
            let probe = try? ProcessRunner.run("/usr/bin/test", ["-x", current], asUser: "postgres"),
            probe.status != 0
        else { return defaultDataDirectory }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in current.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let fallback = "/var/tmp/riwayat-" + String(hash, radix: 16) + "/pgdata"
        logger.notice(
            "the postgres user cannot enter the current directory; keeping the embedded cluster elsewhere",
            metadata: ["dataDirectory": "\(fallback)"])
        return fallback
    }

    /// The system user the server runs as when we are root.
    var serverUser: String? { geteuid() == 0 ? "postgres" : nil }

    /// The cluster's superuser (`initdb -U`).
    public static let superuser = "postgres"

    /// The conninfo for `database` on this cluster as `user` (default: the superuser). Host, port
    /// and user are all explicit, so libpq's `PGHOST`, `PGPORT` and `PGUSER` cannot steer it.
    public func conninfo(database: String? = nil, user: String? = nil) -> String {
        "host='\(escape(dataDirectory))' port=\(Self.port) dbname='\(escape(database ?? databaseName))' "
            + "user='\(escape(user ?? Self.superuser))'"
    }

    /// The port the socket is named after (`.s.PGSQL.5432`); no TCP port is opened.
    public static let port = 5432

    private func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
    }

    /// Creates the cluster if needed, starts it unless it already runs, and makes sure the
    /// service database exists.
    public func start() throws -> RunningPostgres {
        let socketPath = dataDirectory + "/.s.PGSQL.5432"
        guard socketPath.utf8.count < 108 else {
            throw EmbeddedPostgresError(
                "the data directory path is too long for a unix socket (\(socketPath.utf8.count) bytes, at most 107): "
                    + "choose a shorter --data-dir")
        }
        let binaries = try PostgresBinaries.locate()
        let parent = (dataDirectory as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        if serverUser != nil { chmod(parent, 0o755) }
        let lock = try DirectoryLock(path: dataDirectory + ".lock")
        defer { lock.unlock() }

        var created = false
        if !FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") {
            try initialise(binaries)
            created = true
        }
        var startedByUs = false
        if try !isRunning(binaries), try !awaitServerThatDoesNotAnswer(binaries) {
            try removeStalePidFile()
            try startServer(binaries)
            startedByUs = true
        } else {
            logger.info("using the PostgreSQL server already running", metadata: ["dataDirectory": "\(dataDirectory)"])
        }
        let running = RunningPostgres(cluster: self, binaries: binaries, startedByUs: startedByUs, created: created)
        do {
            try ensureDatabase()
        } catch {
            // Never leave a server this call started behind when it cannot be used.
            if startedByUs { try? running.stop(mode: "fast") }
            throw error
        }
        return running
    }

    /// Stops the cluster's server if one runs; returns whether it did. Creates nothing.
    @discardableResult
    public func stopIfRunning() throws -> Bool {
        guard FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") else { return false }
        let binaries = try PostgresBinaries.locate()
        guard try isRunning(binaries) else { return false }
        try RunningPostgres(cluster: self, binaries: binaries, startedByUs: true).stop()
        return true
    }

    /// Creates the (empty) data directory, private to the user the server runs as.
    func createDataDirectory() throws {
        let manager = FileManager.default
        try manager.createDirectory(
            atPath: dataDirectory, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        if let user = serverUser {
            guard let account = getpwnam(user) else {
                throw EmbeddedPostgresError("running as root needs the '\(user)' system user (Debian package postgresql creates it)")
            }
            guard chown(dataDirectory, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
                throw EmbeddedPostgresError("could not hand \(dataDirectory) to the '\(user)' user (errno \(errno))")
            }
            let probe = try ProcessRunner.run("/usr/bin/test", ["-w", dataDirectory, "-a", "-x", dataDirectory], asUser: user)
            guard probe.status == 0 else {
                throw EmbeddedPostgresError(
                    "the '\(user)' user cannot reach \(dataDirectory) (a parent directory is private, e.g. /root): "
                        + "choose a --data-dir under a directory others can enter, such as /var/tmp/riwayat")
            }
        }
    }

    func initialise(_ binaries: PostgresBinaries) throws {
        logger.info("creating a PostgreSQL cluster", metadata: ["dataDirectory": "\(dataDirectory)"])
        try createDataDirectory()
        var arguments = ["-D", dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-instructions"]
        if durability == .throwaway { arguments.append("--no-sync") }
        let outcome = try ProcessRunner.run(binaries.initdb, arguments, asUser: serverUser)
        guard outcome.status == 0 else {
            throw EmbeddedPostgresError("initdb failed (exit \(outcome.status)):\n\(outcome.output)")
        }
        var settings = """

            # Riwayat embedded defaults: unix socket in the data directory only, no TCP.
            listen_addresses = ''
            port = \(Self.port)
            unix_socket_directories = '\(dataDirectory.replacingOccurrences(of: "'", with: "''"))'
            unix_socket_permissions = 0700
            max_connections = 200

            """
        if durability == .throwaway {
            settings += "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
        }
        try appendSettings(settings)
    }

    /// Adds `settings` at the end of the cluster's `postgresql.conf` (later lines win).
    func appendSettings(_ settings: String) throws {
        let configuration = dataDirectory + "/postgresql.conf"
        guard let handle = FileHandle(forWritingAtPath: configuration) else {
            throw EmbeddedPostgresError("cannot write \(configuration)")
        }
        handle.seekToEndOfFile()
        handle.write(Data(settings.utf8))
        handle.closeFile()
    }

    func isRunning(_ binaries: PostgresBinaries) throws -> Bool {
        let outcome = try ProcessRunner.run(binaries.pgCtl, ["status", "-D", dataDirectory], asUser: serverUser)
        // 0: running, 3: not running, 4: no usable data directory.
        guard outcome.status == 0 else { return false }
        // pg_ctl trusts a live PID; make sure the server really answers.
        return (try? PostgresConnection(conninfo: conninfo(database: "postgres")))?.isBroken == false
    }

    /// A live server that does not answer is shutting down (a command that just stopped it) or
    /// still starting: waits up to `patience` until it answers (returns true: use it) or is gone
    /// (returns false: start a new one). Returns false at once when no live server holds the
    /// directory; throws when one is still there, silent, after `patience`.
    func awaitServerThatDoesNotAnswer(_ binaries: PostgresBinaries, patience: Duration = .seconds(30)) throws -> Bool {
        let deadline = ContinuousClock.now + patience
        var announced = false
        while let pid = Self.postmasterPID(in: dataDirectory), Self.isLivePostgres(pid) {
            if try isRunning(binaries) { return true }
            guard ContinuousClock.now < deadline else {
                throw EmbeddedPostgresError(
                    "a PostgreSQL process (pid \(pid)) holds \(dataDirectory) but does not answer on its socket; stop it first")
            }
            if !announced {
                logger.notice("waiting for the PostgreSQL server that is stopping or starting", metadata: ["pid": "\(pid)"])
                announced = true
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    /// The process id in `postmaster.pid`, if the file is there and readable.
    static func postmasterPID(in dataDirectory: String) -> Int32? {
        (try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8))?
            .split(separator: "\n").first.flatMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// After a crash `postmaster.pid` and the socket's lock file may name a process that is gone,
    /// a zombie, or a process id now used by something else. Removes such lock files.
    func removeStalePidFile() throws {
        let socketLocks = ((try? FileManager.default.contentsOfDirectory(atPath: dataDirectory)) ?? [])
            .filter { $0.hasPrefix(".s.PGSQL.") && $0.hasSuffix(".lock") }
        for name in ["postmaster.pid"] + socketLocks {
            let path = dataDirectory + "/" + name
            guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            let pid = contents.split(separator: "\n").first.flatMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
            if let pid, pid > 0, Self.isLivePostgres(pid) {
                throw EmbeddedPostgresError(
                    "a PostgreSQL process (pid \(pid)) holds \(dataDirectory) but does not answer on its socket; stop it first")
            }
            logger.warning(
                "removing a stale lock file left by a crashed server",
                metadata: [
                    "file": "\(name)", "pid": "\(pid.map(String.init) ?? "?")",
                ])
            do {
                try FileManager.default.removeItem(atPath: path)
            } catch  where !FileManager.default.fileExists(atPath: path) {
                // The departing server removed it meanwhile: what we wanted.
            }
            if name != "postmaster.pid" {
                try? FileManager.default.removeItem(atPath: path.replacingOccurrences(of: ".lock", with: ""))
            }
        }
    }

    /// Whether `pid` is a running (not zombie) PostgreSQL process.
    static func isLivePostgres(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0,
            let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")"), open < close
        else { return false }
        // "pid (name) state …": the name may itself hold spaces or parentheses.
        let name = stat[stat.index(after: open)..<close]
        let state = stat[stat.index(close, offsetBy: 2)...].first
        return name.hasPrefix("postgres") && state != "Z" && state != "X"
    }

    /// Whether a failed start was caused by what a crashed server left behind.
    static func crashLeftovers(in log: String) -> Bool {
        log.contains("is still in use") || log.contains("already exists")
    }

    func startServer(_ binaries: PostgresBinaries) throws {
        logger.info("starting PostgreSQL", metadata: ["dataDirectory": "\(dataDirectory)"])
        let logFile = dataDirectory + "/server.log"
        // After a crash the old server's children may hold its shared memory for a moment.
        let deadline = ContinuousClock.now + .seconds(30)
        var outcome = try ProcessRunner.run(
            binaries.pgCtl, ["start", "-D", dataDirectory, "-w", "-t", "120", "-s", "-l", logFile, "-o", "-p \(Self.port)"],
            asUser: serverUser)
        while outcome.status != 0, ContinuousClock.now < deadline,
            Self.crashLeftovers(in: (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "")
        {
            logger.notice("waiting for the crashed server's processes to exit")
            try removeStalePidFile()
            usleep(200_000)
            try? FileManager.default.removeItem(atPath: logFile)
            outcome = try ProcessRunner.run(
                binaries.pgCtl, ["start", "-D", dataDirectory, "-w", "-t", "120", "-s", "-l", logFile, "-o", "-p \(Self.port)"],
                asUser: serverUser)
        }
        guard outcome.status == 0 else {
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            let tail = log.split(separator: "\n").suffix(15).joined(separator: "\n")
            throw EmbeddedPostgresError("PostgreSQL did not start (exit \(outcome.status)):\n\(outcome.output)\n\(tail)")
        }
    }

    func ensureDatabase() throws {
        let connection = try PostgresConnection(conninfo: conninfo(database: "postgres"))
        defer { connection.close() }
        let exists = try connection.query("SELECT 1 FROM pg_database WHERE datname = \(databaseName)")
        if exists.isEmpty {
            do {
                try connection.query("CREATE DATABASE \(identifier: databaseName)")
            } catch let error as PostgresError where error.sqlState == SQLState("42P04") {
                // Created by a concurrent process meanwhile.
            }
        }
    }
}
