import CareerDomain
import Foundation
import PostgresClient
import Projections

/// JSON shapes of the employee endpoints.
enum EmployeeJSON {
    static func state(_ state: EmployeeState) -> JSONObject {
        [
            "nip": state.nip.digits,
            "asOf": state.asOf.description,
            "sex": state.nip.sex == .female ? "F" : "M",
            "birthDate": state.nip.birthDate.description,
            "status": state.status.description,
            "grade": state.grade?.code,
            "rank": state.grade?.rankName,
            "gradeSince": state.gradeSince?.description,
            "post": state.definitivePost.map(post),
            "actingPosts": state.actingPosts.map(post),
            "unit": state.org?.unit,
            "agency": state.org?.agency,
            "education": state.education?.rawValue,
            "serviceStart": state.serviceStart?.description,
            "serviceYears": state.serviceYears,
            "retirementDate": state.retirementDate.description,
            "ratings": Dictionary(state.ratings.map { (String($0.key), $0.value.rawValue) }, uniquingKeysWith: { first, _ in first }),
            "talentBox": state.talentBox?.number,
            "trainingHours": Dictionary(state.trainingHours.map { (String($0.key), $0.value) }, uniquingKeysWith: +),
            "mentors": state.mentors.map(\.digits),
            "disciplinesInForce": state.disciplines(inForceOn: state.asOf).map {
                ["level": $0.level.rawValue, "start": $0.period.start.description, "end": $0.period.end.description] as [String: String]
            },
            "creditPoints": state.creditPoints,
            "awards": state.awards,
            "competencies": state.competencies,
            "competenciesAssessedOn": state.competenciesAssessedOn?.description,
            "familyTies": state.familyTies.sorted { $0.key.digits < $1.key.digits }.map {
                ["relative": $0.key.digits, "relation": $0.value.rawValue] as [String: String]
            },
            "successorFor": state.successorFor.sorted { $0.key.description < $1.key.description }.map {
                ["title": $0.key.title, "unit": $0.key.org.unit, "agency": $0.key.org.agency, "readiness": $0.value.rawValue]
                    as [String: String]
            },
            "lastSalaryIncrease": state.lastSalaryIncrease?.description,
        ]
    }

    static func post(_ post: Post) -> JSONObject {
        [
            "title": post.title, "kind": post.kind.rawValue, "level": post.level?.rawValue,
            "echelon": post.echelon, "unit": post.org.unit, "agency": post.org.agency, "retirementAge": post.bup,
        ]
    }

    static func source(_ record: CareerRecord) -> JSONObject {
        [
            "id": record.id.uuidString.lowercased(), "type": record.event.type, "schemaVersion": record.event.schemaVersion,
            "effectiveDate": record.effectiveDate.description, "position": record.position,
            "recordedAt": record.recordedAt.map { PostgresTimestamp(microsecondsSinceUnixEpoch: $0).iso8601 },
        ]
    }

    static func finding(_ row: FindingsQuery.Row) -> JSONObject {
        [
            "nip": row.nip, "rule": row.rule, "severity": row.severity, "message": row.message, "state": row.state,
            "eventIds": row.eventIDs, "unit": row.unit, "agency": row.agency, "currentUnit": row.currentUnit,
            "currentAgency": row.currentAgency, "effectiveDate": row.effectiveDate,
            "decree": row.decreeNumber.map { ["number": $0, "date": row.decreeDate] as JSONObject },
            "recordedBy": row.recordedBy, "operator": row.operatorName, "recordedAt": row.recordedAt,
        ]
    }
}
