import Foundation
import PostgresClient

/// An event as stored in the log.
public struct RecordedEvent: Sendable, Hashable {
    /// Global position: 1, 2, 3, … without holes, in commit order.
    public var position: Int64
    /// The stream, an employee's NIP.
    public var stream: String
    /// Version within the stream: 1, 2, 3, …
    public var version: Int
    public var id: UUID
    public var type: String
    public var schemaVersion: Int
    public var effectiveDate: PostgresDate?
    /// When the store recorded it (server time).
    public var recordedAt: PostgresTimestamp
    public var payload: PostgresJSON
    public var metadata: PostgresJSON
    public var previousHash: [UInt8]
    public var hash: [UInt8]

    public init(
        position: Int64, stream: String, version: Int, id: UUID, type: String, schemaVersion: Int,
        effectiveDate: PostgresDate?, recordedAt: PostgresTimestamp, payload: PostgresJSON,
        metadata: PostgresJSON, previousHash: [UInt8], hash: [UInt8]
    ) {
        self.position = position
        self.stream = stream
        self.version = version
        self.id = id
        self.type = type
        self.schemaVersion = schemaVersion
        self.effectiveDate = effectiveDate
        self.recordedAt = recordedAt
        self.payload = payload
        self.metadata = metadata
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The columns `init(row:)` reads, in order, for queries in other modules.
    public static var columnList: String { columns }

    /// The columns `init(row:)` reads, in order.
    static let columns = """
        position, stream, version, event_id, event_type, schema_version, effective_date, recorded_at, \
        payload, metadata, prev_hash, hash
        """

    /// Reads a row selected with `columnList`.
    public init(row: PostgresRow) throws {
        let (position, stream, version, id, type, schemaVersion) = try row.decode((Int64, String, Int, UUID, String, Int).self)
        self.init(
            position: position, stream: stream, version: version, id: id, type: type, schemaVersion: schemaVersion,
            effectiveDate: try row.decode(PostgresDate?.self, at: 6),
            recordedAt: try row.decode(PostgresTimestamp.self, at: 7),
            payload: try row.decode(PostgresJSON.self, at: 8),
            metadata: try row.decode(PostgresJSON.self, at: 9),
            previousHash: try row.decode([UInt8].self, at: 10),
            hash: try row.decode([UInt8].self, at: 11))
    }
}
