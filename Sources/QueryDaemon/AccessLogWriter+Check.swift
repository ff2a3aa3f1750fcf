import PostgresClient

extension AccessLogWriter {
    /// Checks that `conninfo` reaches a role that may write the access log, before any request
    /// depends on it; throws naming the role and what is missing.
    public static func checkWritable(conninfo: String) throws {
        let connection = try PostgresConnection(conninfo: conninfo, applicationName: "riwayat-access-log")
        defer { connection.close() }
        let row = try connection.query("""
            SELECT current_user, has_table_privilege('access_log', 'INSERT'), rolsuper FROM pg_roles WHERE rolname = current_user
            """).firstRow
        guard let row else { throw AccessLogUnavailable(reason: "the access log's role cannot see itself in pg_roles") }
        let (user, insert, superuser) = try row.decode((String, Bool, Bool).self)
        if superuser {
            throw AccessLogUnavailable(reason: "the access log connects as \(user), a superuser: use riwayat_access_logger (--access-log-url)")
        }
        if !insert {
            throw AccessLogUnavailable(
                reason: "\(user) may not insert into access_log: connect the access log as riwayat_access_logger (--access-log-url or RIWAYAT_ACCESS_LOG_URL)")
        }
    }
}

/// The access log cannot be written as configured: the daemon does not start.
public struct AccessLogUnavailable: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
