/// One performance rating (SKP) per year: a second rating for a year that has one in force is a
/// finding (a duplicate entry, or a rating replaced without a correction that says so).
public struct OneRatingPerYear: PolicyRule {
    public let id = "P-SKP2"
    public init() {}
    public func evaluate(_ record: CareerRecord, before state: EmployeeState) -> Finding? {
        guard case .performanceRated(let rating) = record.event, let earlier = state.ratings[rating.year] else { return nil }
        return finding(
            record,
            "a second rating for \(rating.year) (\(rating.predikat.rawValue)) while one is on record (\(earlier.rawValue)); "
                + "correct the first instead")
    }
}
