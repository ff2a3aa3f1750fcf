import Foundation

/// What a stream's version must be for an append to go ahead, as a client states it.
public enum StreamExpectation: Sendable, Hashable {
    /// Whatever the version.
    case any
    /// The employee must have no events yet.
    case noStream
    /// The stream's last version must be exactly this.
    case exact(Int)
}

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

/// One employee's records submitted together: all stored or none.
public struct Submission: Sendable, Hashable {
    public var nip: NIP
    public var expectedVersion: StreamExpectation
    public var records: [SubmittedRecord]
}

/// A field path in refusals (`events[0].payload.to`) from JSON pointer tokens.
enum FieldPath {
    static func dotted(_ prefix: String, _ tokens: [String]) -> String {
        var text = prefix
        for token in tokens {
            if !token.isEmpty, token.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
                text += "[\(token)]"
            } else {
                text += text.isEmpty ? token : "." + token
            }
        }
        return text.isEmpty ? "body" : text
    }
}
