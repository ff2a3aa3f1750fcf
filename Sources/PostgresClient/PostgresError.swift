/// An error from the database, the connection or decoding.
///
/// `description` names the kind, the SQLSTATE and the constraint only, never the server's
/// message or detail (those may quote personal data such as a NIP). Use `String(reflecting:)`
/// or the `message` and `detail` properties where showing data is safe.
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable {
            case connectionFailed, connectionClosed, server, decoding, protocolViolation
            case poolClosed, timeout, invalidQuery, copyFailed, pipelineFailed
        }
        let base: Base
        /// Could not connect.
        public static let connectionFailed = Code(base: .connectionFailed)
        /// The connection broke during use.
        public static let connectionClosed = Code(base: .connectionClosed)
        /// The server reported an error; see `sqlState`.
        public static let server = Code(base: .server)
        /// A column's value did not fit the requested Swift type.
        public static let decoding = Code(base: .decoding)
        /// libpq returned something unexpected.
        public static let protocolViolation = Code(base: .protocolViolation)
        /// The pool was shut down.
        public static let poolClosed = Code(base: .poolClosed)
        /// A wait ran out of time.
        public static let timeout = Code(base: .timeout)
        /// The query cannot be sent as written (e.g. parameters on a COPY).
        public static let invalidQuery = Code(base: .invalidQuery)
        /// A COPY failed on the client side.
        public static let copyFailed = Code(base: .copyFailed)
        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The five-character SQLSTATE, for `.server` errors.
    public var sqlState: SQLState?
    /// The primary message (may contain data).
    public var message: String
    /// The server's DETAIL line (may contain data).
    public var detail: String?
    public var hint: String?
    /// The violated constraint's name.
    public var constraint: String?
    public var table: String?
    public var column: String?
    /// For pipelines: the index of the statement that failed.
    public var statementIndex: Int?

    public init(
        code: Code, message: String, sqlState: SQLState? = nil, detail: String? = nil,
        hint: String? = nil, constraint: String? = nil, table: String? = nil, column: String? = nil
    ) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.table = table
        self.column = column
    }

    public var description: String {
        var parts = ["code: \(code)"]
        if let sqlState { parts.append("sqlState: \(sqlState)") }
        if let constraint { parts.append("constraint: \(constraint)") }
        if let table { parts.append("table: \(table)") }
        if let column { parts.append("column: \(column)") }
        if let statementIndex { parts.append("statement: \(statementIndex)") }
        if code == .decoding || code == .invalidQuery || code == .poolClosed { parts.append(message) }
        return "PostgresError(\(parts.joined(separator: ", ")))"
    }

    public var debugDescription: String {
        var text = description + ": " + message
        if let detail { text += " DETAIL: " + detail }
        if let hint { text += " HINT: " + hint }
        return text
    }

    /// 23505: a unique constraint was violated.
    public var isUniqueViolation: Bool { sqlState == .uniqueViolation }
    /// 40001 or 40P01: retrying the transaction may succeed.
    public var isRetryable: Bool { sqlState == .serializationFailure || sqlState == .deadlockDetected }
    /// The connection can no longer be used.
    public var isConnectionLost: Bool {
        code == .connectionClosed || code == .connectionFailed || sqlState?.isConnectionException == true
            || sqlState == .adminShutdown
    }
}
