import CareerDomain
import EventStore
import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresClient

/// A writer tried to record for an employee outside its scope (HTTP 403). It says what the
/// writer may do, not where the employee is (which the writer may not read).
public struct ScopeError: Error, Sendable, CustomStringConvertible {
    public var nip: NIP
    public var person: String
    public var scope: WriteScope

    public var description: String {
        "\(person) may record only for employees placed in \(scope); \(nip) is not"
    }
}
