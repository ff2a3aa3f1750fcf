import Foundation
import PostgresClient

/// The last event of the log: what a seal records.
public struct LogHead: Sendable, Hashable {
    /// 0 for an empty log.
    public var position: Int64
    public var hash: [UInt8]
    public var recordedAt: PostgresTimestamp?
}

extension EventStore {
    /// One stream's events from `fromVersion` on, in version order.
    public func readStream(_ stream: String, fromVersion: Int = 1, limit: Int = 10_000) async throws -> [RecordedEvent] {
        try await events(matching: "stream = \(stream) AND version >= \(fromVersion) ORDER BY version LIMIT \(limit)")
    }

    /// A page of the whole log after `position`, in position order, optionally only some types.
    public func readAll(after position: Int64, limit: Int = 1000, types: [String]? = nil) async throws -> [RecordedEvent] {
        if let types {
            return try await events(
                matching: """
                    event_type = ANY(\(types)::text[]) AND position > \(position) ORDER BY position LIMIT \(limit)
                    """)
        }
        return try await events(matching: "position > \(position) ORDER BY position LIMIT \(limit)")
    }

    /// Events whose effective date (TMT) lies in `from...through`, by date then position.
    public func readEffective(
        from: PostgresDate, through: PostgresDate, after position: Int64 = 0, limit: Int = 1000
    ) async throws -> [RecordedEvent] {
        try await events(
            matching: """
                effective_date BETWEEN \(from) AND \(through) AND position > \(position)
                ORDER BY effective_date, position LIMIT \(limit)
                """)
    }

    /// The events of `streams` up to `position`, stream by stream in version order, on
    /// `connection` (inside its transaction, if one is open).
    ///
    /// The query names only the streams, so it always runs on the (stream, version) index; the
    /// position bound is applied here. Given both, a planner without fresh statistics (just after
    /// a bulk import) intersected the stream index with a scan of every position up to the bound:
    /// 70 ms instead of 0.2 ms on a store of a million events.
    public static func streams(_ streams: [String], through position: Int64, on connection: PostgresConnection) throws -> [RecordedEvent] {
        try connection.query(
            """
            SELECT \(fragment: PostgresQuery(unsafeSQL: RecordedEvent.columnList)) FROM events
            WHERE stream = ANY(\(streams)::text[]) ORDER BY stream, version
            """
        ).compactMap { row in
            let event = try RecordedEvent(row: row)
            return event.position <= position ? event : nil
        }
    }

    /// Refreshes the planner's statistics of the log (`ANALYZE events`), as after a bulk import:
    /// until autovacuum gets to it, the planner misjudges the new rows. Only an optimisation, so
    /// a role that may not analyze the table (or any other failure) is logged, not thrown.
    public func refreshStatistics() async {
        do {
            try await pool.query("ANALYZE events")
        } catch {
            logger.notice("could not refresh the log's statistics; autovacuum will", metadata: ["error": "\(error)"])
        }
    }

    /// The stream's current version (0 when it does not exist).
    public func streamVersion(_ stream: String) async throws -> Int {
        try await pool.query("SELECT coalesce(max(version), 0) FROM events WHERE stream = \(stream)")
            .firstRow?.decode(Int.self, at: 0) ?? 0
    }

    /// The log position of the event with this id, or nil when there is none.
    public func position(of eventID: UUID) async throws -> Int64? {
        try await pool.query("SELECT position FROM events WHERE event_id = \(eventID)").firstRow?.decode(Int64.self, at: 0)
    }

    /// The log's head.
    public func head() async throws -> LogHead {
        try await pool.withConnection { try Self.head(on: $0) }
    }

    /// The log's head as `connection` sees it (inside its transaction, if one is open).
    public static func head(on connection: PostgresConnection) throws -> LogHead {
        guard let row = try connection.query("SELECT position, hash, recorded_at FROM event_log_head WHERE singleton").firstRow else {
            throw PostgresError(code: .protocolViolation, message: "event_log_head has no row; run riwayat migrate")
        }
        return LogHead(
            position: try row.decode(Int64.self, at: 0), hash: try row.decode([UInt8].self, at: 1),
            recordedAt: try row.decode(PostgresTimestamp?.self, at: 2))
    }

    func events(matching condition: PostgresQuery) async throws -> [RecordedEvent] {
        try await pool.withConnection { connection in
            try connection.query(
                """
                SELECT \(fragment: PostgresQuery(unsafeSQL: RecordedEvent.columns)) FROM events WHERE \(fragment: condition)
                """
            ).map(RecordedEvent.init(row:))
        }
    }
}
