import Foundation

/// What a stream's version must be for an append to go ahead, as a client states it.
public enum StreamExpectation: Sendable, Hashable {
    /// Whatever the version.
    case any
    /// The employee must have no events yet.
    case noStream
    /// The stream's last version must be exactly this.
    case exact(Int)
}
