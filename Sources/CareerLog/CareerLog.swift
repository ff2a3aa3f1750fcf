import CareerDomain
import EventStore
import Foundation
import Logging

/// Career records in the event store: validated by the structural rules before they are
/// appended, read back as `CareerRecord`s.
public struct CareerLog: Sendable {
    public let store: EventStore

    public init(store: EventStore) {
        self.store = store
    }

    /// One employee's records in log order.
    public func history(of nip: NIP) async throws -> [CareerRecord] {
        try await store.readStream(nip.digits, limit: 100_000).map(CareerRecord.init(recorded:))
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
