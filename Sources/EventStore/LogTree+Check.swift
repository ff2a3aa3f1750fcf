extension LogTree {
    /// What a whole-log check found.
    public struct CheckResult: Sendable {
        /// The leaves read (events from position 1, in order).
        public var leaves: Int64
        /// The first discrepancy, if any: its log position, kind and a sentence.
        public var problem: (position: Int64, kind: String, detail: String)?
    }

    /// Recomputes the tree from every event (reading `batch` at a time, keeping only the right
    /// edge) and compares it with the stored tree at its size and with `checkpoint` (a signed
    /// tree size and root), so a rewrite below either is named. Every event's hash and link are
    /// checked on the way.
    public func checkWhole(against checkpoint: LogCheckpoint?, batch: Int = 5_000) async throws -> CheckResult {
        let storedSize = try await size()
        var builder = MerkleTreeBuilder(keepsNodes: false)
        var previous = EventHash.genesis
        var rootAt = [Int64: [UInt8]]()
        let store = EventStore(pool: pool)
        let marks = Set([storedSize, checkpoint?.size ?? -1])
        if marks.contains(0) { rootAt[0] = MerkleTree.emptyRoot }
        while true {
            let events = try await store.readAll(after: builder.size, limit: batch)
            if events.isEmpty { break }
            for event in events {
                let position = builder.size + 1
                guard event.position == position else {
                    return CheckResult(leaves: builder.size, problem: (position, "missing", "the log has no event at position \(position)"))
                }
                guard event.previousHash == previous, EventHash.compute(event) == event.hash else {
                    return CheckResult(
                        leaves: builder.size, problem: (position, "changed", "the event's hash or link does not match its content"))
                }
                previous = event.hash
                builder.append(leaf: EventHash.leafHash(event))
                if marks.contains(builder.size) { rootAt[builder.size] = builder.root }
            }
        }
        if let checkpoint {
            guard let root = rootAt[checkpoint.size] else {
                return CheckResult(
                    leaves: builder.size,
                    problem: (builder.size, "rolled back", "the log holds \(builder.size) events, the signed checkpoint \(checkpoint.size)")
                )
            }
            guard root == checkpoint.root else {
                return CheckResult(
                    leaves: builder.size,
                    problem: (
                        checkpoint.size, "rewritten", "the events below the signed checkpoint of \(checkpoint.size) no longer give its root"
                    ))
            }
        }
        if storedSize > 0, storedSize <= builder.size {
            let stored = try await root(size: storedSize)
            guard stored == rootAt[storedSize] else {
                return CheckResult(
                    leaves: builder.size, problem: (storedSize, "tree altered", "the stored Merkle tree does not match the events"))
            }
        }
        return CheckResult(leaves: builder.size, problem: nil)
    }
}
