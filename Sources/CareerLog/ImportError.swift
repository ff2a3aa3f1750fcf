import CareerDomain
import EventStore
import Foundation
import Logging
import PostgresClient

/// A line the import could not store after its checks passed (the store refused it: an event id
/// stored with other content, an employee changed meanwhile).
public struct ImportError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public var description: String { "line \(line): \(reason)" }
}
