/// What a token may do.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// Employee state, career trail, findings.
    case inspector
    /// Reports and aggregates.
    case analyst
    /// Appending events.
    case writer
    /// Tokens and the access log.
    case admin
}
