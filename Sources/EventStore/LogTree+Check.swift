extension LogTree {
    /// What a whole-log check found.
    public struct CheckResult: Sendable {
        /// The leaves read (events from position 1, in order).
        public var leaves: Int64
        /// The first discrepancy, if any: its log position, kind and a sentence.
        public var problem: (position: Int64, kind: String, detail: String)?
    }

    /// Recomputes the tree from every event in the chain check's one streaming pass (binary
    /// COPY; every hash and link checked on the way) and compares it with the stored tree at its
    /// size and with `checkpoint` (a signed tree size and root), so a rewrite below either is named.
    public func checkWhole(against checkpoint: LogCheckpoint?) async throws -> CheckResult {
        let storedSize = try await size()
        let report = try await EventStore(pool: pool).verify(treeRootsAt: Set([storedSize, checkpoint?.size ?? 0]))
        let leaves = report.checked
        if let broken = report.firstBreak {
            return CheckResult(leaves: leaves, problem: (broken.position, broken.kind.rawValue, broken.detail))
        }
        let roots = report.treeRoots ?? [:]
        if let checkpoint {
            guard let root = roots[checkpoint.size] else {
                return CheckResult(
                    leaves: leaves,
                    problem: (leaves, "rolled back", "the log holds \(leaves) events, the signed checkpoint \(checkpoint.size)"))
            }
            guard root == checkpoint.root else {
                return CheckResult(
                    leaves: leaves,
                    problem: (
                        checkpoint.size, "rewritten", "the events below the signed checkpoint of \(checkpoint.size) no longer give its root"
                    ))
            }
        }
        if storedSize > leaves {
            return CheckResult(
                leaves: leaves, problem: (leaves + 1, "rolled back", "the stored tree holds \(storedSize) leaves, the log \(leaves) events")
            )
        }
        if storedSize > 0, let computed = roots[storedSize], try await root(size: storedSize) != computed {
            return CheckResult(leaves: leaves, problem: (storedSize, "tree altered", "the stored Merkle tree does not match the events"))
        }
        return CheckResult(leaves: leaves, problem: nil)
    }
}
