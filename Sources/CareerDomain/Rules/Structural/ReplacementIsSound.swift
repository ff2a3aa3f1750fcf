/// A correction's replacement is itself a sound event: not another correction or rescission,
/// and it passes the rules that look at a record alone (periods, people, grades, ratings, hours).
public struct ReplacementIsSound: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory, today: CivilDate) -> DomainError? {
        guard case .corrected(let correction) = record.event else { return nil }
        switch correction.replacement {
        case .corrected, .rescinded:
            return DomainError(
                field: "payload.replacement.type", rule: "a replacement is the corrected event, not another correction or rescission")
        default: break
        }
        var replaced = record
        replaced.event = correction.replacement
        replaced.effectiveDate = correction.replacementEffectiveDate
        for rule in StructuralRules.standalone {
            if var problem = rule.check(replaced, history: history, today: today) {
                if problem.field.hasPrefix("payload.") {
                    problem.field = "payload.replacement.payload." + problem.field.dropFirst("payload.".count)
                }
                return problem
            }
        }
        return nil
    }
}
