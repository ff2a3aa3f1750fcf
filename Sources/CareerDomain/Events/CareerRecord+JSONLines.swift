import Foundation

/// The import and export line format: one career record per line of JSON.
///
/// `{"decree": {"number", "date", "signedBy"} | null, "effectiveDate": "YYYY-MM-DD", "id": UUID,
/// "nip": NIP, "operator": TEXT (optional), "payload": {...}, "schemaVersion": N, "type": NAME}`.
/// Who recorded an event is not part of a line: the store records the account that imports it.
extension CareerRecord {
    /// The record as one JSON line (keys sorted, so the same record always gives the same bytes).
    public func jsonLine() throws -> Data {
        try CareerEvent.jsonLine(
            subject: ("nip", Data("\"\(nip.digits)\"".utf8)), id: id, effectiveDate: effectiveDate, decree: decree,
            operatorName: operatorName, event: event)
    }

    /// Parses one line strictly (`SubmissionReader.importLine`); errors name the field
    /// (`nip`, `payload.to`, …) and the rule. `recordedBy` is left empty: the write gate sets it.
    public init(jsonLine data: Data) throws {
        self = try SubmissionReader.importLine(Array(data)).record
    }
}

extension AgencyRecord {
    /// The record as one JSON line of an agency's stream: like a career record's, with `agency`
    /// in place of `nip`.
    public func jsonLine() throws -> Data {
        try CareerEvent.jsonLine(
            subject: ("agency", try CareerEvent.encoder.encode(agency)), id: id, effectiveDate: effectiveDate, decree: decree,
            operatorName: operatorName, event: event)
    }
}

extension CareerEvent {
    /// One line of the import format: the envelope's members and the one naming the stream's
    /// subject (`nip` or `agency`, already encoded), in key order.
    static func jsonLine(
        subject: (key: String, value: Data), id: UUID, effectiveDate: CivilDate, decree: Decree?, operatorName: String?,
        event: CareerEvent
    ) throws -> Data {
        let payload = try event.encodedPayload()
        var members: [(String, Data)] = [
            subject, ("decree", try decree.map { try encoder.encode($0) } ?? Data("null".utf8)),
            ("effectiveDate", Data("\"\(effectiveDate)\"".utf8)), ("id", Data("\"\(id.uuidString.lowercased())\"".utf8)),
            ("payload", payload), ("schemaVersion", Data(String(event.schemaVersion).utf8)), ("type", Data("\"\(event.type)\"".utf8)),
        ]
        if let operatorName { members.append(("operator", try encoder.encode(operatorName))) }
        var line = Data()
        line.reserveCapacity(payload.count + 300)
        line.append(UInt8(ascii: "{"))
        for (index, member) in members.sorted(by: { $0.0 < $1.0 }).enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            line.append(contentsOf: "\"\(member.0)\":".utf8)
            line.append(member.1)
        }
        line.append(UInt8(ascii: "}"))
        return line
    }
}
