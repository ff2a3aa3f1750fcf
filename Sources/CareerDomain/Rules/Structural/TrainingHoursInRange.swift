/// Training hours (JP) are positive and plausible (at most 1,000 for one record).
public struct TrainingHoursInRange: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory, today: CivilDate) -> DomainError? {
        guard case .trainingCompleted(let event) = record.event, !(1...1000).contains(event.hours) else { return nil }
        return DomainError(field: "payload.hours", rule: "training hours (JP) must lie between 1 and 1000, got \(event.hours)")
    }
}
