import NIOConcurrencyHelpers

/// What the daemon knows about the log without asking the database: the last position of every
/// stream that changed since its follower started, and how current that knowledge is.
///
/// Cached answers are served only while the follower is current (it read the log within
/// `maxSilence`), so a daemon that lost its database falls back to asking for every request.
/// Positions are gapless and commit in order, so once the follower has started at head H, every
/// later commit has a position above H and will be seen.
public final class StreamHeads: Sendable {
    struct State {
        var through: Int64 = 0
        var lastRead: ContinuousClock.Instant?
        var heads: [String: Int64] = [:]
    }

    private let state = NIOLockedValueBox(State())
    let maxSilence: Duration

    public init(maxSilence: Duration = .seconds(3)) {
        self.maxSilence = maxSilence
    }

    /// The position the follower has read through, or `nil` when it is not current.
    public var current: Int64? {
        state.withLockedValue { state in
            guard let lastRead = state.lastRead, ContinuousClock.now - lastRead < maxSilence else { return nil }
            return state.through
        }
    }

    /// Whether `stream` has had no event after `lastPosition`, as far as a current follower knows.
    func isUnchanged(_ stream: String, since lastPosition: Int64) -> Bool {
        state.withLockedValue { state in
            guard let lastRead = state.lastRead, ContinuousClock.now - lastRead < maxSilence else { return false }
            return (state.heads[stream] ?? 0) <= lastPosition
        }
    }

    /// The follower read the log through `position` (possibly finding nothing new).
    func read(through position: Int64) {
        state.withLockedValue { state in
            state.through = max(state.through, position)
            state.lastRead = .now
        }
    }

    /// Streams that changed, with their new last positions.
    func changed(_ lastPositions: [String: Int64], through position: Int64) {
        state.withLockedValue { state in
            for (stream, last) in lastPositions where last > state.heads[stream] ?? 0 {
                state.heads[stream] = last
            }
            state.through = max(state.through, position)
            state.lastRead = .now
        }
    }

    /// This daemon appended to `stream` up to `lastPosition`: its own next read must see it,
    /// before the follower gets there.
    func appended(to stream: String, lastPosition: Int64) {
        state.withLockedValue { state in
            if lastPosition > state.heads[stream] ?? 0 { state.heads[stream] = lastPosition }
        }
    }

    /// The follower stopped or lost the database: answers are computed afresh until it reads again.
    func stopped() {
        state.withLockedValue { $0.lastRead = nil }
    }

    /// Where a (re)starting follower continues: after what it already read, so nothing between is
    /// missed; `nil` before the first start.
    var resumePosition: Int64? {
        state.withLockedValue { $0.through > 0 ? $0.through : nil }
    }
}
