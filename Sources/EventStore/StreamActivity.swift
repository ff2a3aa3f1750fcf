import PostgresClient

/// Which streams a run of the log touched: each stream's last position in it, and the position
/// the run was read through. Followers that only need to know *what changed* (caches) read this
/// instead of whole events.
public struct StreamActivity: Sendable, Hashable {
    /// The last position read (the run covers everything after the previous page up to here).
    public var through: Int64
    /// Stream → its last position within the run.
    public var lastPositions: [String: Int64]
}

extension EventStore {
    /// The streams touched by the (at most `limit`) events after `position`.
    public func streamActivity(after position: Int64, limit: Int = 10_000) async throws -> StreamActivity {
        let rows = try await pool.query(
            PostgresQuery("SELECT position, stream FROM events WHERE position > \(position) ORDER BY position LIMIT \(limit)")
                .prepared(as: "riwayat_stream_activity"))
        var activity = StreamActivity(through: position, lastPositions: [:])
        for row in rows {
            let (at, stream) = try row.decode((Int64, String).self)
            activity.lastPositions[stream] = at
            activity.through = at
        }
        return activity
    }

    /// Follows the log from `position` on, page by page, reading only positions and streams.
    public func followStreamActivity(after position: Int64, pollInterval: Duration = .seconds(1)) -> StreamActivityFeed {
        StreamActivityFeed(store: self, position: position, pollInterval: pollInterval)
    }
}
