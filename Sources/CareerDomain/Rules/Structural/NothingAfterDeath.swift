/// Nothing takes effect after a recorded death but corrections and rescissions; and a death is
/// not recorded before events that already take effect after it (rescind or correct them first).
/// Judged by TMT, not by the order of recording: a late record of something before the death is
/// fine.
public struct NothingAfterDeath: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory, today: CivilDate) -> DomainError? {
        switch record.event {
        case .corrected, .rescinded:
            return nil
        case .separated(let separation) where separation.reason == .death:
            if let latest = history.latestDateBeforeDeath, latest > record.effectiveDate {
                return DomainError(field: "effectiveDate", rule: "a death on \(record.effectiveDate) comes before recorded events taking effect up to \(latest): rescind or correct those first")
            }
            return nil
        default:
            guard let death = history.deathDate, record.effectiveDate > death else { return nil }
            return DomainError(field: "effectiveDate", rule: "TMT \(record.effectiveDate) is after the recorded death (\(death)): only corrections and rescissions follow a death")
        }
    }
}
