/// One bound parameter value, already in PostgreSQL's text format.
public struct PostgresBinding: Sendable, Hashable {
    /// The text form, or `nil` for SQL NULL.
    public var text: String?

    public init(text: String?) {
        self.text = text
    }
}
