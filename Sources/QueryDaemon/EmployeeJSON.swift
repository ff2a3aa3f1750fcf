import CareerDomain
import Foundation
import PostgresClient
import Projections

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
            "disciplinesInForce": state.disciplines(inForceOn: state.asOf).map {
                ["level": $0.level.rawValue, "start": $0.period.start.description, "end": $0.period.end.description]
            },
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

    static func finding(_ row: FindingsQuery.Row) -> [String: Any] {
        func optional(_ value: String?) -> Any { value ?? NSNull() }
        return [
            "nip": row.nip, "rule": row.rule, "severity": row.severity, "message": row.message, "state": row.state,
            "eventIds": row.eventIDs, "unit": optional(row.unit), "agency": optional(row.agency), "currentUnit": optional(row.currentUnit),
            "currentAgency": optional(row.currentAgency), "effectiveDate": optional(row.effectiveDate),
            "decree": row.decreeNumber.map { ["number": $0, "date": row.decreeDate ?? NSNull()] as [String: Any] } ?? NSNull(),
            "recordedBy": optional(row.recordedBy), "operator": optional(row.operatorName), "recordedAt": optional(row.recordedAt),
        ]
    }
}
