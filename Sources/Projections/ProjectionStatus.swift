import EventStore
import Foundation
import PostgresClient

/// Where a projection stands: its version, checkpoint and how far behind the log it is.
public struct ProjectionStatus: Sendable, Hashable {
    public var name: String
    public var version: Int?
    public var checkpoint: Int64
    public var head: Int64
    /// Events behind the head.
    public var lagEvents: Int64 { max(0, head - checkpoint) }
    /// Seconds since the oldest event not yet applied was recorded (0 when caught up).
    public var lagSeconds: Double

    /// Reads the status of the employee projection.
    public static func employees(store: EventStore) async throws -> ProjectionStatus {
        try await store.pool.withConnection { connection in
            let checkpoint = try connection.query(
                "SELECT position, version FROM projection_checkpoints WHERE name = \(EmployeeProjection.name)"
            ).firstRow
            let position = try checkpoint?.decode(Int64.self, at: 0) ?? 0
            let head = try EventStore.head(on: connection).position
            let lag =
                try connection.query(
                    """
                    SELECT coalesce(extract(epoch FROM now() - recorded_at)::float8, 0) FROM events WHERE position = \(position + 1)
                    """
                ).firstRow?.decode(Double.self, at: 0) ?? 0
            return ProjectionStatus(
                name: EmployeeProjection.name, version: try checkpoint?.decode(Int.self, at: 1), checkpoint: position, head: head,
                lagSeconds: lag)
        }
    }
}
