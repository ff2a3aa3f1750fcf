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

    /// Parses one line; errors name the field (`nip`, `payload.to`, …) and the rule. The line
    /// is parsed once; the payload is decoded where it lies.
    public init(jsonLine data: Data) throws {
        self = try Self.read(jsonLine: data).record
    }

    /// Parses one line into its record and its envelope (whose payload is the bytes as written),
    /// reading the line once; errors as `init(jsonLine:)`.
    public static func read(jsonLine data: Data) throws -> (record: CareerRecord, envelope: Envelope) {
        let (envelope, tape, payload) = try Envelope.read(line: data)
        let event = try CareerEvent.decode(type: envelope.type, schemaVersion: envelope.schemaVersion, effectiveDate: envelope.effectiveDate) {
            TapeDecoder(tape: tape, node: payload, parentPath: [], key: nil)
        }
        let record = CareerRecord(
            id: envelope.id, nip: envelope.nip, effectiveDate: envelope.effectiveDate, decree: envelope.decree,
            recordedBy: envelope.recordedBy, event: event)
        return (record, envelope)
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
            self = try Self.read(line: data).envelope
        }

        /// The envelope, the parsed line and the node of its payload object.
        static func read(line data: Data) throws -> (envelope: Envelope, tape: JSONTape, payload: Int) {
            let tape: JSONTape
            do {
                tape = try JSONTape([UInt8](data))
            } catch let malformed as JSONTape.Malformed {
                throw DomainError(field: "line", rule: malformed.rule)
            }
            guard tape.nodes[0].kind == .object else { throw DomainError(field: "line", rule: "is not a JSON object") }
            func string(_ key: String) throws -> String {
                guard let node = tape.member(of: 0, named: key) else { throw DomainError(field: key, rule: "is missing") }
                guard tape.nodes[node].kind == .string, let text = try? tape.string(node) else {
                    throw DomainError(field: key, rule: "must be a string")
                }
                return text
            }
            let idText = try string("id")
            guard let id = UUID(canonicalText: idText) else { throw DomainError(field: "id", rule: "\"\(idText)\" is not a UUID") }
            let nip = try NIP(try string("nip"))
            let type = try string("type")
            var schemaVersion = 1
            if let node = tape.member(of: 0, named: "schemaVersion") {
                guard tape.nodes[node].kind == .number, let version = try? tape.integer(node, as: Int.self) else {
                    throw DomainError(field: "schemaVersion", rule: "must be an integer")
                }
                schemaVersion = version
            }
            let dateText = try string("effectiveDate")
            guard let effectiveDate = CivilDate(dateText) else {
                throw DomainError(field: "effectiveDate", rule: "\"\(dateText)\" is not a date YYYY-MM-DD")
            }
            var decree: Decree?
            if let node = tape.member(of: 0, named: "decree"), tape.nodes[node].kind != .null {
                do {
                    decree = try Decree.decode(tape: tape, node: node)
                } catch let error as DecodingError {
                    var described = DomainError(decoding: error)
                    described.field = "decree" + described.field.dropFirst("payload".count)
                    throw described
                }
            }
            let recordedBy = try string("recordedBy")
            guard let payload = tape.member(of: 0, named: "payload"), tape.nodes[payload].kind == .object else {
                throw DomainError(field: "payload", rule: tape.member(of: 0, named: "payload") == nil ? "is missing" : "must be a JSON object")
            }
            let envelope = Envelope(
                id: id, nip: nip, type: type, schemaVersion: schemaVersion, effectiveDate: effectiveDate, decree: decree,
                recordedBy: recordedBy, payload: Array(tape.raw(payload)))
            return (envelope, tape, payload)
        }

        init(
            id: UUID, nip: NIP, type: String, schemaVersion: Int, effectiveDate: CivilDate, decree: Decree?, recordedBy: String, payload: [UInt8]
        ) {
            self.id = id
            self.nip = nip
            self.type = type
            self.schemaVersion = schemaVersion
            self.effectiveDate = effectiveDate
            self.decree = decree
            self.recordedBy = recordedBy
            self.payload = payload
        }

        /// The metadata document stored beside the payload.
        public func encodedMetadata(source: String?) throws -> Data {
            Data(Metadata(recordedBy: recordedBy, decree: decree, source: source).canonicalJSON())
        }
    }
}

