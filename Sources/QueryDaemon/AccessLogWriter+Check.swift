import PostgresClient

extension AccessLogWriter {
    /// Checks that `conninfo` reaches a role that may write the access log, before any request
    /// depends on it; throws naming the role and what is missing.
    public static func checkWritable(conninfo: String) throws {
        let connection = try PostgresConnection(conninfo: conninfo, applicationName: "riwayat-access-log")
        defer { connection.close() }
        let row = try connection.query(
            """
            SELECT current_user, has_column_privilege('access_log', 'action', 'INSERT'), rolsuper, has_table_privilege('events', 'INSERT')
            FROM pg_roles WHERE rolname = current_user
            """
        ).firstRow
        guard let row else { throw AccessLogUnavailable(reason: "the access log's role cannot see itself in pg_roles") }
        let (user, insert, superuser, appends) = try row.decode((String, Bool, Bool, Bool).self)
        if superuser {
            throw AccessLogUnavailable(
                reason: "the access log connects as \(user), a superuser: use riwayat_access_logger (--access-log-url)")
        }
        if appends {
            throw AccessLogUnavailable(
                reason:
                    "the access log connects as \(user), which may append events: use riwayat_access_logger, whose only privilege is the "
                    + "access log"
            )
        }
        if !insert {
            throw AccessLogUnavailable(
                reason:
                    "\(user) may not insert into access_log: connect the access log as riwayat_access_logger (--access-log-url or "
                    + "RIWAYAT_ACCESS_LOG_URL)"
            )
        }
    }
}

extension AccessLogWriter {
    /// Checks that the service's own connection (`pool`) cannot write the access log: the two
    /// roles stay apart, so the service cannot forge who read what.
    public static func checkSeparate(from pool: PostgresConnectionPool) async throws {
        let mayWrite =
            try await pool.query("SELECT has_any_column_privilege('access_log', 'INSERT')").firstRow?.decode(Bool.self, at: 0) ?? true
        if mayWrite {
            throw AccessLogUnavailable(
                reason: "the service's role may write the access log itself: connect it as riwayat_app, which may not")
        }
    }
}

/// The access log cannot be written as configured: the daemon does not start.
public struct AccessLogUnavailable: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
