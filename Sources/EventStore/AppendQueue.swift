/// Combines concurrent appends: the first caller starts a drain loop; callers arriving while a
/// transaction commits wait and go in together with the next one.
actor AppendQueue {
    typealias Outcome = Result<AppendResult, EventStoreError>
    private var pending: [(AppendRequest, CheckedContinuation<Outcome, any Error>)] = []
    private var draining = false
    /// At most this many requests share one transaction.
    static let maxBatch = 256

    func submit(_ request: AppendRequest, store: EventStore) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((request, continuation))
            if !draining {
                draining = true
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
        draining = false
    }
}
