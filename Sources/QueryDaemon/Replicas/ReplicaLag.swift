/// How long a standby has been missing committed events, from the primary's head positions as
/// the daemon observed them over time: a standby replayed to position P has been behind since
/// the first observation of a head beyond P. A standby cut off from its primary therefore shows a
/// growing lag, even though it replays nothing (its own replay timestamps would stand still).
struct ReplicaLag: Sendable {
    struct Observation: Sendable, Hashable {
        var position: Int64
        var seen: ContinuousClock.Instant
    }

    /// The primary's heads, oldest first, each position higher than the one before.
    private(set) var observations: [Observation] = []
    /// Observations kept at most (the oldest go first); a standby further behind shows at least
    /// the age of the oldest one kept.
    let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = max(1, capacity)
    }

    /// The primary's head was `position` at `instant`.
    mutating func observe(primary position: Int64, at instant: ContinuousClock.Instant) {
        guard position > (observations.last?.position ?? 0) else { return }
        observations.append(Observation(position: position, seen: instant))
        if observations.count > capacity { observations.removeFirst(observations.count - capacity) }
    }

    /// How long a standby replayed to `replayed` has been behind, at `now`: zero when no head
    /// beyond it was observed.
    func behind(replayed: Int64, now: ContinuousClock.Instant) -> Duration {
        guard let newest = observations.last, newest.position > replayed else { return .zero }
        // The first observation beyond `replayed` (positions increase: binary search).
        var low = 0
        var high = observations.count - 1
        while low < high {
            let middle = (low + high) / 2
            if observations[middle].position > replayed { high = middle } else { low = middle + 1 }
        }
        return max(.zero, now - observations[low].seen)
    }

    /// Events the standby at `replayed` misses, by the newest observation.
    func events(replayed: Int64) -> Int64 {
        max(0, (observations.last?.position ?? 0) - replayed)
    }
}
