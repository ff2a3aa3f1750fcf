/// A CPNS becomes PNS once.
public struct ConfirmedOnce: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory, today: CivilDate) -> DomainError? {
        guard case .pnsConfirmed = record.event, history.confirmations > 0 else { return nil }
        return DomainError(field: "type", rule: "employee \(record.nip) is confirmed as PNS already")
    }
}
