/// Regular promotion needs 4 years in grade; functional-post promotion 2. Unpaid leave (CLTN)
/// does not count (the service clock pauses).
public struct FourYearsInGrade: PolicyRule {
    public let id = "P-4Y"
    public init() {}
    public func evaluate(_ record: CareerRecord, before state: EmployeeState) -> Finding? {
        guard case .gradePromoted(let event) = record.event, let years = state.yearsInGrade(at: record.effectiveDate) else { return nil }
        let required: Int
        switch event.kind {
        case .regular: required = 4
        case .functional: required = 2
        default: return nil
        }
        guard years < required else { return nil }
        let leave = state.unpaidLeaveDaysInGrade(until: record.effectiveDate)
        return finding(
            record,
            "\(event.kind.rawValue) promotion to \(event.to) after \(years) year(s) in \(event.from) (needs \(required)"
                + (leave > 0 ? "; \(leave) days of unpaid leave do not count)" : ")"))
    }
}
