import CareerDomain
import EventStore
import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresClient

/// A writer tried to record for an employee or agency outside its scope (HTTP 403). It says
/// what the writer may do, not where the employee is (which the writer may not read).
public struct ScopeError: Error, Sendable, CustomStringConvertible {
    /// The employee, or nil for an agency's stream.
    public var nip: NIP?
    public var agency: String?
    public var person: String
    public var scope: WriteScope

    public init(nip: NIP, person: String, scope: WriteScope) {
        self.nip = nip
        self.person = person
        self.scope = scope
    }

    public init(agency: String, person: String, scope: WriteScope) {
        self.agency = agency
        self.person = person
        self.scope = scope
    }

    public var description: String {
        if let nip { return "\(person) may record only for employees placed in \(scope); \(nip) is not" }
        return "\(person) may record for an agency only with the whole agency in scope (\(scope)); \(agency ?? "") is not"
    }
}
