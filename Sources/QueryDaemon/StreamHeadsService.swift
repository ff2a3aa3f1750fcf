import EventStore
import Logging
import PostgresClient
import ServiceLifecycle

/// Keeps `StreamHeads` current by following the log (positions and streams only), so cached
/// answers are dropped as soon as the events that change them commit.
struct StreamHeadsService: Service {
    let store: EventStore
    let heads: StreamHeads
    var pollInterval: Duration = .seconds(1)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var backoff = Backoff()
            while !Task.isCancelled {
                do {
                    let start: Int64
                    if let resume = heads.resumePosition {
                        start = resume
                    } else {
                        start = try await store.head().position
                    }
                    var feed = store.followStreamActivity(after: start, pollInterval: pollInterval)
                    heads.read(through: start)
                    while let activity = try await feed.next(idle: { heads.read(through: $0) }) {
                        heads.changed(activity.lastPositions, through: activity.through)
                        backoff.reset()
                    }
                } catch {
                    heads.stopped()
                    store.logger.warning("stream follower failed; answering uncached until it recovers", metadata: ["error": "\(error)"])
                    await backoff.wait()
                }
            }
            heads.stopped()
        }
    }
}
