import EventStore
import Logging
import PostgresClient
import ServiceLifecycle

/// Grows the Merkle tree as events commit and, with a signing key, signs a checkpoint when the
/// tree has grown (at most every `checkpointInterval`). A failure is logged and retried.
struct LogTreeService: Service {
    let tree: LogTree
    let checkpoints: LogCheckpoints
    let signer: NoteSigner?
    let logger: Logger
    var pollInterval: Duration = .milliseconds(500)
    var checkpointInterval: Duration = .seconds(2)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var backoff = Backoff()
            var lastSigned: ContinuousClock.Instant?
            while !Task.isCancelled {
                do {
                    var size = try await tree.size()
                    while true {
                        let grown = try await tree.extend()
                        if grown == size { break }
                        size = grown
                    }
                    if let signer, lastSigned.map({ ContinuousClock.now - $0 >= checkpointInterval }) ?? true {
                        if let checkpoint = try await checkpoints.publish(tree: tree, signer: signer) {
                            logger.debug("signed a checkpoint", metadata: ["treeSize": "\(checkpoint.size)"])
                        }
                        lastSigned = .now
                    }
                    backoff.reset()
                    try await Task.sleep(for: pollInterval)
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("the Merkle tree could not be extended; retrying", metadata: ["error": "\(error)"])
                    await backoff.wait()
                }
            }
        }
    }
}
