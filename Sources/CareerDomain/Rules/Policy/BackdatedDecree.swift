/// A decree signed long after the TMT it gives (a retroactive decree) is what inspectors look for:
/// a promotion or appointment decided after the fact.
public struct BackdatedDecree: PolicyRule {
    public let id = "P-BACKDATE"
    /// Days between TMT and decree date beyond which the decree counts as backdated.
    public let thresholdDays: Int

    public init(thresholdDays: Int = 90) {
        self.thresholdDays = thresholdDays
    }

    public func evaluate(_ record: CareerRecord, before state: EmployeeState) -> Finding? {
        guard let decree = record.decree else { return nil }
        let days = decree.date.dayNumber - record.effectiveDate.dayNumber
        guard days > thresholdDays else { return nil }
        return finding(
            record,
            "\(record.event.type) decree \(decree.number) signed \(decree.date), \(days) days after its TMT \(record.effectiveDate) "
                + "(more than \(thresholdDays))"
        )
    }
}
