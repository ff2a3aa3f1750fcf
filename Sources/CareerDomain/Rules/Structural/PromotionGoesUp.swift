/// A promotion moves to a higher grade (a demotion is a discipline matter, not a promotion).
public struct PromotionGoesUp: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory, today: CivilDate) -> DomainError? {
        guard case .gradePromoted(let event) = record.event, event.to <= event.from else { return nil }
        return DomainError(field: "payload.to", rule: "promotion must go up: \(event.from) to \(event.to)")
    }
}
