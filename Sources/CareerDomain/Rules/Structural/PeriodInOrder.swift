/// A period ends on or after its start.
public struct PeriodInOrder: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory, today: CivilDate) -> DomainError? {
        let period: Period?
        switch record.event {
        case .trainingCompleted(let event): period = event.period
        case .mentoringRecorded(let event): period = event.period
        case .disciplineImposed(let event): period = event.period
        default: period = nil
        }
        guard let period, period.end < period.start else { return nil }
        return DomainError(field: "payload.period.end", rule: "end date \(period.end) before start date \(period.start)")
    }
}
