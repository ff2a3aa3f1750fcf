import CareerDomain
import EventStore
import Foundation
import Logging
import PostgresClient

/// A report cannot be made as asked (HTTP 400 or 409, naming the parameter and the rule).
public struct ReportError: Error, Sendable, CustomStringConvertible {
    public var field: String
    public var rule: String
    public var description: String { "\(field): \(rule)" }
}
