/// Events that exist because a decree (SK) was signed must cite it, with a number.
public struct DecreeRequired: StructuralRule {
    public init() {}
    public func check(_ record: CareerRecord, history: StreamHistory, today: CivilDate) -> DomainError? {
        guard record.event.requiresDecree else { return nil }
        guard let decree = record.decree else {
            return DomainError(field: "decree", rule: "\(record.event.type) must cite its decree (SK): number, date, signing official")
        }
        if decree.number.isBlank {
            return DomainError(field: "decree.number", rule: "must not be empty")
        }
        if decree.signedBy.isBlank {
            return DomainError(field: "decree.signedBy", rule: "must name the signing official")
        }
        return nil
    }
}

extension String {
    /// Whether nothing but spaces and tabs is left of the text (as `trimmingCharacters(in:
    /// .whitespaces)` would find), checked without bridging to Foundation's string type.
    fileprivate var isBlank: Bool {
        unicodeScalars.allSatisfy { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
    }
}
