import Foundation
import PostgresClient

/// An event to append: its id, type, schema version, effective date (TMT), payload and
/// metadata. The store adds the position, stream version, recorded time and hashes.
public struct NewEvent: Sendable, Hashable {
    /// Unique forever; re-sending the same id with the same content is a no-op. Minted by
    /// `EventID.next()` (time-ordered UUIDv7) when the caller does not choose one.
    public var id: UUID
    /// A stable name such as `GradePromoted`.
    public var type: String
    public var schemaVersion: Int
    /// When the event takes effect (TMT), if it has such a date.
    public var effectiveDate: PostgresDate?
    /// The event's JSON document, stored verbatim.
    public var payload: PostgresJSON
    /// Who recorded it, under which decree, correlation and causation ids, source system.
    public var metadata: PostgresJSON

    public init(
        id: UUID = EventID.next(), type: String, schemaVersion: Int = 1, effectiveDate: PostgresDate? = nil,
        payload: PostgresJSON, metadata: PostgresJSON = PostgresJSON(text: "{}")
    ) {
        self.id = id
        self.type = type
        self.schemaVersion = schemaVersion
        self.effectiveDate = effectiveDate
        self.payload = payload
        self.metadata = metadata
    }

    /// Whether a stored event carries exactly this content (used for idempotent re-appends).
    func sameContent(as stored: RecordedEvent, stream: String) -> Bool {
        stored.stream == stream && stored.type == type && stored.schemaVersion == schemaVersion
            && stored.effectiveDate == effectiveDate && stored.payload == payload && stored.metadata == metadata
    }
}
