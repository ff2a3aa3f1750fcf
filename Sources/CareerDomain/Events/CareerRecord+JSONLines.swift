import Foundation

/// The import and export line format: one career record per line of JSON.
///
/// `{"id": UUID, "nip": NIP, "type": NAME, "schemaVersion": N, "effectiveDate": "YYYY-MM-DD",
/// "decree": {"number", "date", "signedBy"} | null, "recordedBy": NIP, "payload": {...}}`
extension CareerRecord {
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
        let envelope = try Envelope(line: data)
        let event = try CareerEvent.decode(
            type: envelope.type, schemaVersion: envelope.schemaVersion, payload: envelope.payload, effectiveDate: envelope.effectiveDate)
        self.init(
            id: envelope.id, nip: envelope.nip, effectiveDate: envelope.effectiveDate, decree: envelope.decree,
            recordedBy: envelope.recordedBy, event: event)
    }

    /// A line's envelope, read without decoding the payload (which stays raw bytes).
    public struct Envelope: Sendable {
        public var id: UUID
        public var nip: NIP
        public var type: String
        public var schemaVersion: Int
        public var effectiveDate: CivilDate
        public var decree: Decree?
        public var recordedBy: String
        /// The payload exactly as written in the line.
        public var payload: [UInt8]

        public init(line data: Data) throws {
            let bytes = [UInt8](data)
            let scanner = try JSONObjectScanner(bytes[...])
            let idText = try scanner.string("id")
            guard let id = UUID(uuidString: idText) else { throw DomainError(field: "id", rule: "\"\(idText)\" is not a UUID") }
            self.id = id
            nip = try NIP(try scanner.string("nip"))
            type = try scanner.string("type")
            schemaVersion = scanner.members["schemaVersion"] == nil ? 1 : try scanner.int("schemaVersion")
            let dateText = try scanner.string("effectiveDate")
            guard let date = CivilDate(dateText) else {
                throw DomainError(field: "effectiveDate", rule: "\"\(dateText)\" is not a date YYYY-MM-DD")
            }
            effectiveDate = date
            if scanner.isNull("decree") {
                decree = nil
            } else if let raw = scanner.members["decree"] {
                do {
                    decree = try CatalogueJSONDecoder().decode(Decree.self, from: Array(raw))
                } catch let error as DecodingError {
                    var described = DomainError(decoding: error)
                    described.field = "decree" + described.field.dropFirst("payload".count)
                    throw described
                }
            }
            recordedBy = try scanner.string("recordedBy")
            guard let payload = scanner.members["payload"], payload.first == UInt8(ascii: "{") else {
                throw DomainError(field: "payload", rule: scanner.members["payload"] == nil ? "is missing" : "must be a JSON object")
            }
            self.payload = Array(payload)
        }

        /// The metadata document stored beside the payload.
        public func encodedMetadata(source: String?) throws -> Data {
            try CareerEvent.encoder.encode(Metadata(recordedBy: recordedBy, decree: decree, source: source))
        }
    }
}

