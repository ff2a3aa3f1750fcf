import CareerDomain
import CareerLog
import EventStore
import Foundation
import Logging
import PostgresClient

extension EmployeeProjection {
    /// Events per batch handed to a rebuild worker (whole streams; about 80 employees). With at
    /// most two batches queued on each side, a rebuild holds about eight batches in memory.
    public static let rebuildBatchEvents = 4_000

    /// Rebuilds every table from the log into shadow tables (`…_next`) while the live ones keep
    /// serving, then swaps them in one transaction with the checkpoint. Returns the position the
    /// rebuilt tables reflect. `progress` gets events read so far and the total; `batchEvents`
    /// is how many events (whole streams) each worker folds at a time.
    @discardableResult
    public func rebuild(batchEvents: Int = rebuildBatchEvents, progress: (@Sendable (Int64, Int64) -> Void)? = nil) async throws -> Int64 {
        let today = self.today(), policy = self.policy, merit = meritReadModels
        let logger = self.logger
        let name = Self.name, version = Self.version
        let pool = store.pool
        return try await pool.withConnection { connection in
            let head = try EventStore.head(on: connection).position
            // One transaction: a failed or interrupted rebuild leaves no shadow tables behind,
            // and the bulk load pays for one commit, not one per batch.
            try connection.withTransaction { writer in
                try ReadModelTables.createShadowTables(suffix: "_next", on: writer)
                let read = try Self.load(
                    through: head, into: writer, pool: pool, batchEvents: max(1, batchEvents), today: today, policy: policy, logger: logger,
                    merit: merit, progress: progress)
                let indexes = try ReadModelTables.createIndexes(suffix: "_next", on: writer)
                if merit { try CrossStreamFindings.insertAll(suffix: "_next", on: writer) }
                progress?(read, head)
                for table in ReadModelTables.names {
                    try writer.query("DROP TABLE \(identifier: table)")
                    try writer.query("ALTER TABLE \(identifier: table + "_next") RENAME TO \(identifier: table)")
                }
                try ReadModelTables.restoreIndexNames(indexes, on: writer)
                try ReadModelTables.grantReading(on: writer)
                try writer.query(
                    """
                    INSERT INTO projection_checkpoints (name, version, position) VALUES (\(name), \(version), \(head))
                    ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position, updated_at = now()
                    """)
            }
            return head
        }
    }

    /// Reads the log through `head`, one stream after another, from a second connection; folds
    /// batches of whole streams on every core and writes their rows into the shadow tables on
    /// `writer` from one thread. Returns the number of events read.
    private static func load(
        through head: Int64, into writer: PostgresConnection, pool: PostgresConnectionPool, batchEvents: Int, today: CivilDate,
        policy: PolicySettings, logger: Logger, merit: Bool,
        progress: (@Sendable (Int64, Int64) -> Void)?
    ) throws -> Int64 {
        let reader = try PostgresConnection(conninfo: pool.configuration.conninfo, applicationName: "riwayat-rebuild")
        defer { reader.close() }
        let pipeline = ParallelPipeline<[RecordedEvent], ProjectedRows>(
            workers: ProcessInfo.processInfo.activeProcessorCount, capacity: 2, name: "riwayat-rebuild",
            transform: { rows(for: $0, today: today, policy: policy, logger: logger, merit: merit) },
            consume: { try ReadModelTables.insert($0, suffix: "_next", on: writer) })
        var binary = PostgresBinaryCopyReader()
        var batch = [RecordedEvent]()
        batch.reserveCapacity(min(batchEvents, 100_000) + 200)
        var read: Int64 = 0
        do {
            try reader.copyTo(
                PostgresQuery(
                    unsafeSQL: """
                        COPY (SELECT \(RecordedEvent.columnList) FROM events WHERE position <= \(head) ORDER BY stream, position)
                        TO STDOUT (FORMAT binary)
                        """)
            ) { chunk in
                try binary.consume(chunk) { fields in
                    let event = try RecordedEvent(binaryFields: fields)
                    if batch.count >= batchEvents, let last = batch.last, last.stream != event.stream {
                        try pipeline.submit(batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                    batch.append(event)
                    read += 1
                    if read % 10_000 == 0 { progress?(read, head) }
                }
            }
            if !batch.isEmpty { try pipeline.submit(batch) }
            try pipeline.finish()
        } catch {
            pipeline.cancel()
            throw error
        }
        return read
    }
}
