/// A periodic salary increase (KGB) comes every two years of service in the salary scale: one
/// sooner than two years after the previous one is a finding (`P-KGB`).
public struct SalaryIncreaseEveryTwoYears: PolicyRule {
    public let id = "P-KGB"
    public init() {}
    public func evaluate(_ record: CareerRecord, before state: EmployeeState) -> Finding? {
        guard case .salaryIncreaseGranted = record.event, let previous = state.lastSalaryIncrease,
            record.effectiveDate < previous.adding(years: 2)
        else { return nil }
        let months = (record.effectiveDate.dayNumber - previous.dayNumber) * 12 / 365
        var found = finding(record, "periodic salary increase (KGB) \(months) month(s) after the previous one of \(previous) (needs 24)")
        // The earlier increase is part of the finding (it may have been recorded later).
        if let earlier = state.sources["lastSalaryIncrease"] { found.eventIDs.append(earlier) }
        return found
    }
}
