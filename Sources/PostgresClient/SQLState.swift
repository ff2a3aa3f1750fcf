/// A SQLSTATE code such as `23505`.
public struct SQLState: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public static let uniqueViolation: SQLState = "23505"
    public static let foreignKeyViolation: SQLState = "23503"
    public static let notNullViolation: SQLState = "23502"
    public static let checkViolation: SQLState = "23514"
    public static let exclusionViolation: SQLState = "23P01"
    public static let serializationFailure: SQLState = "40001"
    public static let deadlockDetected: SQLState = "40P01"
    public static let insufficientPrivilege: SQLState = "42501"
    public static let undefinedTable: SQLState = "42P01"
    public static let syntaxError: SQLState = "42601"
    public static let invalidTextRepresentation: SQLState = "22P02"
    public static let queryCanceled: SQLState = "57014"
    public static let adminShutdown: SQLState = "57P01"
    public static let lockNotAvailable: SQLState = "55P03"
    public static let raiseException: SQLState = "P0001"
    public static let inFailedTransaction: SQLState = "25P02"

    /// Class 08: connection exceptions.
    public var isConnectionException: Bool { rawValue.hasPrefix("08") }

    public var description: String {
        switch self {
        case .uniqueViolation: return "23505 unique_violation"
        case .serializationFailure: return "40001 serialization_failure"
        case .deadlockDetected: return "40P01 deadlock_detected"
        case .insufficientPrivilege: return "42501 insufficient_privilege"
        case .raiseException: return "P0001 raise_exception"
        case .adminShutdown: return "57P01 admin_shutdown"
        default: return rawValue
        }
    }
}
