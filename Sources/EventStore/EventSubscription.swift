import Logging
import PostgresClient

/// Follows the log: catches up from a checkpoint, then delivers new events as they commit.
///
/// Events come in position order, each exactly once, starting after `checkpoint`; to resume
/// after a restart, pass the position of the last event you processed. `NOTIFY` only wakes the
/// reader early: it re-reads the log at least every `pollInterval`, so a lost notification
/// delays nothing by more than that, and a lost connection is retried with backoff.
public struct EventSubscription: AsyncSequence, Sendable {
    public typealias Element = RecordedEvent

    let store: EventStore
    let checkpoint: Int64
    let batchSize: Int
    let pollInterval: Duration
    let types: [String]?

    public func makeAsyncIterator() -> Iterator {
        Iterator(subscription: self)
    }

    /// Reads pages of the log and waits for notifications between them.
    public struct Iterator: AsyncIteratorProtocol {
        let subscription: EventSubscription
        var position: Int64
        var buffer: [RecordedEvent] = []
        var index = 0
        var listener: NotificationListener?

        init(subscription: EventSubscription) {
            self.subscription = subscription
            self.position = subscription.checkpoint
        }

        /// The next event, or `nil` once the task is cancelled.
        public mutating func next() async throws -> RecordedEvent? {
            var backoff = Duration.milliseconds(50)
            while !Task.isCancelled {
                if index < buffer.count {
                    let event = buffer[index]
                    index += 1
                    return event
                }
                if listener == nil {
                    let store = subscription.store
                    let fresh = NotificationListener(
                        conninfo: store.pool.configuration.conninfo, channel: EventStoreSchema.notificationChannel,
                        logger: store.logger)
                    await fresh.prepare()
                    listener = fresh
                }
                let page: [RecordedEvent]
                do {
                    page = try await subscription.store.readAll(after: position, limit: subscription.batchSize)
                    backoff = .milliseconds(50)
                } catch let error as PostgresError where error.isConnectionLost || error.code == .connectionFailed {
                    subscription.store.logger.warning("subscription lost the database; retrying", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: backoff)
                    backoff = Swift.min(backoff * 2, .seconds(5))
                    continue
                }
                if let last = page.last {
                    position = last.position
                    if let types = subscription.types {
                        buffer = page.filter { types.contains($0.type) }
                    } else {
                        buffer = page
                    }
                    index = 0
                    continue
                }
                _ = await listener?.wait(timeout: subscription.pollInterval)
            }
            return nil
        }
    }
}

extension EventStore {
    /// Events after `checkpoint`, first those already stored, then new ones as they commit.
    public func subscribe(
        after checkpoint: Int64, batchSize: Int = 1000, pollInterval: Duration = .seconds(1), types: [String]? = nil
    ) -> EventSubscription {
        EventSubscription(store: self, checkpoint: checkpoint, batchSize: batchSize, pollInterval: pollInterval, types: types)
    }
}
