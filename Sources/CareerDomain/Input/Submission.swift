import Foundation

/// One employee's records submitted together: all stored or none.
public struct Submission: Sendable, Hashable {
    public var nip: NIP
    public var expectedVersion: StreamExpectation
    public var records: [SubmittedRecord]
}
