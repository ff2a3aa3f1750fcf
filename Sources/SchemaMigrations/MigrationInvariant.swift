import Foundation
import Logging
import PostgresClient

/// A check that must hold after every migration; a migration that breaks it is rolled back.
public struct MigrationInvariant: Sendable {
    public var name: String
    /// Returns why the invariant is broken, or `nil` when it holds.
    public var check: @Sendable (PostgresConnection) throws -> String?

    public init(name: String, check: @escaping @Sendable (PostgresConnection) throws -> String?) {
        self.name = name
        self.check = check
    }
}
