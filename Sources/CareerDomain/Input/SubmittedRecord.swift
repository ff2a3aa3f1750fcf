import Foundation

/// A record read from outside, ready for the write gate: the record (not yet stamped with its
/// recorder) and its payload in the canonical JSON form the store keeps.
public struct SubmittedRecord: Sendable, Hashable {
    public var record: CareerRecord
    public var payload: [UInt8]

    public init(record: CareerRecord, payload: [UInt8]) {
        self.record = record
        self.payload = payload
    }

    /// A record built in code (generators, tests): its payload encoded canonically.
    public init(_ record: CareerRecord) throws {
        self.init(record: record, payload: Array(try record.event.encodedPayload()))
    }
}
