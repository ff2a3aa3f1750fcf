/// A promotion starts from the grade held on its TMT (by the corrected history, in TMT order):
/// otherwise a promotion is missing from the record, or this one names the wrong grade.
public struct PromotionFromGradeHeld: PolicyRule {
    public let id = "P-FROM"
    public init() {}
    public func evaluate(_ record: CareerRecord, before state: EmployeeState) -> Finding? {
        guard case .gradePromoted(let event) = record.event, let held = state.grade, held != event.from else { return nil }
        return finding(
            record, "promotion from \(event.from) to \(event.to), but the grade held on \(record.effectiveDate) is \(held)", .serious)
    }
}
