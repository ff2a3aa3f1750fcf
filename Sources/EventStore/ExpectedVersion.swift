import Foundation
import PostgresClient

/// What a stream's version must be for an append to go ahead.
public enum ExpectedVersion: Sendable, Hashable, CustomStringConvertible {
    /// Append whatever the version.
    case any
    /// The stream must not exist yet.
    case noStream
    /// The stream's last version must be exactly this.
    case exact(Int)

    func allows(_ actual: Int) -> Bool {
        switch self {
        case .any: return true
        case .noStream: return actual == 0
        case .exact(let expected): return actual == expected
        }
    }

    public var description: String {
        switch self {
        case .any: return "any"
        case .noStream: return "no stream"
        case .exact(let version): return "version \(version)"
        }
    }
}
