import Foundation
import Hummingbird
import NIOConcurrencyHelpers

/// The last log position each token appended through this daemon, for a while: its next reads
/// are answered at least that fresh without it having to send `Riwayat-Min-Position` (clients
/// behind several daemons send the header; see "Read replicas").
public final class RecentAppends: Sendable {
    struct Entry {
        var position: Int64
        var at: ContinuousClock.Instant
    }

    private let entries = NIOLockedValueBox([UUID: Entry]())
    /// How long an append is remembered.
    let memory: Duration
    /// Tokens remembered at most (the stalest are forgotten first).
    let capacity: Int

    public init(memory: Duration = .seconds(60), capacity: Int = 10_000) {
        self.memory = memory
        self.capacity = max(1, capacity)
    }

    /// `token` appended up to `position`.
    func record(_ token: UUID, position: Int64) {
        let now = ContinuousClock.now
        entries.withLockedValue { entries in
            entries[token] = Entry(position: max(position, entries[token]?.position ?? 0), at: now)
            guard entries.count > capacity else { return }
            entries = entries.filter { now - $0.value.at < memory }
            guard entries.count > capacity else { return }
            let newest = entries.sorted { $0.value.at > $1.value.at }.prefix(capacity)
            entries = Dictionary(newest.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// The position `token` appended up to within `memory`, else 0.
    func position(of token: UUID) -> Int64 {
        entries.withLockedValue { entries in
            guard let entry = entries[token], ContinuousClock.now - entry.at < memory else { return 0 }
            return entry.position
        }
    }
}

extension DaemonServices {
    /// After an append: the token's next reads through this daemon reflect it, and the response
    /// states the log position to send as `Riwayat-Min-Position` to any other daemon.
    func appended(_ positions: [Int64], by principal: Principal, response: inout Response) {
        guard let last = positions.max() else { return }
        recentAppends.record(principal.tokenID, position: last)
        response.headers[CachedAnswer.positionHeader] = String(last)
    }
}
