/// A record that benefits its subject should not be entered by that same person.
public struct SelfRecorded: PolicyRule {
    public let id = "P-SELF"
    public init() {}
    public func evaluate(_ record: CareerRecord, before state: EmployeeState) -> Finding? {
        guard record.recordedBy == record.nip.digits || record.operatorName == record.nip.digits else { return nil }
        switch record.event {
        case .gradePromoted, .performanceRated, .awardGranted, .trainingCompleted, .creditPointsAwarded, .talentAssessed, .postAssigned:
            return finding(record, "\(record.event.type) was recorded by the employee it benefits", .serious)
        default:
            return nil
        }
    }
}
