/// A decree recorded more than a year after its effective date deserves a look. What counts is
/// what the store could have known: for history migrated in from another system (its recorded
/// time is the migration's), the decree's own date stands in for the day it was recorded.
public struct LateRecording: PolicyRule {
    public let id = "P-LATE"
    public init() {}
    public func evaluate(_ record: CareerRecord, before state: EmployeeState) -> Finding? {
        guard record.event.requiresDecree else { return nil }
        let recordedDay: Int
        if record.migrated {
            guard let decree = record.decree else { return nil }
            recordedDay = decree.date.dayNumber
        } else {
            guard let recordedAt = record.recordedAt else { return nil }
            recordedDay = Int(recordedAt / 86_400_000_000)
        }
        let delay = recordedDay - record.effectiveDate.dayNumber
        guard delay > 365 else { return nil }
        let how = record.migrated ? "its decree was signed" : "was recorded"
        return finding(record, "\(record.event.type) effective \(record.effectiveDate) \(how) \(delay) days later", .info)
    }
}
