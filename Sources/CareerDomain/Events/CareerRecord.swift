import Foundation

/// A decree (SK, surat keputusan): number, date, signing official.
public struct Decree: Sendable, Hashable, Codable {
    public var number: String
    public var date: CivilDate
    public var signedBy: String

    public init(number: String, date: CivilDate, signedBy: String) {
        self.number = number
        self.date = date
        self.signedBy = signedBy
    }
}

/// A career event with its envelope: id, NIP, effective date (TMT), decree, who recorded it, and
/// (once stored) its log position and recorded time.
public struct CareerRecord: Sendable, Hashable {
    public var id: UUID
    public var nip: NIP
    /// TMT (terhitung mulai tanggal): when the event takes effect.
    public var effectiveDate: CivilDate
    public var decree: Decree?
    /// The NIP (or account) that recorded the event.
    public var recordedBy: String
    public var event: CareerEvent
    /// The global log position, once stored.
    public var position: Int64?
    /// When the store recorded it, microseconds since 1970 (UTC), once stored.
    public var recordedAt: Int64?

    public init(
        id: UUID = UUID(), nip: NIP, effectiveDate: CivilDate, decree: Decree? = nil, recordedBy: String,
        event: CareerEvent, position: Int64? = nil, recordedAt: Int64? = nil
    ) {
        self.id = id
        self.nip = nip
        self.effectiveDate = effectiveDate
        self.decree = decree
        self.recordedBy = recordedBy
        self.event = event
        self.position = position
        self.recordedAt = recordedAt
    }

    /// The metadata document stored beside the payload.
    public struct Metadata: Codable, Sendable, Hashable {
        public var recordedBy: String
        public var decree: Decree?
        public var source: String?
        public var correlationId: String?

        public init(recordedBy: String, decree: Decree?, source: String? = nil, correlationId: String? = nil) {
            self.recordedBy = recordedBy
            self.decree = decree
            self.source = source
            self.correlationId = correlationId
        }
    }

    /// The metadata as canonical JSON.
    public func encodedMetadata(source: String? = nil) throws -> Data {
        Data(Metadata(recordedBy: recordedBy, decree: decree, source: source).canonicalJSON())
    }
}
