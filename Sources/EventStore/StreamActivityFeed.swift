import PostgresClient

/// Pages of `StreamActivity`, in log order, woken by `NOTIFY` and polling at least every poll
/// interval; see `EventStore.followStreamActivity(after:pollInterval:)`.
public struct StreamActivityFeed {
    let store: EventStore
    /// Everything up to here has been returned.
    public private(set) var position: Int64
    private var tail: LogTail

    init(store: EventStore, position: Int64, pollInterval: Duration) {
        self.store = store
        self.position = position
        self.tail = LogTail(store: store, pollInterval: pollInterval)
    }

    /// The next non-empty run of the log. `idle` is called after every read that found nothing
    /// new, with the position the log has been read through, so a caller can tell how current it
    /// is. `nil` once the task is cancelled.
    public mutating func next(idle: (Int64) -> Void) async throws -> StreamActivity? {
        let (store, after) = (self.store, position)
        guard
            let activity = try await tail.next({ () async throws -> StreamActivity? in
                let activity = try await store.streamActivity(after: after)
                if activity.lastPositions.isEmpty {
                    idle(activity.through)
                    return nil
                }
                return activity
            })
        else { return nil }
        position = activity.through
        return activity
    }
}
