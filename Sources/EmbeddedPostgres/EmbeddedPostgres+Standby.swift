import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension EmbeddedPostgres {
    /// Makes this (absent) data directory a streaming hot standby of `primary` with
    /// `pg_basebackup -R`, over the primary's private socket, and starts it. The standby gets a
    /// socket of its own in its data directory and replays the primary's WAL as it streams in;
    /// an existing standby directory is just started.
    public func startStandby(of primary: RunningPostgres) throws -> RunningPostgres {
        guard !FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") else { return try start() }
        let binaries = try PostgresBinaries.locate()
        let parent = (dataDirectory as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        if serverUser != nil { chmod(parent, 0o755) }
        try createDataDirectory()
        logger.info("copying the primary into a standby", metadata: ["dataDirectory": "\(dataDirectory)"])
        let source = primary.cluster
        var arguments = [
            "-D", dataDirectory, "-R", "-X", "stream", "-c", "fast", "-h", source.dataDirectory, "-p", "\(Self.port)", "-U",
            Self.superuser,
        ]
        if durability == .throwaway { arguments.append("--no-sync") }
        let outcome = try ProcessRunner.run(binaries.pgBasebackup, arguments, asUser: serverUser)
        guard outcome.status == 0 else {
            throw EmbeddedPostgresError("pg_basebackup failed (exit \(outcome.status)):\n\(outcome.output)")
        }
        // The copied configuration still names the primary's socket directory: the standby's own
        // settings come last and win.
        let settings = """

            # Riwayat standby: its own socket, read-only queries while it replays.
            unix_socket_directories = '\(dataDirectory.replacingOccurrences(of: "'", with: "''"))'
            hot_standby = on
            hot_standby_feedback = on

            """
        try appendSettings(settings)
        // The primary's log and its socket's lock file came along in the copy.
        let copied = (try? FileManager.default.contentsOfDirectory(atPath: dataDirectory)) ?? []
        for name in copied where name == "server.log" || name.hasPrefix(".s.PGSQL.") {
            try? FileManager.default.removeItem(atPath: dataDirectory + "/" + name)
        }
        return try start()
    }
}
