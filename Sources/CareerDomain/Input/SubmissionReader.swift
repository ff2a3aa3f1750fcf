import Foundation

/// Reads career records from outside (an HTTP append, a `riwayat append` line, an import line
/// or CSV row) from JSON, once and strictly: malformed JSON, a key given twice, NUL characters,
/// text that is not UTF-8, members nobody asked for, out-of-range numbers and over-long texts are
/// refused, each naming the field (`events[0].payload.to`) and the rule. Nothing is dropped or
/// guessed: what is read is what the store keeps (the payload in canonical form).
public enum SubmissionReader {
    /// The members of one event in an append.
    static let eventMembers = ["id", "type", "schemaVersion", "effectiveDate", "decree", "operator", "payload"]
    /// The members of an import line: an event and its NIP.
    static let lineMembers = ["id", "nip", "type", "schemaVersion", "effectiveDate", "decree", "operator", "payload"]
    static let largestVersion = Int(Int32.max)

    /// An HTTP append body, `{"expectedVersion", "events": [...]}`, for the employee `nip` (from
    /// the path). Events without an `id` get one from `mintID`.
    public static func request(_ bytes: [UInt8], nip: NIP, mintID: @escaping () -> UUID) throws -> Submission {
        let tape = try parse(bytes, field: "body")
        try requireMembers(of: 0, in: tape, allowed: ["expectedVersion", "events"], prefix: "")
        return try submission(tape, nip: nip, mintID: mintID)
    }

    /// A `riwayat append` line, `{"nip", "expectedVersion", "events": [...]}`.
    public static func appendLine(_ bytes: [UInt8], mintID: @escaping () -> UUID) throws -> Submission {
        let tape = try parse(bytes, field: "line")
        try requireMembers(of: 0, in: tape, allowed: ["nip", "expectedVersion", "events"], prefix: "")
        let nip = try NIP(try string(tape, member: "nip", of: 0, prefix: ""))
        return try submission(tape, nip: nip, mintID: mintID)
    }

    /// One import line (the format `riwayat generate` writes): a record with its `nip` and `id`.
    public static func importLine(_ bytes: [UInt8]) throws -> SubmittedRecord {
        let tape = try parse(bytes, field: "line")
        return try record(tape, node: 0, prefix: "", nip: nil, mintID: nil)
    }

    /// Checks that `bytes` is exactly one JSON object, read strictly (a CSV cell that is to hold
    /// one: `{"name":"X"},"nip":"…"` is refused, not pasted into a line).
    public static func checkObject(_ bytes: [UInt8], field: String) throws {
        _ = try parse(bytes, field: field, within: field)
    }

    // MARK: Parts

    /// Parses one document strictly; `within` names the member the document is (a CSV payload
    /// cell), so a problem inside it is named from the record's root.
    static func parse(_ bytes: [UInt8], field: String, within: String = "") throws -> JSONTape {
        let tape: JSONTape
        do {
            tape = try JSONTape(bytes, strict: true)
        } catch let malformed as JSONTape.Malformed {
            throw DomainError(field: malformed.path.isEmpty ? field : FieldPath.dotted(within, malformed.path), rule: malformed.rule)
        }
        guard tape.nodes[0].kind == .object else { throw DomainError(field: field, rule: "must be a JSON object") }
        return tape
    }

    static func submission(_ tape: JSONTape, nip: NIP, mintID: @escaping () -> UUID) throws -> Submission {
        let expected = try expectedVersion(tape)
        var records = [SubmittedRecord]()
        try forEachEvent(tape) { node, prefix in
            records.append(try record(tape, node: node, prefix: prefix, nip: nip, mintID: mintID))
        }
        return Submission(nip: nip, expectedVersion: expected, records: records)
    }

    /// The document's `expectedVersion`: absent, null or "any"; "noStream"; or a version.
    static func expectedVersion(_ tape: JSONTape) throws -> StreamExpectation {
        guard let node = tape.member(of: 0, named: "expectedVersion") else { return .any }
        switch tape.nodes[node].kind {
        case .null: return .any
        case .string where (try? tape.string(node)) == "any": return .any
        case .string where (try? tape.string(node)) == "noStream": return .noStream
        case .number:
            // Written as a whole number: `1e2` or `3.0` is not a version someone meant.
            guard !tape.nodes[node].flagged, let version = try? tape.integer(node, as: Int.self), (0...largestVersion).contains(version)
            else {
                throw DomainError(field: "expectedVersion", rule: "must be \"any\", \"noStream\" or a version from 0 to \(largestVersion)")
            }
            return .exact(version)
        default:
            throw DomainError(field: "expectedVersion", rule: "must be \"any\", \"noStream\" or a version from 0 to \(largestVersion)")
        }
    }

    /// Calls `body` with each element node of the document's `events` (1 to 1000) and its path.
    static func forEachEvent(_ tape: JSONTape, _ body: (Int, String) throws -> Void) throws {
        guard let events = tape.member(of: 0, named: "events") else { throw DomainError(field: "events", rule: "is missing") }
        guard tape.nodes[events].kind == .array, (1...1000).contains(tape.nodes[events].count) else {
            throw DomainError(field: "events", rule: "must be an array of 1 to 1000 events")
        }
        var element = events + 1
        for index in 0..<Int(tape.nodes[events].count) {
            try body(element, "events[\(index)]")
            element = Int(tape.nodes[element].next)
        }
    }

    /// One event object. `nip` given: the employee is known (its events carry no `nip`), and
    /// `mintID` supplies a missing `id`; otherwise both are members of the object.
    static func record(_ tape: JSONTape, node: Int, prefix: String, nip fixed: NIP?, mintID: (() -> UUID)?) throws -> SubmittedRecord {
        func field(_ name: String) -> String { FieldPath.dotted(prefix, [name]) }
        guard tape.nodes[node].kind == .object else {
            throw DomainError(field: prefix.isEmpty ? "line" : prefix, rule: "must be an object")
        }
        try requireMembers(of: node, in: tape, allowed: fixed == nil ? lineMembers : eventMembers, prefix: prefix)

        let nip: NIP
        if let fixed {
            nip = fixed
        } else {
            do {
                nip = try NIP(try string(tape, member: "nip", of: node, prefix: prefix))
            } catch var error as DomainError {
                error.field = field("nip")
                throw error
            }
        }
        let parts = try eventParts(tape, node: node, prefix: prefix, mintID: mintID)
        let record = CareerRecord(
            id: parts.id, nip: nip, effectiveDate: parts.effectiveDate, decree: parts.decree, recordedBy: "", event: parts.event,
            operatorName: parts.operatorName)
        return SubmittedRecord(record: record, payload: parts.payload)
    }

    /// What every event object holds besides its subject (the NIP or the agency).
    struct EventParts {
        var id: UUID, effectiveDate: CivilDate, decree: Decree?, operatorName: String?, event: CareerEvent, payload: [UInt8]
    }

    /// Reads an event object's id, type, schema version, TMT, decree, operator and payload.
    static func eventParts(_ tape: JSONTape, node: Int, prefix: String, mintID: (() -> UUID)?) throws -> EventParts {
        func field(_ name: String) -> String { FieldPath.dotted(prefix, [name]) }
        let id: UUID
        if let text = try optionalString(tape, member: "id", of: node, prefix: prefix) {
            guard let parsed = UUID(canonicalText: text) else { throw DomainError(field: field("id"), rule: "\"\(text)\" is not a UUID") }
            id = parsed
        } else if let mintID {
            id = mintID()
        } else {
            throw DomainError(field: field("id"), rule: "is missing")
        }
        let type = try string(tape, member: "type", of: node, prefix: prefix)
        guard let current = CareerEvent.currentSchemaVersion(of: type) else {
            throw DomainError(
                field: field("type"), rule: "unknown event type \(type); known: \(CareerEvent.allTypes.joined(separator: ", "))")
        }
        var schemaVersion = current
        if let versionNode = tape.member(of: node, named: "schemaVersion"), tape.nodes[versionNode].kind != .null {
            guard tape.nodes[versionNode].kind == .number, let version = try? tape.integer(versionNode, as: Int.self),
                (1...current).contains(version)
            else { throw DomainError(field: field("schemaVersion"), rule: "must be an integer from 1 to \(current) for \(type)") }
            schemaVersion = version
        }
        let dateText = try string(tape, member: "effectiveDate", of: node, prefix: prefix)
        guard let effectiveDate = CivilDate(dateText) else {
            throw DomainError(field: field("effectiveDate"), rule: "\"\(dateText)\" is not a date YYYY-MM-DD")
        }
        let decree = try self.decree(tape, of: node, prefix: prefix)
        let operatorName = try optionalString(tape, member: "operator", of: node, prefix: prefix)
        if let operatorName, let problem = FieldLimits.problem(with: operatorName, key: "operator") {
            throw DomainError(field: field("operator"), rule: problem)
        }
        guard let payload = tape.member(of: node, named: "payload") else { throw DomainError(field: field("payload"), rule: "is missing") }
        guard tape.nodes[payload].kind == .object else { throw DomainError(field: field("payload"), rule: "must be a JSON object") }

        let event: CareerEvent
        do {
            event = try CareerEvent.decode(type: type, schemaVersion: schemaVersion, effectiveDate: effectiveDate) {
                TapeDecoder(tape: tape, node: payload, parentPath: [], key: nil)
            }
        } catch var error as DomainError {
            error.field = prefix.isEmpty ? error.field : prefix + "." + error.field
            throw error
        }
        let canonical = Array(try event.encodedPayload())
        let stored = try JSONTape(canonical)
        if let path = PayloadCheck.unknownMember(tape, payload, in: stored) {
            var owner = type + (schemaVersion == current ? "" : " (schema version \(schemaVersion))")
            if case .corrected(let correction) = event, path.count > 2, path[0] == "replacement" {
                owner = "\(correction.replacement.type) (the replacement)"
            }
            throw DomainError(field: FieldPath.dotted(prefix, ["payload"] + path), rule: "is not a known field of \(owner)")
        }
        if let (path, rule) = PayloadCheck.limitProblem(in: stored) {
            throw DomainError(field: FieldPath.dotted(prefix, ["payload"] + path), rule: rule)
        }
        return EventParts(
            id: id, effectiveDate: effectiveDate, decree: decree, operatorName: operatorName, event: event, payload: canonical)
    }

    static func decree(_ tape: JSONTape, of node: Int, prefix: String) throws -> Decree? {
        guard let decree = tape.member(of: node, named: "decree"), tape.nodes[decree].kind != .null else { return nil }
        let path = FieldPath.dotted(prefix, ["decree"])
        guard tape.nodes[decree].kind == .object else {
            throw DomainError(field: path, rule: "must be an object {number, date, signedBy} or null")
        }
        try requireMembers(of: decree, in: tape, allowed: ["number", "date", "signedBy"], prefix: path)
        let number = try string(tape, member: "number", of: decree, prefix: path)
        let signedBy = try string(tape, member: "signedBy", of: decree, prefix: path)
        let dateText = try string(tape, member: "date", of: decree, prefix: path)
        guard let date = CivilDate(dateText) else {
            throw DomainError(field: path + ".date", rule: "\"\(dateText)\" is not a date YYYY-MM-DD")
        }
        for (name, text) in [("number", number), ("signedBy", signedBy)] {
            if let problem = FieldLimits.problem(with: text, key: name) { throw DomainError(field: path + "." + name, rule: problem) }
        }
        return Decree(number: number, date: date, signedBy: signedBy)
    }

    /// Refuses any member of the object at `node` not in `allowed`, naming it.
    static func requireMembers(of node: Int, in tape: JSONTape, allowed: [String], prefix: String) throws {
        var keyNode = node + 1
        for _ in 0..<tape.nodes[node].count {
            let name = (try? tape.string(keyNode)) ?? ""
            if !allowed.contains(name) {
                let rule =
                    name == "recordedBy"
                    ? "is set by the server (the person the writing token or command belongs to); name a clerk of a source system as "
                        + "\"operator\""
                    : "is not a known field (expected: \(allowed.joined(separator: ", ")))"
                throw DomainError(field: FieldPath.dotted(prefix, [name]), rule: rule)
            }
            keyNode = Int(tape.nodes[keyNode + 1].next)
        }
    }

    static func string(_ tape: JSONTape, member: String, of node: Int, prefix: String) throws -> String {
        guard let text = try optionalString(tape, member: member, of: node, prefix: prefix) else {
            throw DomainError(field: FieldPath.dotted(prefix, [member]), rule: "is missing")
        }
        return text
    }

    static func optionalString(_ tape: JSONTape, member: String, of node: Int, prefix: String) throws -> String? {
        guard let value = tape.member(of: node, named: member), tape.nodes[value].kind != .null else { return nil }
        guard tape.nodes[value].kind == .string, let text = try? tape.string(value) else {
            throw DomainError(field: FieldPath.dotted(prefix, [member]), rule: "must be a string")
        }
        return text
    }
}
