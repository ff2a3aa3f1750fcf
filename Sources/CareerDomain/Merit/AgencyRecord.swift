import Foundation

/// An event of an agency's stream (open selection, competency standards, the career pattern)
/// with its envelope: the agency's stream holds what the agency decides rather than what
/// happens to one employee. Stored in the stream `instansi:<agency>`.
public struct AgencyRecord: Sendable, Hashable {
    /// The prefix of every agency stream's key.
    public static let streamPrefix = "instansi:"

    public var id: UUID
    /// The agency (instansi) as posts name it.
    public var agency: String
    public var effectiveDate: CivilDate
    public var decree: Decree?
    /// Who recorded it: set by the write gate from the writing token or command.
    public var recordedBy: String
    public var event: CareerEvent
    public var operatorName: String?
    public var tokenID: UUID?
    public var source: String?
    public var position: Int64?
    public var recordedAt: Int64?

    public init(
        id: UUID = UUID(), agency: String, effectiveDate: CivilDate, decree: Decree? = nil, recordedBy: String, event: CareerEvent,
        operatorName: String? = nil, tokenID: UUID? = nil, source: String? = nil, position: Int64? = nil, recordedAt: Int64? = nil
    ) {
        self.id = id
        self.agency = agency
        self.effectiveDate = effectiveDate
        self.decree = decree
        self.recordedBy = recordedBy
        self.event = event
        self.operatorName = operatorName
        self.tokenID = tokenID
        self.source = source
        self.position = position
        self.recordedAt = recordedAt
    }

    /// Why `name` cannot name an agency's stream, or nil: the limits of any agency name, and
    /// Unicode normalization form C (NFC), so that two spellings of one name that read the same
    /// ("é" as one character or as "e" and an accent) can never be two streams.
    public static func problem(withName name: String) -> String? {
        if let problem = FieldLimits.problem(with: name, key: "agency") { return problem }
        guard Array(name.precomposedStringWithCanonicalMapping.utf8) == Array(name.utf8) else {
            return "must be in Unicode normalization form C (NFC): compose accented letters into one character"
        }
        return nil
    }

    /// The stream key of `agency`.
    public static func stream(of agency: String) -> String { streamPrefix + agency }

    /// The agency of an agency stream's key, or nil for another stream (an employee's NIP).
    public static func agency(ofStream stream: String) -> String? {
        stream.hasPrefix(streamPrefix) ? String(stream.dropFirst(streamPrefix.count)) : nil
    }

    /// The stream this record belongs to.
    public var stream: String { Self.stream(of: agency) }

    /// The metadata this record is stored with (the same document as a career record's).
    public var metadata: CareerRecord.Metadata {
        CareerRecord.Metadata(recordedBy: recordedBy, decree: decree, source: source, operatorName: operatorName, tokenId: tokenID)
    }

    /// The record as written by `recorder`.
    public func stamped(by recorder: Recorder) -> AgencyRecord {
        var record = self
        record.recordedBy = recorder.person
        record.tokenID = recorder.tokenID
        record.source = recorder.source
        return record
    }

    /// Whether `other` states the same fact, whoever recorded either and whenever.
    public func statesTheSame(as other: AgencyRecord) -> Bool {
        id == other.id && agency == other.agency && effectiveDate == other.effectiveDate && decree == other.decree
            && event == other.event && operatorName == other.operatorName
    }
}

extension CareerEvent {
    /// The civil servants an agency event names (committee members, candidates, the appointee):
    /// what an access-log entry lists when the event is shown or written.
    public var namedPeople: [NIP] {
        switch self {
        case .selectionCommitteeFormed(let value): return value.members.compactMap(\.nip)
        case .candidateAssessed(let value): return [value.candidate]
        case .candidatesProposed(let value): return value.candidates
        case .selectionClosed(let value): return value.appointee.map { [$0] } ?? []
        default: return []
        }
    }
}
