import EventStore
import NIOConcurrencyHelpers
import PostgresClient
import Projections

extension ReplicaSet {
    /// What one probe of a standby reads, in one statement: whether it is still a standby, the
    /// log head it replayed and the read models' checkpoint.
    struct Probe: Sendable {
        var recovering: Bool
        var position: Int64
        var hash: [UInt8]
        var projected: Int64
    }

    /// Probes the primary and every standby once and decides who is in rotation: a standby is
    /// when it answers, is still in recovery, holds the primary's log (the hash at its head is
    /// the primary's hash at that position) and has missed no committed event for longer than
    /// `maxLag`. With the primary unreachable, standbys keep their place (and their positions move
    /// on) for when it returns.
    public func refresh(primary: PostgresConnectionPool) async {
        let primaryHead = try? await primary.withConnection { try EventStore.head(on: $0).position }
        if let primaryHead {
            let now = clock()
            lag.withLockedValue { $0.observe(primary: primaryHead, at: now) }
        }
        // Side by side, each bounded on this side too: a standby that hangs (a stopped process, a
        // lost network) must not hold back the others' probes, and its blocked call is left behind.
        let reachable = primaryHead == nil ? nil : primary
        await withTaskGroup(of: Void.self) { group in
            for replica in replicas {
                group.addTask { await self.probeWithin(replica, primary: reachable) }
            }
        }
    }

    /// `probe`, or the standby marked unreachable when it has not answered within three seconds
    /// (the probe's blocked call is left to finish or fail on its own).
    func probeWithin(_ replica: Replica, primary: PostgresConnectionPool?) async {
        let finished = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let resumed = NIOLockedValueBox(false)
            let resume: @Sendable (Bool) -> Void = { value in
                let first = resumed.withLockedValue { done in
                    defer { done = true }
                    return !done
                }
                if first { continuation.resume(returning: value) }
            }
            Task {
                await self.probe(replica, primary: primary)
                resume(true)
            }
            Task {
                try? await Task.sleep(for: .seconds(3))
                resume(false)
            }
        }
        if !finished { replica.failed("unreachable (no answer within 3 s)") }
    }

    func probe(_ replica: Replica, primary: PostgresConnectionPool?) async {
        var status = replica.status
        let was = status.inRotation
        do {
            let probe = try await replica.probe.withConnection { connection -> Probe in
                let row = try connection.query(
                    """
                    SELECT pg_is_in_recovery(), h.position, h.hash,
                           coalesce((SELECT position FROM projection_checkpoints WHERE name = \(EmployeeProjection.name)), 0)
                    FROM event_log_head h WHERE singleton
                    """
                ).firstRow
                guard let row else { throw PostgresError(code: .protocolViolation, message: "event_log_head has no row") }
                return Probe(
                    recovering: try row.decode(Bool.self, at: 0), position: try row.decode(Int64.self, at: 1),
                    hash: try row.decode([UInt8].self, at: 2), projected: try row.decode(Int64.self, at: 3))
            }
            status.replayed = probe.position
            status.projected = min(probe.projected, probe.position)
            let (events, behind) = lag.withLockedValue {
                ($0.events(replayed: probe.position), $0.behind(replayed: probe.position, now: clock()))
            }
            status.lagEvents = events
            status.lagSeconds = Double(behind.components.seconds) + Double(behind.components.attoseconds) / 1e18
            if !probe.recovering {
                status.reason = "not a standby: it accepts writes (promoted, or a primary)"
            } else if let primary, let differs = await differs(probe, primary: primary) {
                status.reason = differs
            } else if behind > maxLag {
                status.reason = "more than \(maxLag) behind the primary (\(events) events)"
            } else if !was && (primary == nil || events > 0) {
                // Entering rotation takes a standby that has replayed the primary's head as last
                // seen: the time bound alone would admit any standby for its first seconds.
                status.reason = "catching up with the primary (\(events) events behind)"
            } else {
                status.reason = nil
            }
        } catch {
            status.reason = "unreachable (\((error as? PostgresError)?.code.description ?? "\(type(of: error))"))"
        }
        status.inRotation = status.reason == nil
        let now = status
        let before = replica.state.withLockedValue { state in
            defer { state = now }
            return state.reason
        }
        if was != now.inRotation || (!now.inRotation && before != now.reason && !(now.reason ?? "").hasPrefix("catching up")) {
            if now.inRotation {
                logger.notice("standby in rotation", metadata: ["replica": "\(replica.name)", "position": "\(now.replayed)"])
            } else {
                logger.warning("standby out of rotation", metadata: ["replica": "\(replica.name)", "reason": "\(now.reason ?? "")"])
            }
        }
    }

    /// Why the standby's log is not the primary's, if it is not: the event at its head must have
    /// the same hash on the primary (the chain then vouches for everything before it).
    func differs(_ probe: Probe, primary: PostgresConnectionPool) async -> String? {
        guard probe.position > 0 else { return nil }
        let position = probe.position
        let found: [UInt8]?
        do {
            found = try await primary.withConnection { connection in
                try connection.query("SELECT hash FROM events WHERE position = \(position)").firstRow?.decode([UInt8].self, at: 0)
            }
        } catch {
            // The primary unreachable this instant: judged at the next probe.
            return nil
        }
        guard let found, found == probe.hash else {
            return "holds another log than the primary (its event at position \(position) differs)"
        }
        return nil
    }
}
