import CareerDomain
import Foundation
import PostgresClient

/// JSON shapes of the employee endpoints.
enum EmployeeJSON {
    static func state(_ state: EmployeeState) -> [String: Any] {
        func optional(_ value: Any?) -> Any { value ?? NSNull() }
        return [
            "nip": state.nip.digits,
            "asOf": state.asOf.description,
            "sex": state.nip.sex == .female ? "F" : "M",
            "birthDate": state.nip.birthDate.description,
            "status": state.status.description,
            "grade": optional(state.grade?.code),
            "rank": optional(state.grade?.rankName),
            "gradeSince": optional(state.gradeSince?.description),
            "post": state.definitivePost.map(post) ?? NSNull(),
            "actingPosts": state.actingPosts.map(post),
            "unit": optional(state.org?.unit),
            "agency": optional(state.org?.agency),
            "education": optional(state.education?.rawValue),
            "serviceStart": optional(state.serviceStart?.description),
            "serviceYears": state.serviceYears,
            "retirementDate": state.retirementDate.description,
            "ratings": Dictionary(state.ratings.map { (String($0.key), $0.value.rawValue) }, uniquingKeysWith: { first, _ in first }),
            "talentBox": optional(state.talentBox?.number),
            "trainingHours": Dictionary(state.trainingHours.map { (String($0.key), $0.value) }, uniquingKeysWith: +),
            "mentors": state.mentors.map(\.digits),
            "disciplinesInForce": state.disciplines(inForceOn: state.asOf).map { ["level": $0.level.rawValue, "start": $0.period.start.description, "end": $0.period.end.description] },
            "creditPoints": state.creditPoints,
            "awards": state.awards,
        ]
    }

    static func post(_ post: Post) -> [String: Any] {
        [
            "title": post.title, "kind": post.kind.rawValue, "level": post.level?.rawValue ?? NSNull(),
            "echelon": post.echelon ?? NSNull(), "unit": post.org.unit, "agency": post.org.agency, "retirementAge": post.bup,
        ]
    }

    static func source(_ record: CareerRecord) -> [String: Any] {
        [
            "id": record.id.uuidString.lowercased(), "type": record.event.type, "schemaVersion": record.event.schemaVersion,
            "effectiveDate": record.effectiveDate.description, "position": record.position ?? NSNull(),
            "recordedAt": record.recordedAt.map { PostgresTimestamp(microsecondsSinceUnixEpoch: $0).description } ?? NSNull(),
        ]
    }

    static func finding(_ row: PostgresRow) throws -> [String: Any] {
        let (nip, rule, severity, message, ids, state, unit) = try row.decode((String, String, String, String, String, String, String).self)
        return [
            "nip": nip, "rule": rule, "severity": severity, "message": message, "state": state, "unit": unit,
            "eventIds": ids.trimmingCharacters(in: CharacterSet(charactersIn: "{}")).split(separator: ",").map(String.init),
        ]
    }
}
