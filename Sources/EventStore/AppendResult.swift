import Foundation
import PostgresClient

/// Where an append's events are (or already were) in the log.
public struct AppendResult: Sendable, Hashable {
    public var stream: String
    /// The global position of each event, in the order given.
    public var positions: [Int64]
    /// The stream's version after the append.
    public var streamVersion: Int
    /// How many of the events were already stored (idempotent re-send) and so not added again.
    public var alreadyStored: Int
}
