/// A rule that makes an event meaningless when broken: the event is refused, nothing stored.
public protocol StructuralRule: Sendable {
    /// Checks `record` against the employee's earlier records, on `today` (the recording day).
    func check(_ record: CareerRecord, history: StreamHistory, today: CivilDate) -> DomainError?
}
