/// A definitive managerial post needs a minimum grade (echelon rule).
public struct GradeForPost: PolicyRule {
    public let id = "P-ECH"
    public init() {}
    public func evaluate(_ record: CareerRecord, before state: EmployeeState) -> Finding? {
        guard case .postAssigned(let event) = record.event, event.assignment == .definitif,
            let minimum = event.post.kind.minimumGrade, let grade = state.grade, grade < minimum
        else { return nil }
        return finding(
            record, "\(event.post.kind.rawValue) post \"\(event.post.title)\" given at grade \(grade) (needs at least \(minimum))")
    }
}
