import CLibPQ
import Foundation

extension PostgresConnection {
    /// Streams rows into `COPY … FROM STDIN`. `body` writes through the writer, which sends
    /// data in 64 KiB chunks; nothing is buffered beyond that. Throwing from `body` aborts the
    /// COPY (nothing is stored). Returns the number of rows the server stored.
    @discardableResult
    public func copyFrom(_ statement: PostgresQuery, _ body: (PostgresCopyWriter) throws -> Void) throws -> Int {
        let writer = try beginCopyIn(statement)
        do {
            try body(writer)
        } catch {
            writer.abort()
            throw error
        }
        return try writer.finish()
    }

    /// Starts `COPY … FROM STDIN` and returns its writer, for one COPY fed across several calls
    /// (a bulk load that arrives in batches). Rows go out in 64 KiB chunks as they are written;
    /// the statement ends, and the server's errors arrive, at `finish()`. Until `finish()` or
    /// `abort()` the connection runs nothing else.
    public func beginCopyIn(_ statement: PostgresQuery) throws -> PostgresCopyWriter {
        try startCopy(statement, expecting: PGRES_COPY_IN)
        return PostgresCopyWriter(connection: self)
    }

    /// Streams the rows of `COPY … TO STDOUT`, one row (a chunk of COPY data) at a time, without
    /// buffering the whole result. Returns the number of rows.
    @discardableResult
    public func copyTo(_ statement: PostgresQuery, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        try startCopy(statement, expecting: PGRES_COPY_OUT)
        var failure: (any Error)?
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(handle, &buffer, 0)
            if length > 0, let buffer {
                if failure == nil {
                    do {
                        try body(UnsafeRawBufferPointer(start: buffer, count: Int(length)))
                    } catch {
                        failure = error
                        cancelRunningQuery()
                    }
                }
                PQfreemem(buffer)
            } else if length == -1 {
                break
            } else {
                if let buffer { PQfreemem(buffer) }
                let error = connectionError()
                drainResults()
                throw failure ?? error
            }
        }
        if let failure {
            drainResults()
            throw failure
        }
        return try finishCopy()
    }

    private func startCopy(_ statement: PostgresQuery, expecting status: ExecStatusType) throws {
        try ensureOpen()
        guard statement.bindings.isEmpty else {
            throw PostgresError(code: .invalidQuery, message: "COPY takes no parameters; filter in a view or temporary table")
        }
        guard let result = PQexec(handle, statement.sql) else { throw connectionError() }
        defer { PQclear(result) }
        guard PQresultStatus(result) == status else {
            if PQresultStatus(result) == PGRES_FATAL_ERROR { throw error(from: result) }
            throw PostgresError(code: .invalidQuery, message: "the statement is not a COPY in the expected direction")
        }
    }

    func finishCopy() throws -> Int {
        var rows = 0
        var failure: PostgresError?
        while let result = PQgetResult(handle) {
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                rows = PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0
            } else if failure == nil {
                failure = error(from: result)
            }
            PQclear(result)
        }
        if let failure { throw failure }
        return rows
    }

    /// Reads and clears every pending result.
    func drainResults() {
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_COPY_IN {
                _ = PQputCopyEnd(handle, "aborted by the client")
            } else if status == PGRES_COPY_OUT {
                var buffer: UnsafeMutablePointer<CChar>?
                while PQgetCopyData(handle, &buffer, 0) > 0 {
                    PQfreemem(buffer)
                    buffer = nil
                }
            }
        }
    }

    /// Asks the server to cancel the statement this connection is running.
    public func cancelRunningQuery() {
        guard let cancel = PQgetCancel(handle) else { return }
        var message = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &message, Int32(message.count))
        PQfreeCancel(cancel)
    }
}

/// Writes COPY data for `PostgresConnection.copyFrom` and `beginCopyIn`, in 64 KiB chunks.
public final class PostgresCopyWriter {
    unowned let connection: PostgresConnection
    var buffer: [UInt8] = []
    /// Whether the COPY still takes data (until `finish` or `abort`).
    private var isOpen = true
    static let chunkSize = 64 * 1024

    init(connection: PostgresConnection) {
        self.connection = connection
        buffer.reserveCapacity(Self.chunkSize + 1024)
    }

    /// Appends raw COPY data.
    public func write(_ bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.chunkSize { try flush() }
    }

    /// Appends one row in COPY's text format; `nil` is NULL.
    public func writeTextRow(_ fields: [String?]) throws {
        // One access to `buffer` for the whole row (not one per byte).
        Self.appendTextRow(fields, to: &buffer)
        if buffer.count >= Self.chunkSize { try flush() }
    }

    static func appendTextRow(_ fields: [String?], to buffer: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: "\t")) }
            guard var field else {
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "N"))
                continue
            }
            field.withUTF8 { bytes in
                // Most fields need no escape: copy them whole.
                guard bytes.contains(where: { $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else {
                    buffer.append(contentsOf: bytes)
                    return
                }
                for byte in bytes {
                    switch byte {
                    case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                    case UInt8(ascii: "\t"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                    case UInt8(ascii: "\n"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                    case UInt8(ascii: "\r"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                    default: buffer.append(byte)
                    }
                }
            }
        }
        buffer.append(UInt8(ascii: "\n"))
    }

    /// Appends a prepared binary-format tuple (see `PostgresBinaryRow`).
    public func write(_ row: PostgresBinaryRow) throws {
        try write(row.bytes)
    }

    /// Sends what is left and ends the COPY. Returns the number of rows the server stored, or
    /// throws its error (then nothing of the COPY is stored).
    @discardableResult
    public func finish() throws -> Int {
        guard isOpen else { throw PostgresError(code: .invalidQuery, message: "the COPY was finished or aborted already") }
        do {
            try flush()
        } catch {
            abort()
            throw error
        }
        isOpen = false
        guard PQputCopyEnd(connection.handle, nil) == 1 else {
            let failure = connection.connectionError()
            connection.drainResults()
            throw failure
        }
        return try connection.finishCopy()
    }

    /// Ends the COPY without storing anything of it (nothing happens if it has ended).
    public func abort() {
        guard isOpen else { return }
        isOpen = false
        _ = PQputCopyEnd(connection.handle, "aborted by the client")
        connection.drainResults()
    }

    /// Sends what is buffered.
    public func flush() throws {
        guard isOpen else { throw PostgresError(code: .invalidQuery, message: "the COPY was finished or aborted already") }
        guard !buffer.isEmpty else { return }
        let sent = buffer.withUnsafeBufferPointer { pointer in
            pointer.withMemoryRebound(to: CChar.self) { chars in
                PQputCopyData(connection.handle, chars.baseAddress, Int32(chars.count))
            }
        }
        guard sent == 1 else { throw connection.connectionError() }
        buffer.removeAll(keepingCapacity: true)
    }
}
