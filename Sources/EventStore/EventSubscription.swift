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
        var tail: LogTail

        init(subscription: EventSubscription) {
            self.subscription = subscription
            self.position = subscription.checkpoint
            self.tail = LogTail(store: subscription.store, pollInterval: subscription.pollInterval)
        }

        /// The next event, or `nil` once the task is cancelled.
        public mutating func next() async throws -> RecordedEvent? {
            guard !Task.isCancelled else { return nil }
            while index >= buffer.count {
                let (store, after, limit) = (subscription.store, position, subscription.batchSize)
                guard
                    let page = try await tail.next({ () async throws -> [RecordedEvent]? in
                        let page = try await store.readAll(after: after, limit: limit)
                        return page.isEmpty ? nil : page
                    })
                else { return nil }
                position = page[page.count - 1].position
                if let types = subscription.types {
                    buffer = page.filter { types.contains($0.type) }
                } else {
                    buffer = page
                }
                index = 0
            }
            let event = buffer[index]
            index += 1
            return event
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
