import CareerDomain
import EventStore
import Foundation

/// A `POST /v1/employees/{nip}/events` body, checked field by field: unknown fields, wrong types
/// and undecodable payloads are 400 with the field and the rule.
struct AppendSubmission {
    var expectedVersion: ExpectedVersion
    var records: [CareerRecord]

    static let topFields: Set<String> = ["expectedVersion", "events"]
    static let eventFields: Set<String> = ["id", "type", "schemaVersion", "effectiveDate", "decree", "recordedBy", "payload"]

    init(body: Data, nip: NIP, recordedBy: String) throws {
        guard let object = try? JSONSerialization.jsonObject(with: body), let top = object as? [String: Any] else {
            throw Problem.badRequest(field: "body", rule: "must be a JSON object")
        }
        if let unknown = Set(top.keys).subtracting(Self.topFields).sorted().first {
            throw Problem.badRequest(field: unknown, rule: "is not a known field (expected: expectedVersion, events)")
        }
        struct Top: Decodable {
            enum Expected: Decodable {
                case number(Int), text(String)
                init(from decoder: any Decoder) throws {
                    let container = try decoder.singleValueContainer()
                    if let number = try? container.decode(Int.self) {
                        self = .number(number)
                    } else {
                        self = .text(try container.decode(String.self))
                    }
                }
            }
            var expectedVersion: Expected?
        }
        switch (try? JSONDecoder().decode(Top.self, from: body))?.expectedVersion {
        case nil where top["expectedVersion"] == nil || top["expectedVersion"] is NSNull: expectedVersion = .any
        case .text("any")?: expectedVersion = .any
        case .text("noStream")?: expectedVersion = .noStream
        case .number(let number)? where number >= 0: expectedVersion = .exact(number)
        default:
            throw Problem.badRequest(field: "expectedVersion", rule: "must be \"any\", \"noStream\" or a version number")
        }
        guard let events = top["events"] as? [Any], !events.isEmpty, events.count <= 1000 else {
            throw Problem.badRequest(field: "events", rule: "must be an array of 1 to 1000 events")
        }
        var records = [CareerRecord]()
        for (index, element) in events.enumerated() {
            guard var event = element as? [String: Any] else {
                throw Problem.badRequest(field: "events[\(index)]", rule: "must be an object")
            }
            if let unknown = Set(event.keys).subtracting(Self.eventFields).sorted().first {
                throw Problem.badRequest(field: "events[\(index)].\(unknown)", rule: "is not a known field")
            }
            event["nip"] = nip.digits
            if event["id"] == nil { event["id"] = EventID.next().uuidString.lowercased() }
            if event["recordedBy"] == nil { event["recordedBy"] = recordedBy }
            if event["decree"] == nil { event["decree"] = NSNull() }
            do {
                let line = try JSONSerialization.data(withJSONObject: event)
                records.append(try CareerRecord(jsonLine: line))
            } catch let error as DomainError {
                throw Problem.badRequest(field: "events[\(index)].\(error.field)", rule: error.rule)
            } catch {
                throw Problem.badRequest(field: "events[\(index)]", rule: "cannot be read")
            }
        }
        self.records = records
    }
}
