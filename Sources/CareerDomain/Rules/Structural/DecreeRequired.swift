/// Events that exist because a decree (SK) was signed must cite it, with a number.
public struct DecreeRequired: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory) -> DomainError? {
        guard record.event.requiresDecree else { return nil }
        guard let decree = record.decree else {
            return DomainError(field: "decree", rule: "\(record.event.type) must cite its decree (SK): number, date, signing official")
        }
        if decree.number.trimmingCharacters(in: .whitespaces).isEmpty {
            return DomainError(field: "decree.number", rule: "must not be empty")
        }
        if decree.signedBy.trimmingCharacters(in: .whitespaces).isEmpty {
            return DomainError(field: "decree.signedBy", rule: "must name the signing official")
        }
        return nil
    }
}

import Foundation
