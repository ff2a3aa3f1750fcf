/// Every career starts with one CPNS appointment; events for an unknown employee are refused.
public struct KnownEmployee: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory) -> DomainError? {
        let appointed = history.appointed
        if case .cpnsAppointed = record.event {
            return appointed ? DomainError(field: "type", rule: "employee \(record.nip) already has a CPNS appointment") : nil
        }
        return appointed ? nil : DomainError(field: "nip", rule: "unknown employee \(record.nip): the first event must be CpnsAppointed")
    }
}
