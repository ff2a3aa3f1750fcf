import CareerDomain
import EventStore
import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresClient

/// Career records in the event store, and the one gate every write passes.
///
/// `record(_:by:expectedVersion:)` is the only way career records go into the log (the HTTP
/// append, `riwayat append`, imports, the generator and the sample all use it or the importer
/// built on the same checks): each record read once and strictly (`SubmissionReader`), stamped
/// with its recorder (never with who the input claims), judged by every structural rule against
/// the employee's stored history plus the records before it, within the recorder's scope, and
/// appended with the expected version and idempotently by event id.
public struct CareerLog: Sendable {
    public let store: EventStore
    let cache = DecodedStreamCache(capacity: 2500)
    let locks = StreamLocks()
    let agencyStreams = AgencyStreamCache()

    public init(store: EventStore) {
        self.store = store
    }

    /// One employee's records in log order (events that cannot be read as career records are
    /// left out: see `storedHistory(of:)`).
    public func history(of nip: NIP) async throws -> [CareerRecord] {
        try await storedHistory(of: nip).records
    }

    /// One employee's stored history. Decoded streams are cached by their last position: events
    /// never change, so a stream whose last position is unchanged is still the same.
    public func storedHistory(of nip: NIP) async throws -> StoredHistory {
        let last =
            try await store.pool.query(
                PostgresQuery("SELECT position FROM events WHERE stream = \(nip.digits) ORDER BY version DESC LIMIT 1").prepared(
                    as: "riwayat_stream_last")
            ).firstRow?.decode(Int64?.self, at: 0) ?? nil
        guard let last else { return StoredHistory() }
        if let cached = cache.history(of: nip.digits, lastPosition: last) { return cached }
        let history = StoredHistory(try await store.readStream(nip.digits, limit: 1_000_000), nip: nip)
        if history.lastPosition == last { cache.store(history, of: nip.digits, lastPosition: last) }
        return history
    }

    /// The write gate for one employee's records: stamps them with `recorder`, checks them
    /// against the stored history and `recorder`'s scope, and appends them together. Records
    /// whose ids are stored already are idempotent re-sends (stored again only if identical).
    ///
    /// Throws `DomainError` (field prefixed `events[i].`) for a refused record, `ScopeError` for
    /// an employee outside the recorder's scope, `EventStoreError` for a version or idempotency
    /// conflict; nothing is stored then. The append is pinned to the version the checks saw, so a
    /// concurrent append cannot slip between check and store; with `.any` the gate then tries again.
    @discardableResult
    public func record(
        _ submitted: [SubmittedRecord], by recorder: Recorder, expectedVersion: StreamExpectation = .any, today: CivilDate = .today()
    ) async throws -> AppendResult {
        guard let nip = submitted.first?.record.nip else { throw DomainError(field: "events", rule: "must hold at least one event") }
        if let other = submitted.first(where: { $0.record.nip != nip }) {
            throw DomainError(field: "nip", rule: "one append holds one employee's events; \(other.record.nip) differs from \(nip)")
        }
        return try await appendJudged(to: nip.digits, expectedVersion: expectedVersion) {
            let stored = try await storedHistory(of: nip)
            return (try judge(submitted, nip: nip, against: stored, by: recorder, today: today), stored.version)
        }
    }

    /// Appends to `stream` under this process's lock for it, pinned to the version the checks
    /// saw: `judge` reads the stored stream and gives the events to append and that version. When
    /// another process appended in between, `.any` judges again against the new stream (up to
    /// eight times); a client that named a version gets the conflict.
    func appendJudged(
        to stream: String, expectedVersion: StreamExpectation, judge: () async throws -> (events: [NewEvent], version: Int)
    ) async throws -> AppendResult {
        await locks.acquire(stream)
        do {
            var backoff = Backoff(initial: .milliseconds(5), maximum: .milliseconds(160), jittered: true)
            var attempt = 0
            while true {
                attempt += 1
                let (events, version) = try await judge()
                let pinned: ExpectedVersion
                switch expectedVersion {
                case .any: pinned = .exact(version)
                case .noStream: pinned = .noStream
                case .exact(let version): pinned = .exact(version)
                }
                do {
                    let result = try await store.append(events, to: stream, expectedVersion: pinned)
                    await locks.release(stream)
                    return result
                } catch let error as EventStoreError {
                    guard case .versionConflict = error.code, expectedVersion == .any else { throw error }
                    guard attempt < 8 else {
                        throw EventStoreError(code: .versionConflict(expected: .any, actual: version), stream: stream)
                    }
                    try await Task.sleep(for: backoff.next())
                }
            }
        } catch {
            await locks.release(stream)
            throw error
        }
    }

    /// Records built in code (generators, tests): encoded, then through the same gate.
    @discardableResult
    public func record(
        _ records: [CareerRecord], by recorder: Recorder, expectedVersion: StreamExpectation = .any, today: CivilDate = .today()
    ) async throws -> AppendResult {
        try await record(try records.map(SubmittedRecord.init), by: recorder, expectedVersion: expectedVersion, today: today)
    }

    /// Stamps and judges `submitted` against `stored`; returns the events to append.
    func judge(
        _ submitted: [SubmittedRecord], nip: NIP, against stored: StoredHistory, by recorder: Recorder, today: CivilDate
    ) throws -> [NewEvent] {
        if let scope = recorder.scope {
            try Self.checkScope(scope, nip: nip, stored: stored.records, submitted: submitted.map(\.record), recorder: recorder)
        }
        var history = stored.streamHistory
        var events = [NewEvent]()
        let storedIDs = stored.ids
        for (index, item) in submitted.enumerated() {
            let record = item.record.stamped(by: recorder)
            if storedIDs.contains(record.id), let original = stored.records.first(where: { $0.id == record.id }),
                original.statesTheSame(as: record)
            {
                // A re-send of a stored event, by whoever sends it: it stays stored once, as
                // whoever recorded it first.
                events.append(original.newEvent(payload: item.payload))
                continue
            }
            if !storedIDs.contains(record.id) {
                if var refusal = StructuralRules.check(record, history: history, today: today) {
                    // The NIP is the request's (the path, the line), not the event's.
                    if refusal.field != "nip" { refusal.field = "events[\(index)].\(refusal.field)" }
                    throw refusal
                }
                history.add(record)
            }
            events.append(record.newEvent(payload: item.payload))
        }
        return events
    }

    /// A scoped writer records only for employees placed in an agency or unit of its scope: where
    /// the stored history places them, or for a new employee where the appointment does. What
    /// the records themselves claim (a transfer's `from`) does not widen it.
    static func checkScope(_ scope: WriteScope, nip: NIP, stored: [CareerRecord], submitted: [CareerRecord], recorder: Recorder) throws {
        let far = CivilDate(year: 9999, month: 12, day: 31) ?? CivilDate(dayNumber: 2_932_896)
        let placed =
            stored.isEmpty
            ? CareerFold.state(of: submitted, nip: nip, asOf: far).org
            : CareerFold.state(of: stored, nip: nip, asOf: far).org
        guard let placed, scope.allows(placed) else {
            throw ScopeError(nip: nip, person: recorder.person, scope: scope)
        }
    }
}

extension StreamExpectation {
    /// The store's form of the expectation.
    public var expectedVersion: ExpectedVersion {
        switch self {
        case .any: return .any
        case .noStream: return .noStream
        case .exact(let version): return .exact(version)
        }
    }
}
