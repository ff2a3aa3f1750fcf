import Foundation
import PostgresClient

/// The answer to "is event X at position P with hash H part of the sealed log?".
public struct InclusionProof: Sendable, Hashable {
    public var included: Bool
    public var reason: String
    /// Events whose hashes were recomputed from P up to the seal.
    public var checked: Int
}

extension EventStore {
    /// Checks that event `eventID` sits at `position` with `hash`, and that the chain from there
    /// reaches the seal's hash (or the current head's) unbroken.
    public func inclusion(eventID: UUID, position: Int64, hash: [UInt8], seal: LogSeal?) async throws -> InclusionProof {
        try await pool.withConnection { connection in
            if let seal, try seal.instance != Self.instance(on: connection) {
                return InclusionProof(included: false, reason: "the seal belongs to another Riwayat store", checked: 0)
            }
            let head = try Self.head(on: connection)
            let target = seal?.position ?? head.position
            let targetHash = seal?.hash ?? head.hash
            guard position <= target else {
                return InclusionProof(included: false, reason: "position \(position) is after the sealed position \(target)", checked: 0)
            }
            var previous: [UInt8]?
            var checked = 0
            var cursor = position
            while cursor <= target {
                let page = try connection.query("""
                    SELECT \(fragment: PostgresQuery(unsafeSQL: RecordedEvent.columns)) FROM events
                    WHERE position >= \(cursor) AND position <= \(target) ORDER BY position LIMIT 10000
                    """).map(RecordedEvent.init(row:))
                guard !page.isEmpty else { break }
                for event in page {
                    if event.position == position {
                        guard event.id == eventID else {
                            return InclusionProof(included: false, reason: "position \(position) holds another event", checked: checked)
                        }
                        guard event.hash == hash else {
                            return InclusionProof(included: false, reason: "the event's stored hash differs from the one given", checked: checked)
                        }
                    }
                    guard event.position == position + Int64(checked) else {
                        return InclusionProof(included: false, reason: "position \(position + Int64(checked)) is missing", checked: checked)
                    }
                    if let previous, event.previousHash != previous {
                        return InclusionProof(included: false, reason: "the chain breaks at position \(event.position)", checked: checked)
                    }
                    guard EventHash.compute(event) == event.hash else {
                        return InclusionProof(included: false, reason: "the event at position \(event.position) no longer matches its hash", checked: checked)
                    }
                    previous = event.hash
                    checked += 1
                }
                cursor = (page.last?.position ?? target) + 1
            }
            guard checked > 0, previous == targetHash else {
                return InclusionProof(included: false, reason: "the chain from position \(position) does not reach the sealed hash", checked: checked)
            }
            return InclusionProof(included: true, reason: "the event is at position \(position) and the chain reaches the sealed hash at \(target)", checked: checked)
        }
    }
}
