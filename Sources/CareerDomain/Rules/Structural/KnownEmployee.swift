/// Every career starts with one CPNS appointment; events for an unknown employee are refused.
/// Corrections and rescissions only need their target (`TargetExists`).
public struct KnownEmployee: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory, today: CivilDate) -> DomainError? {
        switch record.event {
        case .cpnsAppointed:
            return history.appointed ? DomainError(field: "type", rule: "employee \(record.nip) already has a CPNS appointment") : nil
        case .corrected,
            .rescinded where !history.isEmpty:
            return nil
        default:
            return history.appointed
                ? nil : DomainError(field: "nip", rule: "unknown employee \(record.nip): the first event must be CpnsAppointed")
        }
    }
}
