/// A record that benefits its subject should not be entered by that same person.
public struct SelfRecorded: PolicyRule {
    public let id = "P-SELF"
    public init() {}
    public func evaluate(_ record: CareerRecord, before state: EmployeeState) -> Finding? {
        // The operator a client names counts too, however it is dressed ("  1986… (saya)").
        guard record.recordedBy == record.nip.digits || record.operatorName?.contains(record.nip.digits) == true else { return nil }
        switch record.event {
        case .gradePromoted, .performanceRated, .awardGranted, .trainingCompleted, .creditPointsAwarded, .talentAssessed, .postAssigned,
            .salaryIncreaseGranted, .competencyAssessed, .successorNamed:
            return finding(record, "\(record.event.type) was recorded by the employee it benefits", .serious)
        default:
            return nil
        }
    }
}
