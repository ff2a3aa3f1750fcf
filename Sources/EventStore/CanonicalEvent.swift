import Foundation

/// An event read back from its canonical bytes (``EventHash/canonicalBytes(_:)``): what an
/// offline verifier learns from a leaf without trusting anything else.
public struct CanonicalEvent: Sendable, Hashable {
    public var previousHash: [UInt8]
    public var position: Int64
    public var stream: String
    public var version: Int32
    public var id: UUID
    public var type: String
    public var schemaVersion: Int32
    /// Days since 1970-01-01, or nil for no effective date.
    public var effectiveDays: Int32?
    public var recordedAtMicros: Int64
    public var payload: String
    public var metadata: String

    /// Reads the bytes; every byte must belong to a field (nothing missing, nothing after).
    public init(bytes: [UInt8]) throws {
        var reader = Reader(bytes: bytes)
        guard try reader.take(16) == Array("riwayat-event-v1".utf8) else {
            throw NoteKeyError(detail: "the leaf does not start with the riwayat-event-v1 tag")
        }
        previousHash = try reader.take(32)
        position = try reader.integer(Int64.self)
        stream = try reader.text()
        version = try reader.integer(Int32.self)
        let idBytes = try reader.take(16)
        id = UUID(
            uuid: (
                idBytes[0], idBytes[1], idBytes[2], idBytes[3], idBytes[4], idBytes[5], idBytes[6], idBytes[7], idBytes[8], idBytes[9],
                idBytes[10], idBytes[11], idBytes[12], idBytes[13], idBytes[14], idBytes[15]
            ))
        type = try reader.text()
        schemaVersion = try reader.integer(Int32.self)
        let days = try reader.integer(Int32.self)
        effectiveDays = days == Int32.max ? nil : days
        recordedAtMicros = try reader.integer(Int64.self)
        payload = try reader.text()
        metadata = try reader.text()
        guard reader.offset == bytes.count else { throw NoteKeyError(detail: "the leaf has bytes after its last field") }
    }

    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func take(_ count: Int) throws -> [UInt8] {
            guard count >= 0, count <= bytes.count - offset else { throw NoteKeyError(detail: "the leaf ends inside a field") }
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }

        mutating func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
            try take(I.bitWidth / 8).reduce(I.zero) { ($0 << 8) | I(truncatingIfNeeded: $1) }
        }

        mutating func text() throws -> String {
            let count = try integer(UInt32.self)
            guard let text = String(validating: try take(Int(count)), as: UTF8.self) else {
                throw NoteKeyError(detail: "a text field of the leaf is not UTF-8")
            }
            return text
        }
    }
}
