/// A successor is removed from a key post only after being named for it.
public struct SuccessorWasNamed: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory, today: CivilDate) -> DomainError? {
        guard case .successorRemoved(let event) = record.event else { return nil }
        if history.isNamedSuccessor(for: event.keyPost, on: record.effectiveDate) { return nil }
        return DomainError(
            field: "payload.keyPost", rule: "\(record.nip) is not a named successor for \(event.keyPost) on \(record.effectiveDate)")
    }
}
