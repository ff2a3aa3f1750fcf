import Logging
import NIOConcurrencyHelpers
import NIOPosix
import PostgresClient

/// Writes access-log entries with shared commits: one dedicated connection on its own thread
/// takes every entry that arrived while it was writing and stores them with one prepared
/// `INSERT`, and each request waits until its entry is committed. A personal record never leaves
/// the daemon before the read is on record.
///
/// With `waitForFlush` off (the default), the commit does not wait for the WAL to reach the disk
/// (`synchronous_commit = off` on this connection only): the entry is committed and visible
/// before the answer leaves, and only a crash of the database server itself within a fraction of
/// a second (three `wal_writer_delay`s) could lose it. With it on, every answer waits for the flush.
final class AccessLogWriter: @unchecked Sendable {
    struct Entry: Sendable {
        var token: String, nip: String, action: String, remote: String?, requestID: String?
    }

    private struct Queue {
        var pending: [(Entry, CheckedContinuation<Void, any Error>)] = []
        var writing = false
    }

    private let queue = NIOLockedValueBox(Queue())
    private let conninfo: String
    private let waitForFlush: Bool
    private let thread = NIOThreadPool(numberOfThreads: 1)
    // Used only from `thread`.
    private var connection: PostgresConnection?

    init(conninfo: String, waitForFlush: Bool) {
        self.conninfo = conninfo
        self.waitForFlush = waitForFlush
        thread.start()
    }

    deinit {
        let connection = self.connection
        thread.shutdownGracefully { _ in connection?.close() }
    }

    /// Returns once `entry` is committed; throws when it could not be stored.
    func record(_ entry: Entry) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let start = queue.withLockedValue { queue in
                queue.pending.append((entry, continuation))
                if queue.writing { return false }
                queue.writing = true
                return true
            }
            if start { thread.submit { _ in self.drain() } }
        }
    }

    /// On the writer thread: writes batches until nothing is pending.
    private func drain() {
        while true {
            let batch = queue.withLockedValue { queue in
                let batch = queue.pending
                queue.pending.removeAll(keepingCapacity: true)
                if batch.isEmpty { queue.writing = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                try write(batch.map(\.0))
                for (_, continuation) in batch { continuation.resume() }
            } catch {
                connection?.close()
                connection = nil
                for (_, continuation) in batch { continuation.resume(throwing: error) }
            }
        }
    }

    /// One prepared statement per batch (a single round trip; nothing to parse).
    private func write(_ entries: [Entry]) throws {
        let connection = try connected()
        try connection.query(PostgresQuery("""
            INSERT INTO access_log (token_name, nip, action, remote, request_id)
            SELECT * FROM unnest(\(entries.map(\.token))::text[], \(entries.map(\.nip))::text[], \(entries.map(\.action))::text[],
                                 \(entries.map(\.remote))::text[], \(entries.map(\.requestID))::text[])
            """).prepared(as: "riwayat_access_log"))
    }

    private func connected() throws -> PostgresConnection {
        if let connection, !connection.isBroken { return connection }
        connection?.close()
        let fresh = try PostgresConnection(conninfo: conninfo, applicationName: "riwayat-access-log")
        if !waitForFlush { try fresh.query("SET synchronous_commit = off") }
        connection = fresh
        return fresh
    }
}
