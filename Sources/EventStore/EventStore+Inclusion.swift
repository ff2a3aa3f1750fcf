import Foundation
import PostgresClient

/// The answer to "is event X at position P with hash H part of the sealed log?".
public struct InclusionProof: Sendable, Hashable {
    public var included: Bool
    public var reason: String
    /// Stored rows read to answer (at most two: the event's and the seal's).
    public var checked: Int
}

extension EventStore {
    /// Checks, from the stored rows alone, that event `eventID` sits at `position` with `hash`,
    /// and that the log still holds the seal's hash at the seal's position (or that `position`
    /// is within the current log). Two indexed reads, whatever the size of the log: that every
    /// hash still follows from the events and the one before is what `riwayat verify` checks.
    public func inclusion(eventID: UUID, position: Int64, hash: [UInt8], seal: LogSeal?) async throws -> InclusionProof {
        try await pool.withConnection { connection in
            if let seal, try seal.instance != Self.instance(on: connection) {
                return InclusionProof(included: false, reason: "the seal belongs to another Riwayat store", checked: 0)
            }
            let head = try Self.head(on: connection)
            if let seal, seal.position > head.position {
                return InclusionProof(
                    included: false, reason: "the seal's position \(seal.position) is beyond the log's head \(head.position)", checked: 0)
            }
            let target = seal?.position ?? head.position
            guard position <= target else {
                return InclusionProof(included: false, reason: "position \(position) is after the sealed position \(target)", checked: 0)
            }
            var checked = 0
            func row(at position: Int64) throws -> (id: UUID, hash: [UInt8])? {
                checked += 1
                return try connection.query(
                    PostgresQuery(
                        "SELECT event_id, hash FROM events WHERE position = \(position)"
                    ).prepared(as: "riwayat_inclusion_row")
                )
                .firstRow.map { (try $0.decode(UUID.self, at: 0), try $0.decode([UInt8].self, at: 1)) }
            }
            guard let event = try row(at: position) else {
                return InclusionProof(included: false, reason: "position \(position) is missing", checked: checked)
            }
            guard event.id == eventID else {
                return InclusionProof(included: false, reason: "position \(position) holds another event", checked: checked)
            }
            guard event.hash == hash else {
                return InclusionProof(included: false, reason: "the event's stored hash differs from the one given", checked: checked)
            }
            if let seal {
                guard let sealed = try row(at: seal.position), sealed.hash == seal.hash else {
                    return InclusionProof(
                        included: false, reason: "the log no longer holds the sealed hash at position \(seal.position)", checked: checked)
                }
            }
            return InclusionProof(
                included: true, reason: "the event is at position \(position) with this hash, within the log up to \(target)",
                checked: checked)
        }
    }
}
