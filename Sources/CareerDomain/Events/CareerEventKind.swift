/// A career event payload: a `Codable` type with a stable name and a schema version.
public protocol CareerEventKind: Codable, Sendable, Hashable {
    /// The stable event type name stored in the log, e.g. `GradePromoted`.
    static var eventType: String { get }
    /// The current schema version of this payload.
    static var schemaVersion: Int { get }
}

extension CareerEventKind {
    public static var schemaVersion: Int { 1 }
}
