import Foundation
import Logging
import Metrics
import PostgresClient

/// The career event log: append, read, subscribe, verify.
///
/// Appends from concurrent callers are combined: while one transaction commits, the next
/// callers queue, and the queue goes in as one transaction (each request still succeeds or
/// fails on its own). Under load this shares one commit among many appends.
public final class EventStore: Sendable {
    public let pool: PostgresConnectionPool
    public let logger: Logger
    /// The role appends run as (`SET LOCAL ROLE`); `nil` appends as the connecting user.
    let writerRole: String?
    let queue: AppendQueue
    let appendedEvents = Counter(label: "riwayat_events_appended_total")
    let appendLatency = Timer(label: "riwayat_append_duration_seconds")

    public init(
        pool: PostgresConnectionPool, writerRole: String? = EventStoreSchema.writerRole,
        logger: Logger = Logger(label: "riwayat.event-store")
    ) {
        self.pool = pool
        self.logger = logger
        self.writerRole = writerRole
        self.queue = AppendQueue()
    }

    /// Appends events to one stream: all land together or none does. Re-sending events whose
    /// ids are stored with the same content returns their original positions and stores nothing.
    /// Throws `EventStoreError` for a version conflict, a changed re-send or invalid input.
    @discardableResult
    public func append(
        _ events: [NewEvent], to stream: String, expectedVersion: ExpectedVersion = .any
    ) async throws -> AppendResult {
        let started = ContinuousClock.now
        let result = try await queue.submit(
            AppendRequest(stream: stream, events: events, expectedVersion: expectedVersion), store: self
        ).get()
        appendLatency.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
        return result
    }

    /// Appends many streams in one transaction (bulk import). Each request succeeds or fails on
    /// its own; the outcomes come back in order.
    public func appendBatch(_ requests: [AppendRequest]) async throws -> [Result<AppendResult, EventStoreError>] {
        try await runBatch(requests)
    }

    /// Runs `requests` as one transaction; when the database fails it, retries each request on
    /// its own so one bad request cannot sink the others. A lost connection is retried once:
    /// appends are idempotent by event id, so a commit that did happen is found again.
    func runBatch(_ requests: [AppendRequest]) async throws -> [Result<AppendResult, EventStoreError>] {
        let role = writerRole
        do {
            let outcomes = try await pool.withConnection { connection in
                try AppendTransaction.run(requests, on: connection, role: role)
            }
            record(outcomes)
            return outcomes
        } catch let error as PostgresError where error.isConnectionLost {
            logger.warning("append lost its connection; retrying", metadata: ["error": "\(error)"])
            let outcomes = try await pool.withConnection { connection in
                try AppendTransaction.run(requests, on: connection, role: role)
            }
            record(outcomes)
            return outcomes
        } catch let error as PostgresError where requests.count > 1 {
            logger.debug("batched append failed; retrying one by one", metadata: ["error": "\(error)"])
            var outcomes = [Result<AppendResult, EventStoreError>]()
            for request in requests {
                outcomes += try await runSingle(request)
            }
            return outcomes
        } catch let error as PostgresError {
            if let refusal = Self.refusal(for: error, stream: requests.first?.stream ?? "") { return [.failure(refusal)] }
            throw error
        }
    }

    private func runSingle(_ request: AppendRequest) async throws -> [Result<AppendResult, EventStoreError>] {
        let role = writerRole
        do {
            let outcomes = try await pool.withConnection { try AppendTransaction.run([request], on: $0, role: role) }
            record(outcomes)
            return outcomes
        } catch let error as PostgresError {
            if let refusal = Self.refusal(for: error, stream: request.stream) { return [.failure(refusal)] }
            throw error
        }
    }

    /// Database errors that mean "this input cannot be stored", as refusals naming the field.
    static func refusal(for error: PostgresError, stream: String) -> EventStoreError? {
        switch error.sqlState {
        case .invalidTextRepresentation?, SQLState("22032")?:
            return EventStoreError(code: .invalidEvent(field: "payload", rule: "must be valid JSON"), stream: stream)
        case SQLState("22021")?:
            return EventStoreError(code: .invalidEvent(field: "payload", rule: "must be valid UTF-8"), stream: stream)
        default:
            return nil
        }
    }

    private func record(_ outcomes: [Result<AppendResult, EventStoreError>]) {
        var added = 0
        for case .success(let result) in outcomes { added += result.positions.count - result.alreadyStored }
        if added > 0 { appendedEvents.increment(by: added) }
    }
}

extension Duration {
    /// The duration in whole nanoseconds.
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
