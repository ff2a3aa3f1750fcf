/// Nothing takes effect after a recorded separation (death, retirement, resignation, dismissal)
/// but corrections and rescissions; an employee separates once; and a separation is not recorded
/// before events that already take effect after it (rescind or correct them first). A death
/// cannot lie in the future. Judged by TMT, not by the order of recording: a late record of
/// something before the separation is fine. Rescinding a separation (a dismissal annulled by a
/// court) lifts it.
public struct NothingAfterSeparation: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory, today: CivilDate) -> DomainError? {
        switch record.event {
        case .corrected(let correction):
            // A correction may not move an event after the separation (unless it corrects the separation).
            if case .separated = correction.replacement { return nil }
            guard let separation = history.separation, correction.replacementEffectiveDate > separation.date else { return nil }
            return DomainError(
                field: "payload.replacementEffectiveDate",
                rule: "TMT \(correction.replacementEffectiveDate) is after the recorded \(Self.name(separation.reason)) "
                    + "(\(separation.date))")
        case .rescinded:
            return nil
        case .separated(let separated):
            if let separation = history.separation {
                return DomainError(
                    field: "type",
                    rule: "a \(Self.name(separation.reason)) on \(separation.date) is in the history already "
                        + "(stored, or earlier in this input); correct or rescind it instead")
            }
            if separated.reason == .death, record.effectiveDate > today {
                return DomainError(field: "effectiveDate", rule: "a death on \(record.effectiveDate) is after today (\(today))")
            }
            if let latest = history.latestDate, latest > record.effectiveDate {
                return DomainError(
                    field: "effectiveDate",
                    rule: "a separation on \(record.effectiveDate) comes before recorded events taking effect up to \(latest): "
                        + "rescind or correct those first")
            }
            return nil
        default:
            guard let separation = history.separation, record.effectiveDate > separation.date else { return nil }
            return DomainError(
                field: "effectiveDate",
                rule: "TMT \(record.effectiveDate) is after the recorded \(Self.name(separation.reason)) (\(separation.date)): "
                    + "only corrections and rescissions follow a separation")
        }
    }

    static func name(_ reason: Separated.Reason) -> String {
        switch reason {
        case .death: return "death"
        case .retirement: return "retirement"
        case .ownRequest: return "resignation"
        case .dismissal: return "dismissal"
        }
    }
}
