import Foundation
import PostgresClient

/// One stream's events in one append call.
public struct AppendRequest: Sendable, Hashable {
    public var stream: String
    public var events: [NewEvent]
    public var expectedVersion: ExpectedVersion

    public init(stream: String, events: [NewEvent], expectedVersion: ExpectedVersion = .any) {
        self.stream = stream
        self.events = events
        self.expectedVersion = expectedVersion
    }
}
