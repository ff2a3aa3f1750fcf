import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOPosix
import PostgresClient

/// Writes access-log entries with shared commits: one dedicated connection (as the access-log
/// role, which may only insert entries) on its own thread takes every entry that arrived while
/// it was writing and stores them with one prepared `INSERT`, and each request waits until its
/// entry is committed. Personal data never leaves before the access is on record.
///
/// Durable by default: the commit waits until the entry is flushed to disk
/// (`synchronous_commit = on` on this connection, whatever the server's default), so an answered
/// read survives a crash of the database server; entries arriving meanwhile share the next flush
/// (group commit). With `durable` off, the commit does not wait for the flush: faster, but a
/// database crash within a fraction of a second (three `wal_writer_delay`s) can lose the last
/// entries of reads already answered.
public final class AccessLogWriter: @unchecked Sendable {
    /// One access: who, what, how it was answered, from where.
    public struct Entry: Sendable, Hashable {
        public var tokenID: UUID?
        public var tokenName: String?
        /// The token's person, or the command's account (`system:cli.USER`).
        public var person: String?
        /// What was asked: `state`, `trail`, `findings`, `unit-findings`, `promotion-eligible`, `cli:events`, …
        public var action: String
        /// The NIP asked for, if one was.
        public var nip: String?
        /// Every NIP the answer held (or the one asked for, when refused).
        public var nips: [String]
        /// The query behind a list (path and parameters).
        public var query: String?
        /// The HTTP status answered (0 for a command).
        public var status: Int
        public var remote: String?
        public var requestID: String?

        public init(
            tokenID: UUID? = nil, tokenName: String? = nil, person: String?, action: String, nip: String? = nil, nips: [String] = [],
            query: String? = nil, status: Int = 200, remote: String? = nil, requestID: String? = nil
        ) {
            self.tokenID = tokenID
            self.tokenName = tokenName
            self.person = person
            self.action = action
            self.nip = nip
            self.nips = nips
            self.query = query
            self.status = status
            self.remote = remote
            self.requestID = requestID
        }
    }

    private struct Queue {
        var pending: [(Entry, CheckedContinuation<Void, any Error>)] = []
        var writing = false
    }

    private let queue = NIOLockedValueBox(Queue())
    private let conninfo: String
    private let durable: Bool
    private let thread = NIOThreadPool(numberOfThreads: 1)
    // Used only from `thread`.
    private var connection: PostgresConnection?

    /// `conninfo`: as the access-log role. `durable`: each entry flushed to disk before its answer.
    public init(conninfo: String, durable: Bool = true) {
        self.conninfo = conninfo
        self.durable = durable
        thread.start()
    }

    deinit {
        let connection = self.connection
        thread.shutdownGracefully { _ in connection?.close() }
    }

    /// Closes the writer's connection (entries recorded later open a new one).
    public func close() async {
        _ = try? await thread.runIfActive { [self] in
            connection?.close()
            connection = nil
        }
    }

    /// Returns once `entry` is committed (and flushed, when durable); throws when it could not
    /// be stored: then the answer must not leave.
    public func record(_ entry: Entry) async throws {
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
        // The NIP lists travel as one text each (unit separator between NIPs: digits only inside).
        let nips = entries.map { $0.nips.joined(separator: "\u{1F}") }
        try connection.query(
            PostgresQuery(
                """
                INSERT INTO access_log (token_id, token_name, person, action, nip, nips, query, status, remote, request_id)
                SELECT t, n, p, a, i, CASE WHEN l = '' THEN '{}'::text[] ELSE string_to_array(l, E'\\x1f') END, q, s, r, d
                FROM unnest(\(entries.map(\.tokenID))::uuid[], \(entries.map(\.tokenName))::text[], \(entries.map(\.person))::text[],
                            \(entries.map(\.action))::text[], \(entries.map(\.nip))::text[], \(nips)::text[],
                                \(entries.map(\.query))::text[],
                            \(entries.map(\.status))::integer[], \(entries.map(\.remote))::text[], \(entries.map(\.requestID))::text[])
                    AS x(t, n, p, a, i, l, q, s, r, d)
                """
            ).prepared(as: "riwayat_access_log"))
    }

    private func connected() throws -> PostgresConnection {
        if let connection, !connection.isBroken { return connection }
        connection?.close()
        let fresh = try PostgresConnection(conninfo: conninfo, applicationName: "riwayat-access-log")
        try fresh.query(durable ? "SET synchronous_commit = on" : "SET synchronous_commit = off")
        connection = fresh
        return fresh
    }
}
