import Foundation

/// The import and export line format: one career record per line of JSON.
///
/// `{"id": UUID, "nip": NIP, "type": NAME, "schemaVersion": N, "effectiveDate": "YYYY-MM-DD",
/// "decree": {"number", "date", "signedBy"} | null, "recordedBy": NIP, "payload": {...}}`
extension CareerRecord {
    struct Line: Codable {
        var id: UUID
        var nip: String
        var type: String
        var schemaVersion: Int
        var effectiveDate: CivilDate
        var decree: Decree?
        var recordedBy: String
        var payload: JSONFragmentValue
    }

    /// The record as one JSON line (keys sorted, so the same record always gives the same bytes).
    public func jsonLine() throws -> Data {
        let payload = try event.encodedPayload()
        var line = Data()
        line.reserveCapacity(payload.count + 300)
        line.append(contentsOf: "{\"decree\":".utf8)
        if let decree { line.append(try CareerEvent.encoder.encode(decree)) } else { line.append(contentsOf: "null".utf8) }
        line.append(contentsOf: ",\"effectiveDate\":\"\(effectiveDate)\",\"id\":\"\(id.uuidString.lowercased())\",\"nip\":\"\(nip.digits)\",\"payload\":".utf8)
        line.append(payload)
        line.append(contentsOf: ",\"recordedBy\":".utf8)
        line.append(try CareerEvent.encoder.encode(recordedBy))
        line.append(contentsOf: ",\"schemaVersion\":\(event.schemaVersion),\"type\":\"\(event.type)\"}".utf8)
        return line
    }

    /// Parses one line; errors name the field (`nip`, `payload.to`, …) and the rule.
    public init(jsonLine data: Data) throws {
        let line: Line
        do {
            line = try JSONDecoder().decode(Line.self, from: data)
        } catch let error as DecodingError {
            var described = DomainError(decoding: error)
            described.field = String(described.field.dropFirst("payload.".count).isEmpty ? "line" : described.field.dropFirst("payload.".count))
            throw described
        }
        let nip = try NIP(line.nip)
        let event = try CareerEvent.decode(type: line.type, schemaVersion: line.schemaVersion, payload: line.payload.data, effectiveDate: line.effectiveDate)
        self.init(id: line.id, nip: nip, effectiveDate: line.effectiveDate, decree: line.decree, recordedBy: line.recordedBy, event: event)
    }
}

/// A JSON value kept as bytes (decoding) and written back verbatim (encoding).
struct JSONFragmentValue: Codable {
    let data: Data

    init(from decoder: any Decoder) throws {
        data = try CareerEvent.encoder.encode(JSONValue(from: decoder))
    }

    func encode(to encoder: any Encoder) throws {
        try JSONDecoder().decode(JSONValue.self, from: data).encode(to: encoder)
    }
}
