import Foundation

/// An agency record read from outside, ready for the agency write gate, with its payload in
/// canonical form.
public struct SubmittedAgencyRecord: Sendable, Hashable {
    public var record: AgencyRecord
    public var payload: [UInt8]

    public init(record: AgencyRecord, payload: [UInt8]) {
        self.record = record
        self.payload = payload
    }

    /// A record built in code (generators, tests): its payload encoded canonically.
    public init(_ record: AgencyRecord) throws {
        self.init(record: record, payload: Array(try record.event.encodedPayload()))
    }
}

/// An import line: an employee's record or an agency's.
public enum ImportedLine: Sendable, Hashable {
    case career(SubmittedRecord)
    case agency(SubmittedAgencyRecord)
}

/// A `riwayat append` line: an employee's records or an agency's.
public enum AppendLine: Sendable, Hashable {
    case employee(Submission)
    case agency(AgencySubmission)
}

/// One agency's records submitted together: all stored or none.
public struct AgencySubmission: Sendable, Hashable {
    public var agency: String
    public var expectedVersion: StreamExpectation
    public var records: [SubmittedAgencyRecord]
}

extension SubmissionReader {
    /// The members of an agency import line: an event and its agency.
    static let agencyLineMembers = ["id", "agency", "type", "schemaVersion", "effectiveDate", "decree", "operator", "payload"]

    /// An HTTP append body for an agency's stream, `{"expectedVersion", "events": [...]}`, for
    /// `agency` (from the path).
    public static func agencyRequest(_ bytes: [UInt8], agency: String, mintID: @escaping () -> UUID) throws -> AgencySubmission {
        if let problem = AgencyRecord.problem(withName: agency) { throw DomainError(field: "agency", rule: problem) }
        let tape = try parse(bytes, field: "body")
        try requireMembers(of: 0, in: tape, allowed: ["expectedVersion", "events"], prefix: "")
        let expected = try expectedVersion(tape)
        var records = [SubmittedAgencyRecord]()
        try forEachEvent(tape) { node, prefix in
            records.append(try agencyRecord(tape, node: node, prefix: prefix, agency: agency, mintID: mintID))
        }
        return AgencySubmission(agency: agency, expectedVersion: expected, records: records)
    }

    /// A `riwayat append` line of either kind: `{"agency", "expectedVersion", "events"}` for an
    /// agency's stream, else an employee's (`appendLine`).
    public static func anyAppendLine(_ bytes: [UInt8], mintID: @escaping () -> UUID) throws -> AppendLine {
        let tape = try parse(bytes, field: "line")
        guard let node = tape.member(of: 0, named: "agency"), tape.member(of: 0, named: "nip") == nil else {
            return .employee(try appendLine(bytes, mintID: mintID))
        }
        try requireMembers(of: 0, in: tape, allowed: ["agency", "expectedVersion", "events"], prefix: "")
        guard tape.nodes[node].kind == .string, let agency = try? tape.string(node) else {
            throw DomainError(field: "agency", rule: "must be a string")
        }
        if let problem = AgencyRecord.problem(withName: agency) { throw DomainError(field: "agency", rule: problem) }
        let expected = try expectedVersion(tape)
        var records = [SubmittedAgencyRecord]()
        try forEachEvent(tape) { node, prefix in
            records.append(try agencyRecord(tape, node: node, prefix: prefix, agency: agency, mintID: mintID))
        }
        return .agency(AgencySubmission(agency: agency, expectedVersion: expected, records: records))
    }

    /// One import line of an agency's stream: a record with its `agency` and `id`.
    public static func agencyImportLine(_ bytes: [UInt8]) throws -> SubmittedAgencyRecord {
        let tape = try parse(bytes, field: "line")
        return try agencyRecord(tape, node: 0, prefix: "", agency: nil, mintID: nil)
    }

    /// One import line of either kind, parsed once: an agency's (it names an `agency` and no
    /// `nip`) or an employee's.
    public static func anyImportLine(_ bytes: [UInt8]) throws -> ImportedLine {
        let tape = try parse(bytes, field: "line")
        if tape.member(of: 0, named: "agency") != nil, tape.member(of: 0, named: "nip") == nil {
            return .agency(try agencyRecord(tape, node: 0, prefix: "", agency: nil, mintID: nil))
        }
        return .career(try record(tape, node: 0, prefix: "", nip: nil, mintID: nil))
    }

    static func agencyRecord(
        _ tape: JSONTape, node: Int, prefix: String, agency fixed: String?, mintID: (() -> UUID)?
    ) throws -> SubmittedAgencyRecord {
        guard tape.nodes[node].kind == .object else {
            throw DomainError(field: prefix.isEmpty ? "line" : prefix, rule: "must be an object")
        }
        try requireMembers(of: node, in: tape, allowed: fixed == nil ? agencyLineMembers : eventMembers, prefix: prefix)
        let agency: String
        if let fixed {
            agency = fixed
        } else {
            agency = try string(tape, member: "agency", of: node, prefix: prefix)
            if let problem = AgencyRecord.problem(withName: agency) {
                throw DomainError(field: FieldPath.dotted(prefix, ["agency"]), rule: problem)
            }
        }
        let parts = try eventParts(tape, node: node, prefix: prefix, mintID: mintID)
        let record = AgencyRecord(
            id: parts.id, agency: agency, effectiveDate: parts.effectiveDate, decree: parts.decree, recordedBy: "", event: parts.event,
            operatorName: parts.operatorName)
        return SubmittedAgencyRecord(record: record, payload: parts.payload)
    }
}
