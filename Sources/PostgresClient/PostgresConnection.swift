import CLibPQ
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One libpq connection (`PGconn`).
///
/// Every method blocks the calling thread. Use a connection from one thread at a time and never
/// from an event loop or Swift's cooperative pool: `PostgresConnectionPool` runs the work on its
/// own threads. The session uses UTC, ISO dates and UTF-8.
public final class PostgresConnection: @unchecked Sendable {
    let handle: OpaquePointer
    private var closed = false
    var savepointCounter = 0
    /// Names of the statements prepared on this connection.
    var preparedStatements = Set<String>()

    /// Connects with a URL (`postgresql://…`) or conninfo (`host=… dbname=…`); an empty string
    /// uses libpq's environment (`PGHOST`, `PGDATABASE`, …). Connecting gives up after
    /// `connectTimeout` seconds per host unless the conninfo names its own `connect_timeout`.
    public init(conninfo: String, applicationName: String = "riwayat", connectTimeout: Int = 10) throws {
        // libpq takes the last value of a repeated keyword: what the conninfo (dbname) says about
        // connect_timeout wins over the default placed before it.
        let keywords = ["connect_timeout", "dbname", "fallback_application_name", "client_encoding"]
        let values = [String(max(2, connectTimeout)), conninfo, applicationName, "UTF8"]
        let connection: OpaquePointer? = withCStringArray(keywords) { keywordPointers in
            withCStringArray(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else {
            throw PostgresError(code: .connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(connection)
            throw PostgresError(code: .connectionFailed, message: message)
        }
        self.handle = connection
        // Server notices (and FATAL messages on an idle connection) are not printed to stderr.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        try runScript(
            "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'iso_8601'; SET extra_float_digits = 3; SET "
                + "client_min_messages = warning"
        )
    }

    deinit {
        if !closed { PQfinish(handle) }
    }

    /// Closes the connection; later calls fail.
    public func close() {
        guard !closed else { return }
        closed = true
        PQfinish(handle)
    }

    /// The server process id serving this connection.
    public var backendPID: Int32 { PQbackendPID(handle) }

    /// The server version as a number, e.g. 150018.
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// Whether libpq considers the connection broken.
    public var isBroken: Bool { closed || PQstatus(handle) != CONNECTION_OK }

    /// Reads whatever the server already sent (without waiting) and reports whether the
    /// connection still works. Detects a backend that was terminated while the connection idled.
    public func checkAlive() -> Bool {
        guard !isBroken, PQtransactionStatus(handle) == PQTRANS_IDLE else { return false }
        let socket = PQsocket(handle)
        guard socket >= 0 else { return false }
        // An idle connection receives nothing but notifications. Anything else is the server
        // saying goodbye (FATAL, then end of file): read it all and let libpq judge.
        for _ in 0..<4 {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 0) > 0 else { break }
            if PQconsumeInput(handle) == 0 { return false }
            while let notice = PQnotifies(handle) { PQfreemem(notice) }
        }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Whether a transaction block is open.
    public var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    /// Runs one statement and returns its rows.
    @discardableResult
    public func query(_ query: PostgresQuery) throws -> PostgresRows {
        try ensureOpen()
        if let name = query.preparedName {
            try prepare(query, as: name)
            let result = try withParameters(query.bindings) { count, values, _ in
                PQexecPrepared(handle, name, count, values, nil, nil, 0)
            }
            return try checkResult(result)
        }
        let result =
            query.bindings.isEmpty
            ? PQexecParams(handle, query.sql, 0, nil, nil, nil, nil, 0)
            : try withParameters(query.bindings) { count, values, _ in
                PQexecParams(handle, query.sql, count, nil, values, nil, nil, 0)
            }
        return try checkResult(result)
    }

    /// Prepares `query` under `name` unless this connection already has it.
    func prepare(_ query: PostgresQuery, as name: String) throws {
        guard !preparedStatements.contains(name) else { return }
        _ = try checkResult(PQprepare(handle, name, query.sql, Int32(query.bindings.count), nil))
        preparedStatements.insert(name)
    }

    /// Runs trusted SQL text that may hold several statements (migrations, setup). Takes no
    /// parameters: never build its text from input.
    public func runScript(_ sql: String) throws {
        try ensureOpen()
        var result = PQexec(handle, sql)
        var failure: PostgresError?
        // PQexec returns the last result; a failure stops the script there.
        if let current = result {
            let status = PQresultStatus(current)
            if status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY {
                failure = error(from: current)
            }
            PQclear(current)
            result = nil
        } else {
            failure = connectionError()
        }
        if let failure { throw failure }
    }

    func ensureOpen() throws {
        if closed { throw PostgresError(code: .connectionClosed, message: "the connection was closed") }
    }

    /// Turns a result into rows, or into a thrown error (clearing it).
    func checkResult(_ result: OpaquePointer?) throws -> PostgresRows {
        guard let result else { throw connectionError() }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_SINGLE_TUPLE:
            return PostgresRows(result: result)
        default:
            let failure = error(from: result)
            PQclear(result)
            throw failure
        }
    }

    /// The error carried by a failed result.
    func error(from result: OpaquePointer) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let ascii = code.asciiValue, let value = PQresultErrorField(result, Int32(ascii)) else { return nil }
            return String(cString: value)
        }
        let sqlState = field("C").map { SQLState($0) }
        let message = field("M") ?? String(cString: PQresultErrorMessage(result))
        var failure = PostgresError(
            code: .server, message: message, sqlState: sqlState, detail: field("D"), hint: field("H"),
            constraint: field("n"), table: field("t"), column: field("c"))
        if sqlState == nil, PQstatus(handle) != CONNECTION_OK {
            failure.code = .connectionClosed
        }
        return failure
    }

    /// The error libpq reports for the connection itself.
    func connectionError() -> PostgresError {
        let message = String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
        let code: PostgresError.Code = PQstatus(handle) == CONNECTION_OK ? .protocolViolation : .connectionClosed
        return PostgresError(code: code, message: message.isEmpty ? "no result from libpq" : message)
    }
}

/// Calls `body` with a NULL-terminated array of C strings.
func withCStringArray<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let duplicates = strings.map { strdup($0) }
    defer { for pointer in duplicates { free(pointer) } }
    var pointers: [UnsafePointer<CChar>?] = duplicates.map { UnsafePointer($0) }
    pointers.append(nil)
    return body(pointers)
}

/// Calls `body` with libpq's parameter arrays for `bindings` (text format). Throws when a value
/// holds a NUL character, which PostgreSQL text cannot store (libpq would silently cut it).
func withParameters<R>(
    _ bindings: [PostgresBinding],
    _ body: (Int32, [UnsafePointer<CChar>?], [Int32]) -> R
) throws -> R {
    var storage = [UnsafeMutablePointer<CChar>?]()
    storage.reserveCapacity(bindings.count)
    defer { for pointer in storage { free(pointer) } }
    for (index, binding) in bindings.enumerated() {
        guard let text = binding.text else {
            storage.append(nil)
            continue
        }
        if text.utf8.contains(0) {
            throw PostgresError(
                code: .invalidQuery,
                message: "parameter $\(index + 1) contains a NUL character, which PostgreSQL text cannot store")
        }
        storage.append(strdup(text))
    }
    return body(Int32(bindings.count), storage.map { UnsafePointer($0) }, [])
}
