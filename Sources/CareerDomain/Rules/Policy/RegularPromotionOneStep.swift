/// A regular promotion (kenaikan pangkat reguler) moves exactly one step up the ladder.
public struct RegularPromotionOneStep: PolicyRule {
    public let id = "P-STEP"
    public init() {}
    public func evaluate(_ record: CareerRecord, before state: EmployeeState) -> Finding? {
        guard case .gradePromoted(let event) = record.event, event.kind.isRegular, event.to.step - event.from.step > 1 else { return nil }
        return finding(
            record, "regular promotion from \(event.from) to \(event.to) moves \(event.to.step - event.from.step) steps (one is the rule)",
            .serious)
    }
}
