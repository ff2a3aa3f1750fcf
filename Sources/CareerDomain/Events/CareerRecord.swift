import Foundation

/// A career event with its envelope: id, NIP, effective date (TMT), decree, who recorded it, and
/// (once stored) its log position and recorded time.
public struct CareerRecord: Sendable, Hashable {
    public var id: UUID
    public var nip: NIP
    /// TMT (terhitung mulai tanggal): when the event takes effect.
    public var effectiveDate: CivilDate
    public var decree: Decree?
    /// Who recorded the event: the person (a NIP) or system account (`system:…`) that the
    /// writing token or command belongs to. Set by the write gate, never taken from input.
    public var recordedBy: String
    public var event: CareerEvent
    /// A person the client names as having entered the record (the clerk in a source system,
    /// say): kept beside `recordedBy`, never in its place.
    public var operatorName: String?
    /// The API token the event was written with, if any.
    public var tokenID: UUID?
    /// The way the event came in: `api`, `cli`, `import`, `sample`, `generator`.
    public var source: String?
    /// Whether the event came in a declared migration batch (history moved in from another
    /// system, so its recorded time says nothing about when the decree was first recorded).
    public var migrated: Bool
    /// The global log position, once stored.
    public var position: Int64?
    /// When the store recorded it, microseconds since 1970 (UTC), once stored.
    public var recordedAt: Int64?

    public init(
        id: UUID = UUID(), nip: NIP, effectiveDate: CivilDate, decree: Decree? = nil, recordedBy: String,
        event: CareerEvent, operatorName: String? = nil, tokenID: UUID? = nil, source: String? = nil, migrated: Bool = false,
        position: Int64? = nil, recordedAt: Int64? = nil
    ) {
        self.id = id
        self.nip = nip
        self.effectiveDate = effectiveDate
        self.decree = decree
        self.recordedBy = recordedBy
        self.event = event
        self.operatorName = operatorName
        self.tokenID = tokenID
        self.source = source
        self.migrated = migrated
        self.position = position
        self.recordedAt = recordedAt
    }

    /// The metadata document stored beside the payload.
    public struct Metadata: Codable, Sendable, Hashable {
        public var recordedBy: String
        public var decree: Decree?
        public var source: String?
        public var correlationId: String?
        /// Written `operator`.
        public var operatorName: String?
        public var tokenId: UUID?
        public var migrated: Bool?

        enum CodingKeys: String, CodingKey {
            case recordedBy, decree, source, correlationId, operatorName = "operator", tokenId, migrated
        }

        public init(
            recordedBy: String, decree: Decree?, source: String? = nil, correlationId: String? = nil, operatorName: String? = nil,
            tokenId: UUID? = nil, migrated: Bool? = nil
        ) {
            self.recordedBy = recordedBy
            self.decree = decree
            self.source = source
            self.correlationId = correlationId
            self.operatorName = operatorName
            self.tokenId = tokenId
            self.migrated = migrated
        }
    }

    /// The metadata this record is stored with.
    public var metadata: Metadata {
        Metadata(
            recordedBy: recordedBy, decree: decree, source: source, operatorName: operatorName, tokenId: tokenID,
            migrated: migrated ? true : nil)
    }

    /// The metadata as canonical JSON.
    public func encodedMetadata() -> Data {
        Data(metadata.canonicalJSON())
    }

    /// The record as written by `recorder`: who recorded it, with which token, how it came in.
    public func stamped(by recorder: Recorder) -> CareerRecord {
        var record = self
        record.recordedBy = recorder.person
        record.tokenID = recorder.tokenID
        record.source = recorder.source
        record.migrated = recorder.migrated
        return record
    }

    /// Whether `other` states the same career fact: the same id, employee, TMT, decree, event
    /// and operator, whoever recorded either and whenever.
    public func statesTheSame(as other: CareerRecord) -> Bool {
        id == other.id && nip == other.nip && effectiveDate == other.effectiveDate && decree == other.decree && event == other.event
            && operatorName == other.operatorName
    }
}
