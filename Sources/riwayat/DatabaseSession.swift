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

/// What a command works with: a pool as the service's role, and how to reach the others.
struct DatabaseSession: Sendable {
    let pool: PostgresConnectionPool
    let logger: Logger
    /// The access-log role's conninfo (commands that show personal data record it).
    let accessLogConninfo: String
    /// The owner's conninfo, when this command knows it (the embedded cluster).
    let ownerConninfo: String?
    /// This command created the embedded cluster (ran initdb).
    let createdCluster: Bool
    /// The target is the embedded cluster.
    let embedded: Bool

    /// Fails unless the access log's connection may write the log: checked before a command
    /// stores anything, so no write goes in without its entry.
    func requireAccessLog() throws {
        let connection = try PostgresConnection(conninfo: accessLogConninfo, applicationName: "riwayat-access-log")
        defer { connection.close() }
        let allowed =
            try connection.query("SELECT has_column_privilege('access_log', 'action', 'INSERT')").firstRow?.decode(Bool.self, at: 0)
            ?? false
        guard allowed else {
            throw CommandFailure(
                description:
                    "cannot write the access log with the configured role: give --access-log-url (or RIWAYAT_ACCESS_LOG_URL) "
                    + "as riwayat_access_logger; nothing is shown or stored without its entry")
        }
    }

    /// Records a personal read by this command, durably, before it is shown; or a write attempt,
    /// with the status the HTTP append would answer (201 stored, 200 already stored, 409, 422).
    func recordAccess(_ action: String, nip: String? = nil, nips: [String] = [], query: String, status: Int = 0) async throws {
        let writer = AccessLogWriter(conninfo: accessLogConninfo)
        do {
            try await writer.record(
                AccessLogWriter.Entry(
                    person: CommandIdentity.person, action: "cli:" + action, nip: nip, nips: nips, query: query, status: status))
        } catch let error as PostgresError where error.sqlState == .insufficientPrivilege {
            throw CommandFailure(
                description:
                    "cannot write the access log with the configured role: give --access-log-url (or RIWAYAT_ACCESS_LOG_URL) "
                    + "as riwayat_access_logger; nothing is shown or stored without its entry")
        }
    }
}
