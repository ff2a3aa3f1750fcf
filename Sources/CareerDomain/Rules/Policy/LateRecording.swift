/// A decree recorded more than a year after its effective date deserves a look.
public struct LateRecording: PolicyRule {
    public let id = "P-LATE"
    public init() {}
    public func evaluate(_ record: CareerRecord, before state: EmployeeState) -> Finding? {
        guard record.event.requiresDecree, let recordedAt = record.recordedAt else { return nil }
        let recordedDay = Int(recordedAt / 86_400_000_000)
        let delay = recordedDay - record.effectiveDate.dayNumber
        guard delay > 365 else { return nil }
        return finding(record, "\(record.event.type) effective \(record.effectiveDate) was recorded \(delay) days later", .info)
    }
}
