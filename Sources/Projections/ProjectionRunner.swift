import CareerDomain
import EventStore
import Foundation
import Logging
import NIOPosix
import PostgresClient

/// Keeps the employee projection up to date: waits to be the only runner (a session advisory
/// lock on a dedicated connection; a second runner waits and takes over when the first dies),
/// rebuilds when the projection's version changed, catches up, then follows the log live.
/// Database restarts and lost connections are retried with backoff.
public final class ProjectionRunner: Sendable {
    public let projection: EmployeeProjection
    let batchSize: Int
    let lockKey: Int64 = 0x5249_5741_5950_5201
    let thread = NIOThreadPool(numberOfThreads: 1)
    /// Called after each rebuild the runner starts itself (a new projection version, or a large
    /// log never projected): the daemon hands the rebuild's freed memory back to the system.
    let afterRebuild: @Sendable () -> Void

    public init(projection: EmployeeProjection, batchSize: Int = 1000, afterRebuild: @escaping @Sendable () -> Void = {}) {
        self.projection = projection
        self.batchSize = batchSize
        self.afterRebuild = afterRebuild
        thread.start()
    }

    deinit {
        thread.shutdownGracefully { _ in }
    }

    /// Runs until the task is cancelled.
    public func run() async {
        var backoff = Backoff()
        while !Task.isCancelled {
            do {
                try await runOnce()
                return
            } catch {
                // Stopping (a graceful shutdown cancels the runner) is not a failure.
                if Task.isCancelled || error is CancellationError { return }
                // The error's description names its code and SQLSTATE, never the server's DETAIL (which can quote data).
                projection.logger.warning("projection runner failed; retrying", metadata: ["error": "\(error)"])
                await backoff.wait()
            }
        }
    }

    /// One life of the runner: lock, catch up, follow; returns when cancelled.
    func runOnce() async throws {
        let lock = try await acquireLock()
        do {
            try await follow(lock: lock)
        } catch {
            _ = try? await thread.runIfActive { lock.close() }
            throw error
        }
        _ = try? await thread.runIfActive { lock.close() }
    }

    private func follow(lock: PostgresConnection) async throws {
        if let stored = try await projection.checkpoint(), stored.version != EmployeeProjection.version {
            projection.logger.notice(
                "projection version changed; rebuilding", metadata: ["from": "\(stored.version)", "to": "\(EmployeeProjection.version)"])
            try await projection.rebuild()
            afterRebuild()
        } else if try await projection.checkpoint() == nil, try await projection.store.head().position > 10_000 {
            try await projection.rebuild()
            afterRebuild()
        }
        var position = try await projection.checkpoint()?.position ?? 0
        // Rows that depend on "today" are refreshed when the date changes, beside the live feed.
        let projection = self.projection
        let refresher = Task {
            var day = projection.today()
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(60))
                let now = projection.today()
                if now != day, (try? await projection.refresh(since: day)) != nil { day = now }
            }
        }
        defer { refresher.cancel() }
        for try await event in projection.store.subscribe(after: position, batchSize: batchSize, pollInterval: .seconds(1)) {
            guard event.position > position else { continue }
            position = try await projection.applyNext(limit: batchSize)
            if try await !stillLocked(lock) { throw PostgresError(code: .connectionClosed, message: "lost the projection lock") }
        }
    }

    /// Waits (polling every second) until this process holds the projection's advisory lock.
    func acquireLock() async throws -> PostgresConnection {
        let conninfo = projection.store.pool.configuration.conninfo
        let key = lockKey
        let connection = try await thread.runIfActive {
            try PostgresConnection(conninfo: conninfo, applicationName: "riwayat-projection-lock")
        }
        while !Task.isCancelled {
            let held = try await thread.runIfActive {
                try connection.query("SELECT pg_try_advisory_lock(\(key))").firstRow?.decode(Bool.self, at: 0) ?? false
            }
            if held { return connection }
            try await Task.sleep(for: .seconds(1))
        }
        throw CancellationError()
    }

    func stillLocked(_ connection: PostgresConnection) async throws -> Bool {
        try await thread.runIfActive { connection.checkAlive() }
    }
}
