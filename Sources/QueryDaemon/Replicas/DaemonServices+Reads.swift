import EventStore
import Hummingbird
import PostgresClient
import Projections

extension DaemonServices {
    /// Where a read goes that must reflect the log at least through `needed`: a standby in
    /// rotation that has replayed it (its read models too, with `readModels`), one that does so
    /// within `replicas.maxWait`, else the primary. On the primary, read models behind `needed`
    /// are waited for as long; a position beyond the log's head is the client's mistake (400).
    func readSource(needing needed: Int64, readModels: Bool, standbyAllowed: Bool) async throws -> ReadSource {
        if standbyAllowed, !replicas.isEmpty {
            if let source = replicas.standby(reaching: needed, readModels: readModels) { return source }
            if needed > 0, let source = try await waitForStandby(reaching: needed, readModels: readModels) { return source }
        }
        return try await primarySource(needing: needed, readModels: readModels)
    }

    /// The primary, with the position a read from it now reflects at least.
    func primarySource(needing needed: Int64, readModels: Bool) async throws -> ReadSource {
        var source = primaryReads
        if !readModels, let through = heads.current, through >= needed {
            source.position = through
            return source
        }
        let deadline = ContinuousClock.now + replicas.maxWait
        while true {
            let (head, checkpoint) = try await pool.withConnection { connection in
                let head = try EventStore.head(on: connection).position
                let checkpoint =
                    try connection.query("SELECT position FROM projection_checkpoints WHERE name = \(EmployeeProjection.name)")
                    .firstRow?.decode(Int64.self, at: 0) ?? 0
                return (head, min(checkpoint, head))
            }
            guard needed <= head else {
                throw Problem.badRequest(
                    field: ReadRoutingMiddleware.minimumHeader.rawName, rule: "position \(needed) is beyond the log's head (\(head))")
            }
            let reached = readModels ? checkpoint : head
            if reached >= needed {
                source.position = reached
                return source
            }
            guard ContinuousClock.now < deadline else {
                var problem = Problem(
                    status: .serviceUnavailable, title: "Service Unavailable",
                    detail: "the read models are at position \(reached), not yet at \(needed); try again shortly")
                problem.retryAfterSeconds = 1
                throw problem
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Asks the standbys in rotation directly, every 10 ms until `replicas.maxWait` has passed,
    /// whether one has replayed `needed` yet (what a probe finds is kept for other requests).
    func waitForStandby(reaching needed: Int64, readModels: Bool) async throws -> ReadSource? {
        let deadline = ContinuousClock.now + replicas.maxWait
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
            for replica in replicas.replicas where replica.status.inRotation {
                guard
                    let (replayed, projected) = try? await replica.source.pool.withConnection({ connection in
                        let row = try connection.query(
                            """
                            SELECT h.position,
                                   coalesce((SELECT position FROM projection_checkpoints WHERE name = \(EmployeeProjection.name)), 0)
                            FROM event_log_head h WHERE singleton
                            """
                        ).firstRow
                        return (try row?.decode(Int64.self, at: 0) ?? 0, try row?.decode(Int64.self, at: 1) ?? 0)
                    })
                else { continue }
                replica.state.withLockedValue { status in
                    status.replayed = max(status.replayed, replayed)
                    status.projected = max(status.projected, min(projected, replayed))
                }
            }
            if let source = replicas.standby(reaching: needed, readModels: readModels) { return source }
        }
        return nil
    }
}
