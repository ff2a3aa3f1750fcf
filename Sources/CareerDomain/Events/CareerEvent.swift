import Foundation

/// Every kind of career event in the catalogue.
public indirect enum CareerEvent: Sendable, Hashable {
    case cpnsAppointed(CpnsAppointed)
    case pnsConfirmed(PnsConfirmed)
    case gradePromoted(GradePromoted)
    case postAssigned(PostAssigned)
    case postReleased(PostReleased)
    case transferred(Transferred)
    case trainingCompleted(TrainingCompleted)
    case mentoringRecorded(MentoringRecorded)
    case performanceRated(PerformanceRated)
    case talentAssessed(TalentAssessed)
    case creditPointsAwarded(CreditPointsAwarded)
    case educationCompleted(EducationCompleted)
    case awardGranted(AwardGranted)
    case disciplineImposed(DisciplineImposed)
    case disciplineAnnulled(DisciplineAnnulled)
    case leaveStarted(LeaveStarted)
    case leaveEnded(LeaveEnded)
    case separated(Separated)
    case corrected(Corrected)
    case rescinded(Rescinded)
    case competencyAssessed(CompetencyAssessed)
    case successorNamed(SuccessorNamed)
    case successorRemoved(SuccessorRemoved)
    case familyTieDeclared(FamilyTieDeclared)
    case salaryIncreaseGranted(SalaryIncreaseGranted)
    // Events of an agency's stream (`AgencyRecord`), never of an employee's.
    case vacancyAnnounced(VacancyAnnounced)
    case selectionCommitteeFormed(SelectionCommitteeFormed)
    case candidateAssessed(CandidateAssessed)
    case candidatesProposed(CandidatesProposed)
    case selectionClosed(SelectionClosed)
    case competencyStandardDeclared(CompetencyStandardDeclared)
    case careerPatternDeclared(CareerPatternDeclared)

    /// The payload value.
    public var payload: any CareerEventKind {
        switch self {
        case .cpnsAppointed(let value): return value
        case .pnsConfirmed(let value): return value
        case .gradePromoted(let value): return value
        case .postAssigned(let value): return value
        case .postReleased(let value): return value
        case .transferred(let value): return value
        case .trainingCompleted(let value): return value
        case .mentoringRecorded(let value): return value
        case .performanceRated(let value): return value
        case .talentAssessed(let value): return value
        case .creditPointsAwarded(let value): return value
        case .educationCompleted(let value): return value
        case .awardGranted(let value): return value
        case .disciplineImposed(let value): return value
        case .disciplineAnnulled(let value): return value
        case .leaveStarted(let value): return value
        case .leaveEnded(let value): return value
        case .separated(let value): return value
        case .corrected(let value): return value
        case .rescinded(let value): return value
        case .competencyAssessed(let value): return value
        case .successorNamed(let value): return value
        case .successorRemoved(let value): return value
        case .familyTieDeclared(let value): return value
        case .salaryIncreaseGranted(let value): return value
        case .vacancyAnnounced(let value): return value
        case .selectionCommitteeFormed(let value): return value
        case .candidateAssessed(let value): return value
        case .candidatesProposed(let value): return value
        case .selectionClosed(let value): return value
        case .competencyStandardDeclared(let value): return value
        case .careerPatternDeclared(let value): return value
        }
    }

    /// Whether the event belongs to an agency's stream (open selection, the agency's competency
    /// standards and career pattern) rather than to an employee's.
    public var isAgencyEvent: Bool { Self.agencyTypes.contains(type) }

    /// The stable type name.
    public var type: String { Swift.type(of: payload).eventType }
    /// The schema version this value encodes as.
    public var schemaVersion: Int { Swift.type(of: payload).schemaVersion }

    /// Whether an event of this kind must cite a decree (SK). Training, ratings and the like
    /// carry a certificate or rating document instead.
    public var requiresDecree: Bool {
        switch self {
        case .trainingCompleted, .mentoringRecorded, .performanceRated, .talentAssessed, .creditPointsAwarded,
            .educationCompleted, .awardGranted, .competencyAssessed, .successorNamed, .successorRemoved, .familyTieDeclared,
            .vacancyAnnounced, .selectionCommitteeFormed, .candidateAssessed, .candidatesProposed, .selectionClosed,
            .competencyStandardDeclared, .careerPatternDeclared:
            return false
        default:
            return true
        }
    }

    /// Every type name in the catalogue.
    public static let allTypes =
        [
            CpnsAppointed.eventType, PnsConfirmed.eventType, GradePromoted.eventType, PostAssigned.eventType,
            PostReleased.eventType, Transferred.eventType, TrainingCompleted.eventType, MentoringRecorded.eventType,
            PerformanceRated.eventType, TalentAssessed.eventType, CreditPointsAwarded.eventType, EducationCompleted.eventType,
            AwardGranted.eventType, DisciplineImposed.eventType, DisciplineAnnulled.eventType, LeaveStarted.eventType,
            LeaveEnded.eventType, Separated.eventType, Corrected.eventType, Rescinded.eventType, CompetencyAssessed.eventType,
            SuccessorNamed.eventType, SuccessorRemoved.eventType, FamilyTieDeclared.eventType, SalaryIncreaseGranted.eventType,
        ] + agencyTypes

    /// The type names of an agency's stream.
    public static let agencyTypes = [
        VacancyAnnounced.eventType, SelectionCommitteeFormed.eventType, CandidateAssessed.eventType, CandidatesProposed.eventType,
        SelectionClosed.eventType, CompetencyStandardDeclared.eventType, CareerPatternDeclared.eventType,
    ]

    /// The current schema version of event type `type`, or nil when the catalogue has no such type.
    public static func currentSchemaVersion(of type: String) -> Int? {
        switch type {
        case TrainingCompleted.eventType: return TrainingCompleted.schemaVersion
        case _ where allTypes.contains(type): return 1
        default: return nil
        }
    }

    /// The payload as canonical JSON (sorted keys).
    public func encodedPayload() throws -> Data {
        try CareerEvent.encoder.encode(AnyKind(payload))
    }

    static let encoder = CanonicalJSONEncoder()

    struct AnyKind: Encodable {
        let value: any CareerEventKind
        init(_ value: any CareerEventKind) { self.value = value }
        func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
    }

    /// Decodes a stored payload, upcasting older schema versions. Errors name the field.
    public static func decode(type: String, schemaVersion: Int, payload: Data, effectiveDate: CivilDate) throws -> CareerEvent {
        try decode(type: type, schemaVersion: schemaVersion, payload: [UInt8](payload), effectiveDate: effectiveDate)
    }

    /// Decodes a stored payload given as UTF-8 bytes; `strict` reads it as input from outside
    /// (a correction's replacement inside a request or file).
    public static func decode(
        type: String, schemaVersion: Int, payload: [UInt8], effectiveDate: CivilDate, strict: Bool = false
    ) throws -> CareerEvent {
        try decode(type: type, schemaVersion: schemaVersion, effectiveDate: effectiveDate) {
            do {
                return TapeDecoder(tape: try JSONTape(payload, strict: strict), node: 0, parentPath: [], key: nil)
            } catch let malformed as JSONTape.Malformed {
                throw DomainError(field: "payload", rule: malformed.rule)
            }
        }
    }

    /// Decodes a payload already parsed (a line's `payload` member, say); `payload` is asked for
    /// only once the type and schema version are known.
    static func decode(type: String, schemaVersion: Int, effectiveDate: CivilDate, payload: () throws -> TapeDecoder) throws -> CareerEvent
    {
        func parse<T: Decodable>(_ kind: T.Type) throws -> T {
            let decoder = try payload()
            do {
                return try T(from: decoder)
            } catch let error as DecodingError {
                throw DomainError(decoding: error)
            }
        }
        func checkVersion<T: CareerEventKind>(_ kind: T.Type) throws {
            guard schemaVersion == T.schemaVersion else {
                throw DomainError(
                    field: "schemaVersion", rule: "\(type) has no schema version \(schemaVersion) (current \(T.schemaVersion))")
            }
        }
        func decode<T: CareerEventKind>(_ kind: T.Type) throws -> T {
            try checkVersion(kind)
            return try parse(kind)
        }
        // The hand-written reader first; anything it does not expect goes through `Codable`.
        func decodeFast<T: CareerEventKind & TapeObjectDecodable>(_ kind: T.Type) throws -> T {
            try checkVersion(kind)
            let decoder = try payload()
            do {
                return try T.decode(tape: decoder.tape, node: decoder.node)
            } catch let error as DecodingError {
                throw DomainError(decoding: error)
            }
        }
        switch type {
        case CpnsAppointed.eventType: return .cpnsAppointed(try decodeFast(CpnsAppointed.self))
        case PnsConfirmed.eventType: return .pnsConfirmed(try decode(PnsConfirmed.self))
        case GradePromoted.eventType: return .gradePromoted(try decodeFast(GradePromoted.self))
        case PostAssigned.eventType: return .postAssigned(try decodeFast(PostAssigned.self))
        case PostReleased.eventType: return .postReleased(try decode(PostReleased.self))
        case Transferred.eventType: return .transferred(try decodeFast(Transferred.self))
        case TrainingCompleted.eventType:
            if schemaVersion == 1 {
                return .trainingCompleted(try parse(TrainingCompletedV1.self).upcast(effectiveDate: effectiveDate))
            }
            if schemaVersion == 2 { return .trainingCompleted(try parse(TrainingCompletedV2.self).upcast()) }
            return .trainingCompleted(try decodeFast(TrainingCompleted.self))
        case MentoringRecorded.eventType: return .mentoringRecorded(try decode(MentoringRecorded.self))
        case PerformanceRated.eventType: return .performanceRated(try decodeFast(PerformanceRated.self))
        case TalentAssessed.eventType: return .talentAssessed(try decodeFast(TalentAssessed.self))
        case CreditPointsAwarded.eventType: return .creditPointsAwarded(try decodeFast(CreditPointsAwarded.self))
        case EducationCompleted.eventType: return .educationCompleted(try decode(EducationCompleted.self))
        case AwardGranted.eventType: return .awardGranted(try decodeFast(AwardGranted.self))
        case DisciplineImposed.eventType: return .disciplineImposed(try decode(DisciplineImposed.self))
        case DisciplineAnnulled.eventType: return .disciplineAnnulled(try decode(DisciplineAnnulled.self))
        case LeaveStarted.eventType: return .leaveStarted(try decode(LeaveStarted.self))
        case LeaveEnded.eventType: return .leaveEnded(try decode(LeaveEnded.self))
        case Separated.eventType: return .separated(try decode(Separated.self))
        case Corrected.eventType: return .corrected(try decode(Corrected.self))
        case Rescinded.eventType: return .rescinded(try decode(Rescinded.self))
        case CompetencyAssessed.eventType: return .competencyAssessed(try decode(CompetencyAssessed.self))
        case SuccessorNamed.eventType: return .successorNamed(try decode(SuccessorNamed.self))
        case SuccessorRemoved.eventType: return .successorRemoved(try decode(SuccessorRemoved.self))
        case FamilyTieDeclared.eventType: return .familyTieDeclared(try decode(FamilyTieDeclared.self))
        case SalaryIncreaseGranted.eventType: return .salaryIncreaseGranted(try decode(SalaryIncreaseGranted.self))
        case VacancyAnnounced.eventType: return .vacancyAnnounced(try decode(VacancyAnnounced.self))
        case SelectionCommitteeFormed.eventType: return .selectionCommitteeFormed(try decode(SelectionCommitteeFormed.self))
        case CandidateAssessed.eventType: return .candidateAssessed(try decode(CandidateAssessed.self))
        case CandidatesProposed.eventType: return .candidatesProposed(try decode(CandidatesProposed.self))
        case SelectionClosed.eventType: return .selectionClosed(try decode(SelectionClosed.self))
        case CompetencyStandardDeclared.eventType: return .competencyStandardDeclared(try decode(CompetencyStandardDeclared.self))
        case CareerPatternDeclared.eventType: return .careerPatternDeclared(try decode(CareerPatternDeclared.self))
        default:
            throw DomainError(field: "type", rule: "unknown event type \(type)")
        }
    }
}

/// The second schema of `TrainingCompleted`: without the competencies it develops.
struct TrainingCompletedV2: Decodable {
    var name: String
    var kind: TrainingCompleted.Kind
    var hours: Int
    var organiser: String
    var certificate: String?
    var period: Period

    func upcast() -> TrainingCompleted {
        TrainingCompleted(name: name, kind: kind, hours: hours, organiser: organiser, certificate: certificate, period: period)
    }
}

/// The first schema of `TrainingCompleted`: a name, hours and an organiser.
struct TrainingCompletedV1: Decodable {
    var name: String
    var hours: Int
    var organiser: String

    func upcast(effectiveDate: CivilDate) -> TrainingCompleted {
        TrainingCompleted(
            name: name, kind: .technical, hours: hours, organiser: organiser, certificate: nil,
            period: Period(start: effectiveDate, end: effectiveDate))
    }
}

extension CareerEvent: Codable {
    enum CodingKeys: String, CodingKey { case type, schemaVersion, effectiveDate, payload }

    /// Nested form (a correction's replacement): `{"type", "schemaVersion", "payload"}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        let version = try container.decodeIfPresent(Int.self, forKey: .schemaVersion) ?? 1
        let payload = try container.decode(JSONFragment.self, forKey: .payload)
        let date = try container.decodeIfPresent(CivilDate.self, forKey: .effectiveDate) ?? CivilDate(dayNumber: 0)
        // Read as strictly as the document around it.
        let strict = (decoder as? TapeDecoder)?.tape.strict ?? false
        do {
            self = try CareerEvent.decode(
                type: type, schemaVersion: version, payload: [UInt8](payload.data), effectiveDate: date, strict: strict)
        } catch let error as DomainError {
            throw DecodingError.dataCorruptedError(forKey: .payload, in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try payload.encode(to: container.superEncoder(forKey: .payload))
    }
}

/// Any JSON value, kept as its encoded bytes.
struct JSONFragment: Decodable {
    let data: Data

    init(from decoder: any Decoder) throws {
        if let tape = decoder as? TapeDecoder {
            data = Data(tape.rawBytes)
            return
        }
        let value = try JSONValue(from: decoder)
        data = try CareerEvent.encoder.encode(value)
    }
}

/// A generic JSON value.
enum JSONValue: Codable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension DomainError {
    /// A JSON kind in words, for "must be …".
    static func kind(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type, is Int32.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is [Any].Type: return "an array"
        case is [String: Any].Type: return "an object"
        default: return "a \(type)"
        }
    }

    /// The values each enumeration of the catalogue allows, by its type name.
    static let allowedValues: [String: [String]] = [
        "PromotionKind": PromotionKind.allCases.map(\.rawValue), "PostKind": PostKind.allCases.map(\.rawValue),
        "FunctionalLevel": FunctionalLevel.allCases.map(\.rawValue), "AssignmentKind": AssignmentKind.allCases.map(\.rawValue),
        "EducationLevel": EducationLevel.allCases.map(\.rawValue), "Predikat": Predikat.allCases.map(\.rawValue),
        "ExpectationLevel": ExpectationLevel.allCases.map(\.rawValue), "Potential": Potential.allCases.map(\.rawValue),
        "Level": DisciplineImposed.Level.allCases.map(\.rawValue), "LeaveKind": LeaveKind.allCases.map(\.rawValue),
        "Reason": Separated.Reason.allCases.map(\.rawValue), "Readiness": Readiness.allCases.map(\.rawValue),
        "FamilyRelation": FamilyRelation.allCases.map(\.rawValue), "SelectionStage": SelectionStage.allCases.map(\.rawValue),
        "SelectionOutcome": SelectionOutcome.allCases.map(\.rawValue),
    ]

    /// Foundation's wording made plain: an enumeration's unknown value names the values allowed.
    static func plain(_ description: String) -> String {
        let prefix = "Cannot initialize ", middle = " from invalid String value "
        guard description.hasPrefix(prefix), let range = description.range(of: middle) else { return description }
        let type = String(description[description.index(description.startIndex, offsetBy: prefix.count)..<range.lowerBound])
        let value = String(description[range.upperBound...])
        if let allowed = allowedValues[type] { return "\"\(value)\" is not one of: \(allowed.joined(separator: ", "))" }
        return "\"\(value)\" is not an allowed value"
    }

    /// A decoding failure as "payload.field: rule".
    public init(decoding error: DecodingError) {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.reduce("payload") { text, key in
                if let index = key.intValue { return text + "[\(index)]" }
                return text + "." + key.stringValue
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            self.init(field: path(context.codingPath + [key]), rule: "is missing")
        case .typeMismatch(let type, let context):
            self.init(field: path(context.codingPath), rule: "must be \(Self.kind(of: type))")
        case .valueNotFound(_, let context):
            self.init(field: path(context.codingPath), rule: "must not be null")
        case .dataCorrupted(let context):
            self.init(field: path(context.codingPath), rule: Self.plain(context.debugDescription))
        @unknown default:
            self.init(field: "payload", rule: "cannot be read")
        }
    }
}
