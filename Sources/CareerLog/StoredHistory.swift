import CareerDomain
import EventStore
import Foundation
import NIOConcurrencyHelpers

/// One employee's stored events as career records, with the events that cannot be read as
/// career records (written before the gate existed, say) kept apart rather than failing the read:
/// they stay in the trail, a correction or rescission can still aim at them, and the state is
/// folded from the rest.
public struct StoredHistory: Sendable {
    /// An event the catalogue cannot read.
    public struct Unreadable: Sendable, Hashable {
        public var id: UUID
        public var position: Int64
        public var type: String
        public var effectiveDate: CivilDate?
        /// Why it cannot be read (`payload.to: grade II/e does not exist`).
        public var reason: String
    }

    public var records: [CareerRecord] = []
    public var unreadable: [Unreadable] = []
    /// The stream's last version (0: no events).
    public var version = 0
    /// The last event's position, if any.
    public var lastPosition: Int64?

    public init() {}

    /// Reads `events` (one stream, in version order).
    public init(_ events: [RecordedEvent], nip: NIP) {
        records.reserveCapacity(events.count)
        for event in events {
            do {
                records.append(try CareerRecord(recorded: event, stream: nip))
            } catch {
                unreadable.append(
                    Unreadable(
                        id: event.id, position: event.position, type: event.type,
                        effectiveDate: event.effectiveDate.map { CivilDate(dayNumber: $0.daysSinceUnixEpoch) },
                        reason: (error as? DomainError)?.description ?? "cannot be read"))
            }
        }
        version = events.last?.version ?? 0
        lastPosition = events.last?.position
    }

    /// Every stored event id.
    public var ids: Set<UUID> { Set(records.map(\.id) + unreadable.map(\.id)) }

    /// What the structural rules know of the history, in log order.
    public var streamHistory: StreamHistory {
        var history = StreamHistory()
        var readable = records.makeIterator()
        var next = readable.next()
        for item in unreadable.sorted(by: { $0.position < $1.position }) {
            while let record = next, (record.position ?? 0) < item.position {
                history.add(record)
                next = readable.next()
            }
            history.addUnreadable(id: item.id, type: item.type, effectiveDate: item.effectiveDate)
        }
        while let record = next {
            history.add(record)
            next = readable.next()
        }
        return history
    }
}
