import Crypto
import Foundation
import PostgresClient

/// The canonical encoding every event's SHA-256 hash covers (see README, "Tamper evidence").
///
/// The hash is over the event's own fields and the previous event's hash, in a byte layout the
/// project defines, independent of how PostgreSQL stores the row: a dump restored elsewhere
/// verifies with the same hashes.
public enum EventHash {
    /// The previous hash of the first event.
    public static let genesis = [UInt8](repeating: 0, count: 32)
    static let domainTag = Array("riwayat-event-v1".utf8)
    /// Stands for "no effective date".
    static let noDate = Int32.max

    /// Computes an event's hash from its fields: SHA-256 of its canonical bytes.
    public static func compute(
        previousHash: some Collection<UInt8>, position: Int64, stream: some Collection<UInt8>, version: Int32,
        eventID: UUID, type: some Collection<UInt8>, schemaVersion: Int32, effectiveDays: Int32,
        recordedAtMicros: Int64, payload: some Collection<UInt8>, metadata: some Collection<UInt8>
    ) -> [UInt8] {
        var hasher = SHA256()
        encode(
            previousHash: previousHash, position: position, stream: stream, version: version, eventID: eventID, type: type,
            schemaVersion: schemaVersion, effectiveDays: effectiveDays, recordedAtMicros: recordedAtMicros, payload: payload,
            metadata: metadata
        ) { hasher.update(bufferPointer: $0) }
        return Array(hasher.finalize())
    }

    /// Writes the canonical bytes in pieces (the fields in order; payload and metadata as stored,
    /// each after its length), so hashing them copies nothing large.
    static func encode(
        previousHash: some Collection<UInt8>, position: Int64, stream: some Collection<UInt8>, version: Int32,
        eventID: UUID, type: some Collection<UInt8>, schemaVersion: Int32, effectiveDays: Int32,
        recordedAtMicros: Int64, payload: some Collection<UInt8>, metadata: some Collection<UInt8>,
        write: (UnsafeRawBufferPointer) -> Void
    ) {
        var scratch = [UInt8]()
        scratch.reserveCapacity(128)
        scratch += domainTag
        scratch += previousHash
        append(position, to: &scratch)
        append(UInt32(stream.count), to: &scratch)
        scratch += stream
        append(version, to: &scratch)
        withUnsafeBytes(of: eventID.uuid) { scratch += $0 }
        append(UInt32(type.count), to: &scratch)
        scratch += type
        append(schemaVersion, to: &scratch)
        append(effectiveDays, to: &scratch)
        append(recordedAtMicros, to: &scratch)
        append(UInt32(payload.count), to: &scratch)
        scratch.withUnsafeBytes(write)
        writeBytes(payload, write)
        scratch.removeAll(keepingCapacity: true)
        append(UInt32(metadata.count), to: &scratch)
        scratch.withUnsafeBytes(write)
        writeBytes(metadata, write)
    }

    /// Writes a stored event's canonical bytes in pieces.
    static func encode(_ event: RecordedEvent, write: (UnsafeRawBufferPointer) -> Void) {
        encode(
            previousHash: event.previousHash, position: event.position, stream: event.stream.utf8, version: Int32(event.version),
            eventID: event.id, type: event.type.utf8, schemaVersion: Int32(event.schemaVersion), effectiveDays: days(event.effectiveDate),
            recordedAtMicros: event.recordedAt.microsecondsSinceUnixEpoch, payload: event.payload.text.utf8,
            metadata: event.metadata.text.utf8, write: write)
    }

    /// The canonical bytes of a stored event: what its chain hash covers, and its leaf data in the
    /// Merkle tree.
    public static func canonicalBytes(_ event: RecordedEvent) -> [UInt8] {
        var bytes = [UInt8]()
        encode(event) { bytes += $0 }
        return bytes
    }

    /// The chain hash and the Merkle leaf hash of an event given by its fields, from one pass
    /// over its canonical bytes (two SHA-256 states fed the same pieces).
    static func computeWithLeaf(
        previousHash: some Collection<UInt8>, position: Int64, stream: some Collection<UInt8>, version: Int32,
        eventID: UUID, type: some Collection<UInt8>, schemaVersion: Int32, effectiveDays: Int32,
        recordedAtMicros: Int64, payload: some Collection<UInt8>, metadata: some Collection<UInt8>
    ) -> (hash: [UInt8], leaf: [UInt8]) {
        var chain = SHA256(), leaf = SHA256()
        leaf.update(data: [0])
        encode(
            previousHash: previousHash, position: position, stream: stream, version: version, eventID: eventID, type: type,
            schemaVersion: schemaVersion, effectiveDays: effectiveDays, recordedAtMicros: recordedAtMicros, payload: payload,
            metadata: metadata
        ) { piece in
            chain.update(bufferPointer: piece)
            leaf.update(bufferPointer: piece)
        }
        return (Array(chain.finalize()), Array(leaf.finalize()))
    }

    /// A stored event's chain hash (recomputed) and leaf hash, from one pass over its bytes.
    static func computeWithLeaf(_ event: RecordedEvent) -> (hash: [UInt8], leaf: [UInt8]) {
        computeWithLeaf(
            previousHash: event.previousHash, position: event.position, stream: event.stream.utf8, version: Int32(event.version),
            eventID: event.id, type: event.type.utf8, schemaVersion: Int32(event.schemaVersion), effectiveDays: days(event.effectiveDate),
            recordedAtMicros: event.recordedAt.microsecondsSinceUnixEpoch, payload: event.payload.text.utf8,
            metadata: event.metadata.text.utf8)
    }

    /// The event's leaf hash in the Merkle tree: SHA-256(0x00 || canonical bytes).
    public static func leafHash(_ event: RecordedEvent) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0])
        encode(event) { hasher.update(bufferPointer: $0) }
        return Array(hasher.finalize())
    }

    /// The hash of a stored event, recomputed from its fields (optionally at another position,
    /// or linked to another previous hash).
    public static func compute(_ event: RecordedEvent, position: Int64? = nil, previousHash: [UInt8]? = nil) -> [UInt8] {
        compute(
            previousHash: previousHash ?? event.previousHash, position: position ?? event.position, stream: event.stream.utf8,
            version: Int32(event.version), eventID: event.id, type: event.type.utf8,
            schemaVersion: Int32(event.schemaVersion), effectiveDays: days(event.effectiveDate),
            recordedAtMicros: event.recordedAt.microsecondsSinceUnixEpoch,
            payload: event.payload.text.utf8, metadata: event.metadata.text.utf8)
    }

    static func days(_ date: PostgresDate?) -> Int32 {
        date.map { Int32($0.daysSinceUnixEpoch) } ?? noDate
    }

    private static func writeBytes(_ bytes: some Collection<UInt8>, _ write: (UnsafeRawBufferPointer) -> Void) {
        if bytes.withContiguousStorageIfAvailable({ write(UnsafeRawBufferPointer($0)) }) != nil { return }
        Array(bytes).withUnsafeBytes(write)
    }

    private static func append<I: FixedWidthInteger>(_ value: I, to buffer: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { buffer += $0 }
    }
}
