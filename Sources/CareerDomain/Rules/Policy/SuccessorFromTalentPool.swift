/// A successor for a key post comes from the talent pool (9-box boxes 7–9): naming someone
/// outside it, or never assessed, is a finding (`P-SUCCESSOR`).
public struct SuccessorFromTalentPool: PolicyRule {
    public let id = "P-SUCCESSOR"
    public init() {}
    public func evaluate(_ record: CareerRecord, before state: EmployeeState) -> Finding? {
        guard case .successorNamed(let event) = record.event else { return nil }
        guard let box = state.talentBox else {
            return finding(record, "named successor for \(event.keyPost) with no talent assessment (9-box) on record")
        }
        guard !box.inTalentPool else { return nil }
        return finding(record, "named successor for \(event.keyPost) from \(box), outside the talent pool (boxes 7–9)")
    }
}
