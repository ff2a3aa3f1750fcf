import Foundation

/// The import and export line format: one career record per line of JSON.
///
/// `{"decree": {"number", "date", "signedBy"} | null, "effectiveDate": "YYYY-MM-DD", "id": UUID,
/// "nip": NIP, "operator": TEXT (optional), "payload": {...}, "schemaVersion": N, "type": NAME}`.
/// Who recorded an event is not part of a line: the store records the account that imports it.
extension CareerRecord {
    /// The record as one JSON line (keys sorted, so the same record always gives the same bytes).
    public func jsonLine() throws -> Data {
        let payload = try event.encodedPayload()
        var line = Data()
        line.reserveCapacity(payload.count + 300)
        line.append(contentsOf: "{\"decree\":".utf8)
        if let decree { line.append(try CareerEvent.encoder.encode(decree)) } else { line.append(contentsOf: "null".utf8) }
        line.append(
            contentsOf: ",\"effectiveDate\":\"\(effectiveDate)\",\"id\":\"\(id.uuidString.lowercased())\",\"nip\":\"\(nip.digits)\"".utf8)
        if let operatorName {
            line.append(contentsOf: ",\"operator\":".utf8)
            line.append(try CareerEvent.encoder.encode(operatorName))
        }
        line.append(contentsOf: ",\"payload\":".utf8)
        line.append(payload)
        line.append(contentsOf: ",\"schemaVersion\":\(event.schemaVersion),\"type\":\"\(event.type)\"}".utf8)
        return line
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
        let payload = try event.encodedPayload()
        var line = Data()
        line.append(contentsOf: "{\"agency\":".utf8)
        line.append(try CareerEvent.encoder.encode(agency))
        line.append(contentsOf: ",\"decree\":".utf8)
        if let decree { line.append(try CareerEvent.encoder.encode(decree)) } else { line.append(contentsOf: "null".utf8) }
        line.append(contentsOf: ",\"effectiveDate\":\"\(effectiveDate)\",\"id\":\"\(id.uuidString.lowercased())\"".utf8)
        if let operatorName {
            line.append(contentsOf: ",\"operator\":".utf8)
            line.append(try CareerEvent.encoder.encode(operatorName))
        }
        line.append(contentsOf: ",\"payload\":".utf8)
        line.append(payload)
        line.append(contentsOf: ",\"schemaVersion\":\(event.schemaVersion),\"type\":\"\(event.type)\"}".utf8)
        return line
    }
}
