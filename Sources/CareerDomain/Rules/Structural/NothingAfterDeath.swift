/// After a recorded death only corrections and rescissions are accepted.
public struct NothingAfterDeath: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: [CareerRecord]) -> DomainError? {
        switch record.event {
        case .corrected, .rescinded: return nil
        default: break
        }
        let died = history.contains { if case .separated(let event) = $0.event { event.reason == .death } else { false } }
        return died ? DomainError(field: "type", rule: "no event after death except corrections and rescissions") : nil
    }
}
