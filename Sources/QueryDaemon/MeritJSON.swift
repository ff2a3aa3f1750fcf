import CareerDomain
import Projections

/// The JSON shape of an employee's merit profile.
enum MeritJSON {
    static func profile(_ profile: MeritProfile, nip: NIP) -> JSONObject {
        [
            "nip": nip.digits, "position": profile.position, "post": profile.postTitle,
            "selections": profile.selections.map { item -> JSONObject in
                [
                    "agency": item.agency, "selection": item.id, "post": item.postTitle, "announcedOn": item.announcedOn,
                    "stage": item.stage,
                    "outcome": item.outcome, "role": item.role, "candidateStage": item.candidateStage, "passed": item.passed,
                    "score": item.score, "proposed": item.proposed, "appointed": item.appointed, "proposedCount": item.proposedCount,
                ]
            },
            "competencies": profile.competencies.map { item -> JSONObject in
                [
                    "competency": item.competency, "name": Competency.name(of: item.competency), "required": item.required,
                    "assessed": item.assessed, "gap": item.gap, "assessedOn": item.assessedOn, "trainingsSince": item.trainingsSince,
                ]
            },
            "familyTies": profile.ties.map { tie -> JSONObject in
                [
                    "declaredBy": tie.declaredBy, "relative": tie.relative, "relation": tie.relation, "declaredOn": tie.declaredOn,
                    "eventId": tie.eventID,
                ]
            },
            "successorFor": profile.successions.map { item -> JSONObject in
                [
                    "keyPost": item.keyPost, "unit": item.unit, "agency": item.agency, "readiness": item.readiness, "namedOn": item.namedOn,
                    "talentBox": item.talentBox,
                ]
            },
            "findings": profile.findings.map(EmployeeJSON.finding),
        ]
    }
}
