import Foundation

/// Why an append or read was refused. Nothing is stored when an append fails.
public struct EventStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of refusal.
    public enum Code: Sendable, Hashable {
        /// The stream's version was not what the caller expected.
        case versionConflict(expected: ExpectedVersion, actual: Int)
        /// An event id is already stored with different content.
        case idempotencyConflict(eventID: UUID)
        /// The event cannot be stored as given (field and rule in the message).
        case invalidEvent(field: String, rule: String)
    }

    public var code: Code
    public var stream: String

    public init(code: Code, stream: String) {
        self.code = code
        self.stream = stream
    }

    public var description: String {
        switch code {
        case .versionConflict(.any, _):
            return "the history of stream \(stream) kept changing while this append was judged; send it again"
        case .versionConflict(let expected, let actual):
            return "version conflict on stream \(stream): expected \(expected), actual version \(actual)"
        case .idempotencyConflict(let id):
            return "event \(id.uuidString.lowercased()) is already stored with different content"
        case .invalidEvent(let field, let rule):
            return "\(field): \(rule)"
        }
    }
}
