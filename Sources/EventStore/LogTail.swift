import Logging
import PostgresClient

/// The waiting half of every log follower: reads a page, and when there is nothing new, waits
/// for a `NOTIFY` (a hint only) or the poll interval, whichever comes first. A lost connection is
/// retried with backoff; a lost notification delays nothing by more than the poll interval.
struct LogTail {
    let store: EventStore
    let pollInterval: Duration
    private var listener: NotificationListener?

    init(store: EventStore, pollInterval: Duration) {
        self.store = store
        self.pollInterval = pollInterval
    }

    /// Calls `read` until it returns a page; `nil` from `read` means "nothing new yet".
    /// Returns `nil` once the task is cancelled.
    mutating func next<Page>(_ read: () async throws -> Page?) async throws -> Page? {
        var backoff = Backoff(initial: .milliseconds(50))
        while !Task.isCancelled {
            if listener == nil {
                // Listen before reading, so no commit after the read goes unnoticed.
                let fresh = NotificationListener(
                    conninfo: store.pool.configuration.conninfo, channel: EventStoreSchema.notificationChannel, logger: store.logger)
                await fresh.prepare()
                listener = fresh
            }
            do {
                if let page = try await read() { return page }
                backoff.reset()
            } catch let error as PostgresError where error.isConnectionLost || error.code == .connectionFailed {
                store.logger.warning("log follower lost the database; retrying", metadata: ["error": "\(error)"])
                await backoff.wait()
                continue
            }
            _ = await listener?.wait(timeout: pollInterval)
        }
        return nil
    }
}
