/// After a recorded death only corrections and rescissions are accepted.
public struct NothingAfterDeath: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory) -> DomainError? {
        switch record.event {
        case .corrected, .rescinded: return nil
        default: break
        }
        return history.died ? DomainError(field: "type", rule: "no event after death except corrections and rescissions") : nil
    }
}
