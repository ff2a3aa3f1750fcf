import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Why the embedded PostgreSQL could not be prepared, in words an operator can act on.
public struct EmbeddedPostgresError: Error, CustomStringConvertible, Sendable {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
