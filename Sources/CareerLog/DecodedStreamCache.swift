import CareerDomain
import EventStore
import Foundation
import NIOConcurrencyHelpers

/// Decoded histories by NIP, valid while the stream's last position is unchanged. Bounded: when
/// full, it starts afresh.
final class DecodedStreamCache: Sendable {
    private let entries = NIOLockedValueBox([String: (Int64, StoredHistory)]())
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func history(of stream: String, lastPosition: Int64) -> StoredHistory? {
        entries.withLockedValue { entries in
            guard let (position, history) = entries[stream], position == lastPosition else { return nil }
            return history
        }
    }

    func store(_ history: StoredHistory, of stream: String, lastPosition: Int64) {
        entries.withLockedValue { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[stream] = (lastPosition, history)
        }
    }
}
