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
    let integrity: LogIntegrity
    let logger: Logger
    var pollInterval: Duration = .milliseconds(500)
    var checkpointInterval: Duration = .seconds(2)
    /// How often the whole log is read again and checked against the tree and the latest
    /// signed checkpoint (once at start).
    var selfCheckInterval: Duration = .seconds(600)
    static let batch = 10_000

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var backoff = Backoff()
            var lastSigned: ContinuousClock.Instant?
            var lastChecked: ContinuousClock.Instant?
            // The last checkpoint this key signed, remembered here: a checkpoint deleted from the
            // database does not let the daemon sign a rollback or a second history.
            var signed: LogCheckpoint?
            while !Task.isCancelled {
                do {
                    // A full batch may leave more behind: extend until a call adds less than one.
                    // (Before the self-check: on a store the tree has not covered yet, checking
                    // first would read the whole log twice.)
                    var size = try await tree.size()
                    while true {
                        let grown = try await tree.extend(limit: Self.batch)
                        if grown - size < Self.batch { break }
                        size = grown
                    }
                    if integrity.broken == nil, lastChecked.map({ ContinuousClock.now - $0 >= selfCheckInterval }) ?? true {
                        try await selfCheck()
                        lastChecked = .now
                    }
                    if let signer, integrity.broken == nil, lastSigned.map({ ContinuousClock.now - $0 >= checkpointInterval }) ?? true {
                        if signed == nil, let latest = try await checkpoints.latest() {
                            signed = try? LogCheckpoint.verified(latest.note, by: signer.verifier)
                        }
                        if let checkpoint = try await checkpoints.publish(tree: tree, signer: signer, extending: signed) {
                            signed = checkpoint
                            logger.debug("signed a checkpoint", metadata: ["treeSize": "\(checkpoint.size)"])
                        }
                        lastSigned = .now
                    }
                    backoff.reset()
                    try await Task.sleep(for: pollInterval)
                } catch is CancellationError {
                    return
                } catch let error as LogTreeError {
                    alarm(LogIntegrity.Break(position: 0, kind: "tree", detail: error.detail))
                    await backoff.wait()
                } catch {
                    logger.warning("the Merkle tree could not be extended; retrying", metadata: ["error": "\(error)"])
                    await backoff.wait()
                }
            }
        }
    }

    /// Reads the whole log again: every hash and link, the stored tree, and the latest
    /// checkpoint (its signature checked with this daemon's own key).
    func selfCheck() async throws {
        var checkpoint: LogCheckpoint?
        if let signer, let latest = try await checkpoints.latest() {
            do {
                checkpoint = try LogCheckpoint.verified(latest.note, by: signer.verifier)
            } catch let error as NoteKeyError {
                return alarm(LogIntegrity.Break(position: latest.size, kind: "checkpoint", detail: error.detail))
            }
        }
        let result = try await tree.checkWhole(against: checkpoint)
        if let problem = result.problem {
            alarm(LogIntegrity.Break(position: problem.position, kind: problem.kind, detail: problem.detail))
        } else {
            logger.info("log integrity checked", metadata: ["events": "\(result.leaves)"])
        }
    }

    func alarm(_ found: LogIntegrity.Break) {
        if integrity.broken == nil {
            logger.critical(
                "LOG INTEGRITY BROKEN", metadata: ["position": "\(found.position)", "kind": "\(found.kind)", "detail": "\(found.detail)"])
        }
        integrity.report(found)
    }
}
