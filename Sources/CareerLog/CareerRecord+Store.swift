import CareerDomain
import EventStore
import Foundation
import PostgresClient

extension CareerRecord {
    /// The record as an event for the store: `payload` (the canonical JSON of its event, as
    /// `SubmittedRecord` holds it) and its metadata in canonical JSON.
    public func newEvent(payload: [UInt8]) -> NewEvent {
        NewEvent(id: id, event: event, effectiveDate: effectiveDate, payload: payload, metadata: metadata)
    }

    /// The record as an event for the store, its payload encoded canonically (records built in
    /// code: benchmarks and tests that fill a store below the write gate).
    public func newEvent() throws -> NewEvent {
        newEvent(payload: Array(try event.encodedPayload()))
    }

    /// Reads a stored event back into a record (upcasting old schema versions). The metadata
    /// is read leniently: a missing or unreadable `recordedBy` or decree is left empty. `stream`
    /// is the stream's NIP when the caller has parsed it already (readers of whole streams).
    public init(recorded: RecordedEvent, stream: NIP? = nil) throws {
        let nip = try stream.flatMap { $0.digits == recorded.stream ? $0 : nil } ?? NIP(recorded.stream)
        let effective = recorded.effectiveDate.map { CivilDate(dayNumber: $0.daysSinceUnixEpoch) } ?? CivilDate(dayNumber: 0)
        let event = try CareerEvent.decode(
            type: recorded.type, schemaVersion: recorded.schemaVersion, payload: Array(recorded.payload.text.utf8), effectiveDate: effective
        )
        let metadata = CareerRecord.storedMetadata(Array(recorded.metadata.text.utf8))
        self.init(
            id: recorded.id, nip: nip, effectiveDate: effective, decree: metadata?.decree,
            recordedBy: metadata?.recordedBy ?? "", event: event, operatorName: metadata?.operatorName, tokenID: metadata?.tokenId,
            source: metadata?.source, migrated: metadata?.migrated ?? false, position: recorded.position,
            recordedAt: recorded.recordedAt.microsecondsSinceUnixEpoch)
    }
}

extension NewEvent {
    /// An event of either kind of stream for the store: its payload in canonical JSON (as the
    /// readers keep it) and its metadata document in canonical JSON.
    init(id: UUID, event: CareerEvent, effectiveDate: CivilDate, payload: [UInt8], metadata: CareerRecord.Metadata) {
        self.init(
            id: id, type: event.type, schemaVersion: event.schemaVersion,
            effectiveDate: PostgresDate(daysSinceUnixEpoch: effectiveDate.dayNumber),
            payload: PostgresJSON(text: String(decoding: payload, as: UTF8.self)),
            metadata: PostgresJSON(text: String(decoding: metadata.canonicalJSON(), as: UTF8.self)))
    }
}
