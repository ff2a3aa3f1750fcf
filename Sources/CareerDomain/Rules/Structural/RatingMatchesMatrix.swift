/// A 2022-style rating's predikat follows from its two parts; an old score lies in 0–100.
public struct RatingMatchesMatrix: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory, today: CivilDate) -> DomainError? {
        guard case .performanceRated(let event) = record.event else { return nil }
        if let results = event.results, let behaviour = event.behaviour {
            let expected = Predikat.from(results: results, behaviour: behaviour)
            if expected != event.predikat {
                return DomainError(
                    field: "payload.predikat",
                    rule:
                        "results \(results.rawValue) and behaviour \(behaviour.rawValue) give \(expected.rawValue), not "
                        + "\(event.predikat.rawValue)"
                )
            }
        } else if (event.results == nil) != (event.behaviour == nil) {
            return DomainError(
                field: event.results == nil ? "payload.results" : "payload.behaviour",
                rule: "a 2022 rating needs both results and behaviour")
        }
        if let score = event.legacyScore, !(0...100).contains(score) {
            return DomainError(field: "payload.legacyScore", rule: "SKP score must lie between 0 and 100")
        }
        return nil
    }
}
