/// The merit system's values are meaningful: competency codes and levels 1–5, a training's
/// competency tags, a salary increase (KGB) with a salary and service years in range, a family
/// tie with someone else.
public struct MeritValuesInRange: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory, today: CivilDate) -> DomainError? {
        switch record.event {
        case .competencyAssessed(let event):
            return CompetencyLevel.problem(with: event.levels, field: "payload.levels")
        case .trainingCompleted(let event):
            guard let tags = event.competencies else { return nil }
            guard tags.count <= 20 else { return DomainError(field: "payload.competencies", rule: "must list at most 20 competencies") }
            for (index, tag) in tags.enumerated() {
                if let problem = Competency.problem(with: tag) {
                    return DomainError(field: "payload.competencies[\(index)]", rule: problem)
                }
            }
            return Set(tags).count == tags.count ? nil : DomainError(field: "payload.competencies", rule: "lists a competency twice")
        case .salaryIncreaseGranted(let event):
            if !(100_000...100_000_000).contains(event.basicSalary) {
                return DomainError(
                    field: "payload.basicSalary",
                    rule: "a basic salary lies between 100,000 and 100,000,000 rupiah, got \(event.basicSalary)")
            }
            if !(0...45).contains(event.serviceYears) {
                return DomainError(
                    field: "payload.serviceYears", rule: "salary-scale service years lie between 0 and 45, got \(event.serviceYears)")
            }
            return nil
        case .familyTieDeclared(let event) where event.relative == record.nip:
            return DomainError(field: "payload.relative", rule: "a family tie is declared with someone else, not with oneself")
        default:
            return nil
        }
    }
}
