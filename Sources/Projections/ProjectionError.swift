import CareerDomain
import CareerLog
import EventStore
import Foundation
import Logging
import PostgresClient

/// Projection failures.
public enum ProjectionError: Error, Sendable, CustomStringConvertible {
    /// Raised on purpose by tests to simulate a crash between writing rows and the checkpoint.
    case simulatedCrash

    public var description: String { "simulated crash before commit" }
}
