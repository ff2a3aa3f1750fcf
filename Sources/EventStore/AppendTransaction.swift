import Foundation
import PostgresClient

/// One append transaction for one or more requests (blocking; runs on a pool thread).
///
/// Under the head lock it reads the streams' versions and any already-stored event ids, decides
/// each request (append, idempotent no-op, or refusal), computes positions and hashes, and
/// writes all accepted events with one INSERT (few events) or one binary COPY (many).
enum AppendTransaction {
    /// Events at or above this count go in by COPY rather than INSERT.
    static let copyThreshold = 64

    /// Appends what it can; returns each request's outcome in order. Throws only when the
    /// database fails, and then nothing of this call is stored.
    static func run(
        _ requests: [AppendRequest], on connection: PostgresConnection, role: String?
    ) throws -> [Result<AppendResult, EventStoreError>] {
        var outcomes = [Result<AppendResult, EventStoreError>?](repeating: nil, count: requests.count)
        for (index, request) in requests.enumerated() {
            if let problem = validate(request) { outcomes[index] = .failure(problem) }
        }
        let valid = requests.indices.filter { outcomes[$0] == nil }
        guard !valid.isEmpty else { return finished(outcomes) }

        let streams = Array(Set(valid.map { requests[$0].stream }))
        let ids = valid.flatMap { requests[$0].events.map(\.id) }
        var setup: [PostgresQuery] = ["BEGIN"]
        if let role { setup.append("SET LOCAL ROLE \(identifier: role)") }
        setup += [
            "SELECT head_position, head_hash, now_micros FROM riwayat_lock_head()",
            "SELECT stream, max(version) FROM events WHERE stream = ANY(\(streams)::text[]) GROUP BY stream",
            "SELECT \(fragment: PostgresQuery(unsafeSQL: RecordedEvent.columns)) FROM events WHERE event_id = ANY(\(ids.map { $0 })::uuid[])",
        ]
        do {
            let results = try connection.pipeline(setup)
            let tail = Array(results.suffix(3))
            guard tail.count == 3, let head = tail[0].firstRow else {
                throw PostgresError(code: .protocolViolation, message: "riwayat_lock_head() returned no row")
            }
            var position = try head.decode(Int64.self, at: 0)
            var previousHash = try head.decode([UInt8].self, at: 1)
            let recordedAt = PostgresTimestamp(microsecondsSinceUnixEpoch: try head.decode(Int64.self, at: 2))
            var versions = [String: Int]()
            for row in tail[1] {
                versions[try row.decode(String.self, at: 0)] = try row.decode(Int.self, at: 1)
            }
            var stored = [UUID: RecordedEvent]()
            for row in tail[2] {
                let event = try RecordedEvent(row: row)
                stored[event.id] = event
            }

            var rows = [RecordedEvent]()
            for index in valid {
                let request = requests[index]
                var current = versions[request.stream] ?? 0
                var positions = [Int64]()
                var alreadyStored = 0
                var conflict: EventStoreError?
                for event in request.events {
                    guard let existing = stored[event.id] else { continue }
                    if !event.sameContent(as: existing, stream: request.stream) {
                        conflict = EventStoreError(code: .idempotencyConflict(eventID: event.id), stream: request.stream)
                        break
                    }
                    alreadyStored += 1
                }
                if let conflict {
                    outcomes[index] = .failure(conflict)
                    continue
                }
                if alreadyStored == 0, !request.expectedVersion.allows(current) {
                    outcomes[index] = .failure(EventStoreError(
                        code: .versionConflict(expected: request.expectedVersion, actual: current), stream: request.stream))
                    continue
                }
                for event in request.events {
                    if let existing = stored[event.id] {
                        positions.append(existing.position)
                        continue
                    }
                    position += 1
                    current += 1
                    var row = RecordedEvent(
                        position: position, stream: request.stream, version: current, id: event.id, type: event.type,
                        schemaVersion: event.schemaVersion, effectiveDate: event.effectiveDate, recordedAt: recordedAt,
                        payload: event.payload, metadata: event.metadata, previousHash: previousHash, hash: [])
                    row.hash = EventHash.compute(row)
                    previousHash = row.hash
                    rows.append(row)
                    stored[event.id] = row
                    positions.append(position)
                }
                versions[request.stream] = current
                outcomes[index] = .success(AppendResult(
                    stream: request.stream, positions: positions, streamVersion: current, alreadyStored: alreadyStored))
            }

            if rows.isEmpty {
                try connection.runScript("ROLLBACK")
            } else if rows.count >= copyThreshold {
                try copy(rows, recordedAt: recordedAt, on: connection)
                try connection.runScript("COMMIT")
            } else {
                try connection.pipeline([insert(rows), "COMMIT"])
            }
        } catch {
            connection.rollbackQuietly()
            throw error
        }
        return finished(outcomes)
    }

    private static func finished(_ outcomes: [Result<AppendResult, EventStoreError>?]) -> [Result<AppendResult, EventStoreError>] {
        outcomes.map { $0 ?? .failure(EventStoreError(code: .invalidEvent(field: "request", rule: "was not processed"), stream: "")) }
    }

    /// Checks what the database would otherwise reject less clearly.
    static func validate(_ request: AppendRequest) -> EventStoreError? {
        func invalid(_ field: String, _ rule: String) -> EventStoreError {
            EventStoreError(code: .invalidEvent(field: field, rule: rule), stream: request.stream)
        }
        if request.stream.isEmpty { return invalid("stream", "must not be empty") }
        if request.events.isEmpty { return invalid("events", "must hold at least one event") }
        var seen = Set<UUID>()
        for (index, event) in request.events.enumerated() {
            if event.type.isEmpty { return invalid("events[\(index)].type", "must not be empty") }
            if event.schemaVersion < 1 { return invalid("events[\(index)].schemaVersion", "must be 1 or more") }
            if !seen.insert(event.id).inserted {
                return invalid("events[\(index)].id", "appears twice in one append")
            }
            if event.payload.text.isEmpty { return invalid("events[\(index)].payload", "must be a JSON document") }
            if event.metadata.text.isEmpty { return invalid("events[\(index)].metadata", "must be a JSON document") }
        }
        return nil
    }

    static func insert(_ rows: [RecordedEvent]) -> PostgresQuery {
        var sql = "INSERT INTO events (position, stream, version, event_id, event_type, schema_version, effective_date, payload, metadata, prev_hash, hash) VALUES "
        var bindings = [PostgresBinding]()
        bindings.reserveCapacity(rows.count * 11)
        for (index, row) in rows.enumerated() {
            let base = index * 11
            if index > 0 { sql += ", " }
            sql += "($\(base + 1)::bigint, $\(base + 2)::text, $\(base + 3)::integer, $\(base + 4)::uuid, $\(base + 5)::text, "
                + "$\(base + 6)::integer, $\(base + 7)::date, $\(base + 8)::json, $\(base + 9)::json, $\(base + 10)::bytea, $\(base + 11)::bytea)"
            bindings += [
                row.position.postgresBinding, row.stream.postgresBinding, row.version.postgresBinding, row.id.postgresBinding,
                row.type.postgresBinding, row.schemaVersion.postgresBinding, row.effectiveDate.postgresBinding,
                row.payload.postgresBinding, row.metadata.postgresBinding,
                Data(row.previousHash).postgresBinding, Data(row.hash).postgresBinding,
            ]
        }
        return PostgresQuery(unsafeSQL: sql, bindings: bindings)
    }

    static func copy(_ rows: [RecordedEvent], recordedAt: PostgresTimestamp, on connection: PostgresConnection) throws {
        try connection.copyFrom("""
            COPY events (position, stream, version, event_id, event_type, schema_version, effective_date, recorded_at, \
            payload, metadata, prev_hash, hash) FROM STDIN (FORMAT binary)
            """) { writer in
            try writer.write(PostgresBinaryCopy.header)
            for row in rows {
                var tuple = PostgresBinaryRow(fieldCount: 12, capacity: 128 + row.payload.text.utf8.count + row.metadata.text.utf8.count)
                tuple.int64(row.position)
                tuple.text(row.stream)
                tuple.int32(Int32(row.version))
                tuple.uuid(row.id)
                tuple.text(row.type)
                tuple.int32(Int32(row.schemaVersion))
                if let date = row.effectiveDate { tuple.date(date) } else { tuple.null() }
                tuple.timestamp(recordedAt)
                tuple.text(row.payload.text)
                tuple.text(row.metadata.text)
                tuple.bytea(row.previousHash)
                tuple.bytea(row.hash)
                try writer.write(tuple)
            }
            try writer.write(PostgresBinaryCopy.trailer)
        }
    }
}
