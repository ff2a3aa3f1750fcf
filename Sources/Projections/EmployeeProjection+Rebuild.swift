import CareerDomain
import CareerLog
import EventStore
import Foundation
import PostgresClient

extension EmployeeProjection {
    /// Rebuilds every table from the log into shadow tables (`…_next`) while the live ones keep
    /// serving, then swaps them in one transaction with the checkpoint. Returns the position the
    /// rebuilt tables reflect. `progress` gets events read so far and the total.
    @discardableResult
    public func rebuild(progress: (@Sendable (Int64, Int64) -> Void)? = nil) async throws -> Int64 {
        let today = self.today()
        let logger = self.logger
        let name = Self.name, version = Self.version
        let pool = store.pool
        return try await pool.withConnection { writer in
            let head = try writer.query("SELECT position FROM event_log_head").firstRow?.decode(Int64.self, at: 0) ?? 0
            for table in ReadModelTables.names {
                try writer.query("DROP TABLE IF EXISTS \(identifier: table + "_next")")
                try writer.query("CREATE TABLE \(identifier: table + "_next") (LIKE \(identifier: table) INCLUDING ALL)")
            }
            // The log, one stream after another, streamed from a second connection.
            let reader = try PostgresConnection(conninfo: pool.configuration.conninfo, applicationName: "riwayat-rebuild")
            defer { reader.close() }
            var binary = PostgresBinaryCopyReader()
            var pending = [RecordedEvent]()
            var buffered = [EmployeeRows]()
            var read: Int64 = 0
            func finishStream() throws {
                buffered += Self.rows(for: pending, today: today, logger: logger)
                pending.removeAll(keepingCapacity: true)
                if buffered.count >= 500 {
                    try ReadModelTables.insert(buffered, suffix: "_next", on: writer)
                    buffered.removeAll(keepingCapacity: true)
                }
            }
            try reader.copyTo(PostgresQuery(unsafeSQL: """
                COPY (SELECT \(RecordedEvent.columnList) FROM events WHERE position <= \(head) ORDER BY stream, position)
                TO STDOUT (FORMAT binary)
                """)) { chunk in
                try binary.consume(chunk) { fields in
                    let event = try RecordedEvent(binaryFields: fields)
                    if let last = pending.last, last.stream != event.stream { try finishStream() }
                    pending.append(event)
                    read += 1
                    if read % 10_000 == 0 { progress?(read, head) }
                }
            }
            try finishStream()
            if !buffered.isEmpty { try ReadModelTables.insert(buffered, suffix: "_next", on: writer) }
            progress?(read, head)
            try writer.withTransaction { connection in
                for table in ReadModelTables.names {
                    try connection.query("DROP TABLE \(identifier: table)")
                    try connection.query("ALTER TABLE \(identifier: table + "_next") RENAME TO \(identifier: table)")
                }
                try connection.query("""
                    INSERT INTO projection_checkpoints (name, version, position) VALUES (\(name), \(version), \(head))
                    ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position, updated_at = now()
                    """)
            }
            return head
        }
    }
}
