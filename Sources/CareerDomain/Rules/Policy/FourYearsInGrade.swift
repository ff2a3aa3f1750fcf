/// Regular promotion needs 4 years in grade; functional-post promotion 2.
public struct FourYearsInGrade: PolicyRule {
    public let id = "P-4Y"
    public init() {}
    public func evaluate(_ record: CareerRecord, before state: EmployeeState) -> Finding? {
        guard case .gradePromoted(let event) = record.event, let since = state.gradeSince else { return nil }
        let required: Int
        switch event.kind {
        case .regular: required = 4
        case .functional: required = 2
        default: return nil
        }
        let years = since.wholeYears(until: record.effectiveDate)
        guard years < required else { return nil }
        return finding(
            record, "\(event.kind.rawValue) promotion to \(event.to) after \(years) year(s) in \(event.from) (needs \(required))")
    }
}
