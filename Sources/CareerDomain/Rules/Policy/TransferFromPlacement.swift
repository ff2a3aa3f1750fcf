/// A transfer (mutasi) starts where the employee is placed on its TMT (by the corrected history,
/// in TMT order): otherwise a move is missing from the record, or this one names the wrong origin.
public struct TransferFromPlacement: PolicyRule {
    public let id = "P-MOVE"
    public init() {}
    public func evaluate(_ record: CareerRecord, before state: EmployeeState) -> Finding? {
        guard case .transferred(let event) = record.event, let placed = state.org, placed != event.from else { return nil }
        return finding(
            record, "transfer from \(event.from) to \(event.to), but on \(record.effectiveDate) the employee is placed in \(placed)",
            .serious)
    }
}
