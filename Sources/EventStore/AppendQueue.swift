/// Combines concurrent appends: callers arriving while a transaction commits wait and go in
/// together with the next one, so concurrent writers share commits.
actor AppendQueue {
    typealias Outcome = Result<AppendResult, EventStoreError>
    private var pending: [(AppendRequest, CheckedContinuation<Outcome, any Error>)] = []
    private var drains = 0
    /// At most this many requests share one transaction.
    static let maxBatch = 256
    /// Transactions on their way at once.
    static let maxDrains = 1

    func submit(_ request: AppendRequest, store: EventStore) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((request, continuation))
            if drains < Self.maxDrains {
                drains += 1
                Task { await self.drain(store: store) }
            }
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
