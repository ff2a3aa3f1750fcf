/// Nothing takes effect after a recorded death but corrections and rescissions; and a death is
/// not recorded before events that already take effect after it (rescind or correct them first).
/// Judged by TMT, not by the order of recording: a late record of something before the death is
/// fine.
public struct NothingAfterDeath: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory, today: CivilDate) -> DomainError? {
        switch record.event {
        case .corrected(let correction):
            // A correction may not move an event after the death (unless it corrects the death).
            if case .separated(let separation) = correction.replacement, separation.reason == .death { return nil }
            guard let death = history.deathDate, correction.replacementEffectiveDate > death else { return nil }
            return DomainError(
                field: "payload.replacementEffectiveDate",
                rule: "TMT \(correction.replacementEffectiveDate) is after the recorded death (\(death))")
        case .rescinded:
            return nil
        case .separated(let separation) where separation.reason == .death:
            if history.deaths > 0 {
                return DomainError(field: "type", rule: "a death is recorded already; correct or rescind it instead")
            }
            if let latest = history.latestDateBeforeDeath, latest > record.effectiveDate {
                return DomainError(
                    field: "effectiveDate",
                    rule:
                        "a death on \(record.effectiveDate) comes before recorded events taking effect up to \(latest): rescind or "
                        + "correct those first"
                )
            }
            return nil
        default:
            guard let death = history.deathDate, record.effectiveDate > death else { return nil }
            return DomainError(
                field: "effectiveDate",
                rule: "TMT \(record.effectiveDate) is after the recorded death (\(death)): only corrections and rescissions follow a death")
        }
    }
}
