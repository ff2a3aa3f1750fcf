import PostgresClient

/// Writes access-log entries with shared commits: requests arriving while one insert commits
/// go in together with the next, and each request waits until its entry is durably stored.
actor AccessLogQueue {
    struct Entry: Sendable {
        var token: String, nip: String, action: String, remote: String?, requestID: String?
    }

    private let pool: PostgresConnectionPool
    private var pending: [(Entry, CheckedContinuation<Void, any Error>)] = []
    private var draining = false

    init(pool: PostgresConnectionPool) {
        self.pool = pool
    }

    func record(_ entry: Entry) async throws {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((entry, continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(500))
            pending.removeFirst(batch.count)
            let entries = batch.map(\.0)
            do {
                try await pool.query(PostgresQuery("""
                    INSERT INTO access_log (token_name, nip, action, remote, request_id)
                    SELECT * FROM unnest(\(entries.map(\.token))::text[], \(entries.map(\.nip))::text[], \(entries.map(\.action))::text[],
                                         \(entries.map(\.remote))::text[], \(entries.map(\.requestID))::text[])
                    """).prepared(as: "riwayat_access_log_batch"))
                for (_, continuation) in batch { continuation.resume() }
            } catch {
                for (_, continuation) in batch { continuation.resume(throwing: error) }
            }
        }
        draining = false
    }
}
