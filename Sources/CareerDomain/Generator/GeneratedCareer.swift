import Foundation

/// One generated career: the employee's NIP and records in the order they would be recorded.
public struct GeneratedCareer: Sendable {
    public var nip: NIP
    public var records: [CareerRecord]
}
