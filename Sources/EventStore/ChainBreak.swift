/// The first place where the stored log stops proving itself.
public struct ChainBreak: Sendable, Hashable, CustomStringConvertible {
    /// What happened there.
    public enum Kind: String, Sendable {
        /// An event's content no longer matches its hash.
        case changed
        /// Events are gone (a hole in the positions, or the chain skips them).
        case missing
        /// An event that was never appended sits in the log.
        case inserted
        /// Events were moved to other positions.
        case reordered
    }

    public var kind: Kind
    /// The first broken position.
    public var position: Int64
    /// The stream (NIP) of the event found there, when there is one.
    public var stream: String?
    public var detail: String

    public var description: String {
        "\(kind) at position \(position)\(stream.map { " (stream \($0))" } ?? ""): \(detail)"
    }
}
