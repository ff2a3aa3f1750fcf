/// Combines concurrent appends: callers arriving while a transaction commits wait and go in
/// together with the next one, so concurrent writers share commits. A caller that finds nobody
/// appending runs its own transaction directly (no hand-over to another task).
actor AppendQueue {
    typealias Outcome = Result<AppendResult, EventStoreError>
    private var pending: [(AppendRequest, CheckedContinuation<Outcome, any Error>)] = []
    private var drains = 0
    /// At most this many requests share one transaction.
    static let maxBatch = 256
    /// Transactions on their way at once.
    static let maxDrains = 1

    func submit(_ request: AppendRequest, store: EventStore) async throws -> Outcome {
        if drains < Self.maxDrains, pending.isEmpty {
            drains += 1
            // Whoever queued meanwhile goes in with the next transaction.
            defer { handOver(store: store) }
            guard let outcome = try await store.runBatch([request]).first else {
                throw EventStoreError(code: .invalidEvent(field: "request", rule: "was not processed"), stream: request.stream)
            }
            return outcome
        }
        return try await withCheckedThrowingContinuation { continuation in
            pending.append((request, continuation))
            if drains < Self.maxDrains {
                drains += 1
                Task { await self.drain(store: store) }
            }
        }
    }

    /// Ends an inline transaction: starts a drain for requests that arrived during it.
    private func handOver(store: EventStore) {
        drains -= 1
        if !pending.isEmpty, drains < Self.maxDrains {
            drains += 1
            Task { await self.drain(store: store) }
        }
    }

    private func drain(store: EventStore) async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(Self.maxBatch))
            pending.removeFirst(batch.count)
            do {
                let outcomes = try await store.runBatch(batch.map(\.0))
                for ((_, continuation), outcome) in zip(batch, outcomes) { continuation.resume(returning: outcome) }
            } catch {
                for (_, continuation) in batch { continuation.resume(throwing: error) }
            }
        }
        drains -= 1
    }
}
