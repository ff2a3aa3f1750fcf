import CareerDomain
import Projections

extension EmployeePage {
    /// The merit section's template data: selections, competencies against the post's
    /// standard, family ties and successions.
    static func meritData(_ profile: MeritProfile, language: PageLanguage) -> [String: Any] {
        func yes(_ value: Bool?) -> String { value.map { language($0 ? "merit.yes" : "merit.no") } ?? "–" }
        func text(_ value: Int?) -> String { value.map(String.init) ?? "–" }
        let selections = profile.selections.map { item -> [String: Any] in
            [
                "agency": item.agency, "selection": item.id, "post": item.postTitle, "announcedOn": item.announcedOn,
                "stage": language("stage.\(item.stage)"), "outcome": item.outcome.map { language("outcome.\($0)") } ?? "–",
                "role": language("role.\(item.role)"),
                "score": item.score.map { String(format: "%.1f", $0) } ?? "–", "proposed": yes(item.proposed),
                "appointed": yes(item.appointed),
            ]
        }
        let competencies = profile.competencies.map { item -> [String: Any] in
            [
                "name": Competency.name(of: item.competency), "required": text(item.required), "assessed": text(item.assessed),
                "gap": text(item.gap), "short": (item.gap ?? 0) > 0, "assessedOn": item.assessedOn ?? "–",
                "trainingsSince": item.trainingsSince,
            ]
        }
        let ties = profile.ties.map { tie -> [String: Any] in
            ["declaredBy": tie.declaredBy, "relative": tie.relative, "relation": tie.relation, "declaredOn": tie.declaredOn]
        }
        let successions = profile.successions.map { item -> [String: Any] in
            [
                "keyPost": "\(item.keyPost), \(item.unit)", "readiness": language("readiness.\(item.readiness)"), "namedOn": item.namedOn,
                "talentBox": text(item.talentBox),
            ]
        }
        return [
            "position": profile.position, "post": profile.postTitle ?? "–", "selections": selections,
            "hasSelections": !selections.isEmpty, "competencies": competencies, "hasCompetencies": !competencies.isEmpty,
            "ties": ties, "hasTies": !ties.isEmpty, "successions": successions, "hasSuccessions": !successions.isEmpty,
        ]
    }
}
