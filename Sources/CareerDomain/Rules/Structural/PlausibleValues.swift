/// Numbers within their range: a post's own retirement age (BUP) from 50 to 75, credit points
/// from 0 to 1,000 a year.
public struct PlausibleValues: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory, today: CivilDate) -> DomainError? {
        func post(_ post: Post, _ field: String) -> DomainError? {
            guard let age = post.retirementAge, !(50...75).contains(age) else { return nil }
            return DomainError(field: field + ".retirementAge", rule: "a retirement age (BUP) lies between 50 and 75, got \(age)")
        }
        switch record.event {
        case .cpnsAppointed(let event): return post(event.post, "payload.post")
        case .postAssigned(let event): return post(event.post, "payload.post")
        case .creditPointsAwarded(let event) where !(0...1000).contains(event.points) || !event.points.isFinite:
            return DomainError(field: "payload.points", rule: "credit points lie between 0 and 1000, got \(event.points)")
        default: return nil
        }
    }
}
