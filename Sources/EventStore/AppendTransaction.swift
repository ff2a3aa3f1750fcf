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

    /// The advisory lock every appender holds until it commits (also `riwayat_append_lock()`).
    static let appendLock: Int64 = 5_927_493_158_403_361_025

    /// Appends what it can; returns each request's outcome in order. Throws only when the
    /// database fails, and then nothing of this call is stored.
    ///
    /// The first attempt assumes no event id is stored yet (the usual case) and lets the unique
    /// index say otherwise; only then does it look the ids up and sort out re-sends.
    static func run(
        _ requests: [AppendRequest], on connection: PostgresConnection, role: String?
    ) throws -> [Result<AppendResult, EventStoreError>] {
        if role == EventStoreSchema.writerRole, requests.allSatisfy({ $0.events.count == 1 }) {
            return try appendSingles(requests, on: connection)
        }
        do {
            return try attempt(requests, on: connection, role: role, lookUpStoredIDs: false)
        } catch is MaybeResent {
            return try attempt(requests, on: connection, role: role, lookUpStoredIDs: true)
        } catch let error as PostgresError where error.isUniqueViolation && error.constraint == "events_event_id_key" {
            return try attempt(requests, on: connection, role: role, lookUpStoredIDs: true)
        }
    }

    /// Requests of one event each, through `riwayat_append_one` (migration 0005): one round trip
    /// for a single request; several share one transaction (one commit) in one pipeline. A
    /// conflict is an outcome of its own request; a database error fails them all (the caller
    /// then retries them one by one).
    static func appendSingles(
        _ requests: [AppendRequest], on connection: PostgresConnection
    ) throws -> [Result<AppendResult, EventStoreError>] {
        var outcomes = [Result<AppendResult, EventStoreError>?](repeating: nil, count: requests.count)
        var calls = [(Int, PostgresQuery)]()
        for (index, request) in requests.enumerated() {
            if let problem = validate(request) {
                outcomes[index] = .failure(problem)
                continue
            }
            let event = request.events[0]
            let expected: Int
            switch request.expectedVersion {
            case .any: expected = -1
            case .noStream: expected = -2
            case .exact(let version): expected = version
            }
            calls.append(
                (
                    index,
                    PostgresQuery(
                        """
                        SELECT outcome, event_position, stream_version FROM riwayat_append_one(\(request.stream), \(expected),
                            \(event.id)::uuid,
                            \(event.type), \(event.schemaVersion), \(event.effectiveDate)::date, \(event.payload)::json,
                                \(event.metadata)::json)
                        """
                    ).prepared(as: "riwayat_append_one")
                ))
        }
        guard !calls.isEmpty else { return finished(outcomes) }
        let results: [PostgresRows]
        if calls.count == 1 {
            results = [try connection.query(calls[0].1)]
        } else {
            do {
                results = Array(try connection.pipeline(["BEGIN"] + calls.map(\.1) + ["COMMIT"]).dropFirst().dropLast())
            } catch {
                connection.rollbackQuietly()
                throw error
            }
        }
        for ((index, _), rows) in zip(calls, results) {
            let request = requests[index]
            guard let row = rows.firstRow else {
                throw PostgresError(code: .protocolViolation, message: "riwayat_append_one returned no row")
            }
            let (outcome, position, version) = try row.decode((String, Int64, Int).self)
            switch outcome {
            case "appended":
                outcomes[index] = .success(
                    AppendResult(stream: request.stream, positions: [position], streamVersion: version, alreadyStored: 0))
            case "stored":
                outcomes[index] = .success(
                    AppendResult(stream: request.stream, positions: [position], streamVersion: version, alreadyStored: 1))
            case "version-conflict":
                outcomes[index] = .failure(
                    EventStoreError(code: .versionConflict(expected: request.expectedVersion, actual: version), stream: request.stream))
            default:
                outcomes[index] = .failure(
                    EventStoreError(code: .idempotencyConflict(eventID: request.events[0].id), stream: request.stream))
            }
        }
        return finished(outcomes)
    }

    /// A version conflict that may be an idempotent re-send: look the ids up before refusing.
    struct MaybeResent: Error {}

    static func attempt(
        _ requests: [AppendRequest], on connection: PostgresConnection, role: String?, lookUpStoredIDs: Bool
    ) throws -> [Result<AppendResult, EventStoreError>] {
        var outcomes = [Result<AppendResult, EventStoreError>?](repeating: nil, count: requests.count)
        for (index, request) in requests.enumerated() {
            if let problem = validate(request) { outcomes[index] = .failure(problem) }
        }
        let valid = requests.indices.filter { outcomes[$0] == nil }
        guard !valid.isEmpty else { return finished(outcomes) }

        let streams = Array(Set(valid.map { requests[$0].stream }))
        var setup: [PostgresQuery] = ["BEGIN"]
        if let role { setup.append(PostgresQuery("SET LOCAL ROLE \(identifier: role)").prepared(as: "riwayat_set_role")) }
        setup += [
            PostgresQuery("SELECT pg_advisory_xact_lock(\(appendLock))").prepared(as: "riwayat_append_lock"),
            PostgresQuery("SELECT position, hash, (extract(epoch FROM now()) * 1000000)::bigint FROM event_log_head WHERE singleton")
                .prepared(as: "riwayat_read_head"),
            PostgresQuery("SELECT stream, max(version) FROM events WHERE stream = ANY(\(streams)::text[]) GROUP BY stream")
                .prepared(as: "riwayat_stream_versions"),
        ]
        if lookUpStoredIDs {
            let ids = valid.flatMap { requests[$0].events.map(\.id) }
            setup.append(
                "SELECT \(fragment: PostgresQuery(unsafeSQL: RecordedEvent.columns)) FROM events WHERE event_id = ANY(\(ids)::uuid[])")
        }
        do {
            let results = try connection.pipeline(setup)
            let tail = Array(results.suffix(lookUpStoredIDs ? 3 : 2))
            guard let head = tail.first?.firstRow else {
                throw PostgresError(code: .protocolViolation, message: "event_log_head has no row; run riwayat migrate")
            }
            var previousHash = try head.decode([UInt8].self, at: 1)
            var plan = AppendPlan(
                position: try head.decode(Int64.self, at: 0),
                recordedAt: PostgresTimestamp(microsecondsSinceUnixEpoch: try head.decode(Int64.self, at: 2)), versions: [:])
            for row in tail[1] {
                plan.versions[try row.decode(String.self, at: 0)] = try row.decode(Int.self, at: 1)
            }
            var stored = [UUID: RecordedEvent]()
            if lookUpStoredIDs {
                for row in tail[2] {
                    let event = try RecordedEvent(row: row)
                    stored[event.id] = event
                }
            }
            for index in valid {
                let request = requests[index]
                let planned = plan.rows.count
                let outcome = plan.add(request) { event in
                    stored[event.id].map { ($0.position, event.sameContent(as: $0, stream: request.stream)) }
                }
                if case .failure(let refusal) = outcome, case .versionConflict = refusal.code, !lookUpStoredIDs {
                    throw MaybeResent()
                }
                for row in plan.rows[planned...] { stored[row.id] = row }
                outcomes[index] = outcome
            }
            var rows = plan.rows

            if rows.isEmpty {
                try connection.runScript("ROLLBACK")
            } else if rows.count >= copyThreshold {
                try copy(rows, chainedTo: previousHash, on: connection)
                try connection.runScript("COMMIT")
            } else {
                for index in rows.indices {
                    chain(&rows[index], to: &previousHash)
                }
                _ = try connection.pipeline([insert(rows), "COMMIT"])
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
        var seen = Set<UUID>(minimumCapacity: request.events.count)
        // Fields are read where the events lie (a loop variable would copy each event).
        let events = request.events
        for index in events.indices {
            if events[index].type.isEmpty { return invalid("events[\(index)].type", "must not be empty") }
            if events[index].schemaVersion < 1 { return invalid("events[\(index)].schemaVersion", "must be 1 or more") }
            if !seen.insert(events[index].id).inserted {
                return invalid("events[\(index)].id", "appears twice in one append")
            }
            if events[index].payload.text.isEmpty { return invalid("events[\(index)].payload", "must be a JSON document") }
            if events[index].metadata.text.isEmpty { return invalid("events[\(index)].metadata", "must be a JSON document") }
        }
        return nil
    }

    /// One prepared INSERT for any number of rows: the columns travel as arrays.
    static func insert(_ rows: [RecordedEvent]) -> PostgresQuery {
        let query: PostgresQuery = """
            INSERT INTO events (position, stream, version, event_id, event_type, schema_version, effective_date, payload,
                metadata, prev_hash, hash)
            SELECT * FROM unnest(\(rows.map(\.position))::bigint[], \(rows.map(\.stream))::text[], \(rows.map(\.version))::integer[],
                \(rows.map(\.id))::uuid[], \(rows.map(\.type))::text[], \(rows.map(\.schemaVersion))::integer[],
                \(rows.map(\.effectiveDate))::date[], \(rows.map(\.payload))::json[], \(rows.map(\.metadata))::json[],
                \(rows.map { Data($0.previousHash) })::bytea[], \(rows.map { Data($0.hash) })::bytea[])
            """
        return query.prepared(as: "riwayat_insert_events")
    }

    /// Links `row` to the chain whose last hash is `previousHash`, and moves the chain on.
    static func chain(_ row: inout RecordedEvent, to previousHash: inout [UInt8]) {
        row.previousHash = previousHash
        row.hash = EventHash.compute(row)
        previousHash = row.hash
    }

    /// The binary COPY every bulk write of events uses.
    static let copyStatement: PostgresQuery = """
        COPY events (position, stream, version, event_id, event_type, schema_version, effective_date, recorded_at, \
        payload, metadata, prev_hash, hash) FROM STDIN (FORMAT binary)
        """

    /// Writes `rows` (not yet hashed) with one binary COPY, chaining each row's hash just before
    /// it is sent, so the server indexes earlier rows while later ones are hashed. Returns the
    /// last row's hash (the chain's new end).
    @discardableResult
    static func copy(_ rows: [RecordedEvent], chainedTo head: [UInt8], on connection: PostgresConnection) throws -> [UInt8] {
        var previousHash = head
        try connection.copyFrom(copyStatement) { writer in
            try writer.write(PostgresBinaryCopy.header)
            previousHash = try write(rows, chainedTo: head, into: writer)
            try writer.write(PostgresBinaryCopy.trailer)
        }
        return previousHash
    }

    /// Chains `rows` (not yet hashed) to `head` and writes them as binary COPY tuples; returns
    /// the last row's hash.
    static func write(_ rows: consuming [RecordedEvent], chainedTo head: [UInt8], into writer: PostgresCopyWriter) throws -> [UInt8] {
        var previousHash = head
        // Each row is moved out of the array in order (reversed, then taken from the end) and
        // hashed and written as it is: reading rows in place made a copy of each (the hashing
        // calls code the optimizer cannot see through), 12% of the load thread's time.
        rows.withUnsafeMutableBufferPointer { $0.reverse() }  // swaps by moving, not copying
        while let row = rows.popLast() {
            let hash = EventHash.compute(row, previousHash: previousHash)
            var tuple = PostgresBinaryRow(fieldCount: 12, capacity: 128 + row.payload.text.utf8.count + row.metadata.text.utf8.count)
            tuple.int64(row.position)
            tuple.text(row.stream)
            tuple.int32(Int32(row.version))
            tuple.uuid(row.id)
            tuple.text(row.type)
            tuple.int32(Int32(row.schemaVersion))
            if let date = row.effectiveDate { tuple.date(date) } else { tuple.null() }
            tuple.timestamp(row.recordedAt)
            tuple.text(row.payload.text)
            tuple.text(row.metadata.text)
            tuple.bytea(previousHash)
            tuple.bytea(hash)
            try writer.write(tuple)
            previousHash = hash
        }
        return previousHash
    }
}
