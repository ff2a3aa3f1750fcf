/// Regular promotion needs ratings of at least Baik in the last two years.
public struct RatingsBeforePromotion: PolicyRule {
    public let id = "P-SKP"
    public init() {}
    public func evaluate(_ record: CareerRecord, before state: EmployeeState) -> Finding? {
        guard case .gradePromoted(let event) = record.event, event.kind.isRegular else { return nil }
        let year = record.effectiveDate.year
        let lastTwo = [year - 1, year - 2].map { state.ratings[$0] }
        guard lastTwo.contains(where: { $0 == nil || !($0?.isAtLeastBaik ?? false) }) else { return nil }
        let shown = zip([year - 1, year - 2], lastTwo).map { "\($0): \($1?.rawValue ?? "none")" }.joined(separator: ", ")
        return finding(record, "regular promotion to \(event.to) without ratings of at least Baik in the last two years (\(shown))")
    }
}
