/// Regular promotion does not go above the ceiling of the employee's education.
public struct EducationCeiling: PolicyRule {
    public let id = "P-EDU"
    public init() {}
    public func evaluate(_ record: CareerRecord, before state: EmployeeState) -> Finding? {
        guard case .gradePromoted(let event) = record.event, event.kind.isRegular, let education = state.education,
            event.to > education.promotionCeiling
        else { return nil }
        return finding(record, "regular promotion to \(event.to) is above the \(education.rawValue) ceiling \(education.promotionCeiling)")
    }
}
