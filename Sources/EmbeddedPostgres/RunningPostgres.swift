import Foundation
import PostgresClient

/// A started (or found running) embedded cluster.
public final class RunningPostgres: Sendable {
    public let cluster: EmbeddedPostgres
    let binaries: PostgresBinaries
    /// Whether this process started the server (and so should stop it).
    public let startedByUs: Bool
    /// Whether this process created the cluster (ran `initdb`): nothing in it predates us.
    public let created: Bool

    init(cluster: EmbeddedPostgres, binaries: PostgresBinaries, startedByUs: Bool, created: Bool = false) {
        self.cluster = cluster
        self.binaries = binaries
        self.startedByUs = startedByUs
        self.created = created
    }

    /// The conninfo of the service database (or `database`) as `user` (default: the superuser).
    public func conninfo(database: String? = nil, user: String? = nil) -> String {
        cluster.conninfo(database: database, user: user)
    }

    /// Stops the server if this process started it and no other client is connected.
    /// Returns whether it stopped.
    ///
    /// Connections this process closed a moment ago (a listener finishing its wait on its own
    /// thread) may still be on their way out: other clients get up to `grace` to leave before the
    /// server is left running for them.
    @discardableResult
    public func stopIfOwned(grace: Duration = .seconds(3)) throws -> Bool {
        guard startedByUs else { return false }
        if let connection = try? PostgresConnection(conninfo: conninfo(database: "postgres")) {
            defer { connection.close() }
            let deadline = ContinuousClock.now + grace
            while true {
                let others = try? connection.query(
                    """
                    SELECT count(*) FROM pg_stat_activity
                    WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
                    """
                ).firstRow?.decode(Int.self, at: 0)
                guard let others, others > 0 else { break }
                if ContinuousClock.now >= deadline {
                    cluster.logger.notice(
                        "leaving the embedded PostgreSQL running: other clients are connected", metadata: ["clients": "\(others)"])
                    return false
                }
                // Polls the server's own view; nothing here can wake us when a backend exits.
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        try stop(mode: "fast")
        return true
    }

    /// Stops the server now (`fast` disconnects clients; `immediate` skips the checkpoint).
    public func stop(mode: String = "fast") throws {
        let outcome = try ProcessRunner.run(
            binaries.pgCtl, ["stop", "-D", cluster.dataDirectory, "-m", mode, "-w", "-s"], asUser: cluster.serverUser)
        guard outcome.status == 0 else {
            throw EmbeddedPostgresError("pg_ctl stop failed (exit \(outcome.status)): \(outcome.output)")
        }
        cluster.logger.info("stopped PostgreSQL", metadata: ["dataDirectory": "\(cluster.dataDirectory)"])
    }
}
