/// A refused input: which field, which rule. Nothing is stored when one is raised.
public struct DomainError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The offending field, e.g. `nip`, `payload.to`, `payload.appraiser`.
    public var field: String
    /// The rule in plain words, e.g. `appraiser must differ from appraisee`.
    public var rule: String

    public init(field: String, rule: String) {
        self.field = field
        self.rule = rule
    }

    public var description: String { "\(field): \(rule)" }
}
