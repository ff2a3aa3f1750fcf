import CareerDomain
import EventStore
import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresClient

/// Career records in the event store: validated by the structural rules before they are
/// appended, read back as `CareerRecord`s.
public struct CareerLog: Sendable {
    public let store: EventStore
    let cache = DecodedStreamCache(capacity: 2500)

    public init(store: EventStore) {
        self.store = store
    }

    /// One employee's records in log order. Decoded streams are cached by their last position:
    /// events never change, so a stream whose last position is unchanged is still the same.
    public func history(of nip: NIP) async throws -> [CareerRecord] {
        let last = try await store.pool.query(
            PostgresQuery("SELECT position FROM events WHERE stream = \(nip.digits) ORDER BY version DESC LIMIT 1").prepared(as: "riwayat_stream_last")
        ).firstRow?.decode(Int64?.self, at: 0) ?? nil
        guard let last else { return [] }
        if let cached = cache.records(of: nip.digits, lastPosition: last) { return cached }
        let records = try await store.readStream(nip.digits, limit: 100_000).map { try CareerRecord(recorded: $0, stream: nip) }
        if records.last?.position == last { cache.store(records, of: nip.digits, lastPosition: last) }
        return records
    }

    /// Checks `records` (all of one employee, in order) against the structural rules and the
    /// stored history, then appends them together. Throws `DomainError` naming the field and
    /// rule of the first refused record; nothing is stored then.
    @discardableResult
    public func record(_ records: [CareerRecord], expectedVersion: ExpectedVersion = .any) async throws -> AppendResult {
        guard let nip = records.first?.nip else { throw DomainError(field: "events", rule: "must hold at least one event") }
        if let other = records.first(where: { $0.nip != nip }) {
            throw DomainError(field: "nip", rule: "one append holds one employee's events; \(other.nip) differs from \(nip)")
        }
        let stored = try await history(of: nip)
        let storedIDs = Set(stored.map(\.id))
        var history = StreamHistory(stored)
        for record in records where !storedIDs.contains(record.id) {
            if let refusal = StructuralRules.check(record, history: history) { throw refusal }
            history.add(record)
        }
        return try await store.append(try records.map { try $0.newEvent() }, to: nip.digits, expectedVersion: expectedVersion)
    }
}

/// Decoded streams by NIP, valid while the stream's last position is unchanged. Bounded: when
/// full, it starts afresh.
final class DecodedStreamCache: Sendable {
    private let entries = NIOLockedValueBox([String: (Int64, [CareerRecord])]())
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func records(of stream: String, lastPosition: Int64) -> [CareerRecord]? {
        entries.withLockedValue { entries in
            guard let (position, records) = entries[stream], position == lastPosition else { return nil }
            return records
        }
    }

    func store(_ records: [CareerRecord], of stream: String, lastPosition: Int64) {
        entries.withLockedValue { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[stream] = (lastPosition, records)
        }
    }
}
