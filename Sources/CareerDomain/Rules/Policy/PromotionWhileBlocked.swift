/// No promotion during unpaid leave (CLTN) or while a penalty is in force.
public struct PromotionWhileBlocked: PolicyRule {
    public let id = "P-BLOCK"
    public init() {}
    public func evaluate(_ record: CareerRecord, before state: EmployeeState) -> Finding? {
        guard case .gradePromoted(let event) = record.event else { return nil }
        if case .onLeave(.unpaid) = state.status {
            return finding(record, "promotion to \(event.to) during unpaid leave (CLTN)", .serious)
        }
        let penalties = state.disciplines(inForceOn: record.effectiveDate)
        guard let penalty = penalties.first else { return nil }
        return finding(
            record,
            "promotion to \(event.to) while a \(penalty.level.rawValue) penalty is in force "
                + "(\(penalty.period.start)–\(penalty.period.end))",
            .serious)
    }
}
