import ArgumentParser
import EventStore
import Foundation
import PostgresClient
import SchemaMigrations

/// The event store benchmark: bulk import vs raw COPY, single appends vs plain INSERT,
/// verify vs raw COPY out.
struct StoreBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "store", abstract: "Event store benchmarks.")

    @Option(help: "Events for the bulk import and raw COPY comparison.")
    var importEvents = 200_000

    @Option(help: "Events in the log that verify reads (at least importEvents).")
    var verifyEvents = 1_000_000

    @Option(help: "Seconds each single-append measurement runs.")
    var appendSeconds = 8.0

    func run() async throws {
        let cluster = try BenchCluster.start()
        defer { cluster.stop() }
        let pool = try await cluster.migratedPool(maxConnections: 9)
        try await pool.query("CREATE TABLE bare_inserts (LIKE bare_events)")
        let store = EventStore(pool: pool)
        print("# riwayat-bench store (\(Bench.machine), synchronous_commit on)\n")

        // 1. Bulk import into a non-empty store (1,000 events per transaction, hash chain included)
        //    vs raw COPY into a table with the same indexes, holding as many rows already.
        try await pool.query("CREATE TABLE indexed_events (LIKE events INCLUDING INDEXES INCLUDING CONSTRAINTS)")
        _ = try await rawCopy(pool: pool, rows: importEvents, into: "indexed_events")
        let copy = try await rawCopy(pool: pool, rows: importEvents, into: "indexed_events", offset: importEvents)
        _ = try await bulkImport(store: store, events: importEvents, offset: 0)
        let bulk = try await bulkImport(store: store, events: importEvents, offset: importEvents)
        let sample = try await pool.query("SELECT avg(pg_column_size(e.*))::int FROM events e").firstRow?.decode(Int.self, at: 0) ?? 0

        // 2. Single-event appends vs plain single-row INSERT transactions, with the WAL flushes
        //    each needed (group commit shares one flush among concurrent commits).
        let (insert1, insertFlushes1) = try await countingFlushes(pool) { try await plainInserts(pool: pool, clients: 1) }
        let (append1, appendFlushes1) = try await countingFlushes(pool) { try await singleAppends(store: store, writers: 1) }
        let (insert8, insertFlushes8) = try await countingFlushes(pool) { try await plainInserts(pool: pool, clients: 8) }
        let (append8, appendFlushes8) = try await countingFlushes(pool) { try await singleAppends(store: store, writers: 8) }

        // 3. verify over the whole log vs raw COPY TO STDOUT of the same rows.
        let head = try await store.head().position
        if Int(head) < verifyEvents {
            _ = try await bulkImport(store: store, events: verifyEvents - Int(head), offset: 10_000_000)
        }
        let copyOut = try await rawCopyOut(pool: pool)
        let started = ContinuousClock.now
        let report = try await store.verify()
        let verify = Measurement(operations: Int(report.checked), seconds: seconds(since: started))
        guard report.firstBreak == nil else { throw ValidationError("verify found a break: \(String(describing: report.firstBreak))") }

        print("| measurement | ratio | riwayat | baseline | target |")
        print("| --- | --- | --- | --- | --- |")
        print(
            "| bulk import into a non-empty store, 1,000 events/tx, hash chain (events/s) | "
                + "\(format(100 * bulk.perSecond / copy.perSecond))% of raw COPY | \(format(bulk.perSecond)) | "
                + "\(format(copy.perSecond)) raw COPY into a table with the same indexes, as full | ≥ 70% |"
        )
        print(
            "| single appends, 1 writer (events/s) | \(format(100 * append1.perSecond / insert1.perSecond))% of plain INSERT | "
                + "\(format(append1.perSecond)) | \(format(insert1.perSecond)) plain INSERT, 1 client | ≥ 70% |"
        )
        print(
            "| single appends, 8 writers (events/s) | \(format(100 * append8.perSecond / insert8.perSecond))% of 8-client INSERT | "
                + "\(format(append8.perSecond)) | \(format(insert8.perSecond)) plain INSERT, 8 clients, one row per transaction | "
                + "≥ 80% (stretch 100%) |"
        )
        print(
            "| verify, \(report.checked) events (events/s) | \(format(100 * verify.perSecond / copyOut.perSecond))% of raw COPY out | "
                + "\(format(verify.perSecond)) | \(format(copyOut.perSecond)) raw COPY TO STDOUT | ≥ 30% |"
        )
        print("")
        print("| latency (ms) | p50 | p99 |")
        print("| --- | --- | --- |")
        print("| append, 1 writer | \(format(append1.percentile(0.5) * 1000, 2)) | \(format(append1.percentile(0.99) * 1000, 2)) |")
        print("| plain INSERT, 1 client | \(format(insert1.percentile(0.5) * 1000, 2)) | \(format(insert1.percentile(0.99) * 1000, 2)) |")
        print("| append, 8 writers | \(format(append8.percentile(0.5) * 1000, 2)) | \(format(append8.percentile(0.99) * 1000, 2)) |")
        print("| plain INSERT, 8 clients | \(format(insert8.percentile(0.5) * 1000, 2)) | \(format(insert8.percentile(0.99) * 1000, 2)) |")
        print("")
        print("| commits per WAL flush (group commit) | 1 client | 8 clients |")
        print("| --- | --- | --- |")
        print("| plain INSERT | \(perFlush(insert1, insertFlushes1)) | \(perFlush(insert8, insertFlushes8)) |")
        print("| append | \(perFlush(append1, appendFlushes1)) | \(perFlush(append8, appendFlushes8)) |")
        print("\nrow size: ~\(sample) bytes per event; log: \(report.checked) events")
        await pool.close()
    }

    static func payload(_ n: Int) -> PostgresJSON {
        PostgresJSON(
            text:
                #"{"course":"Pelatihan Kepemimpinan Pengawas angkatan \#(n % 90)","jp":\#(n % 60),"#
                + #""organiser":"BPSDM Provinsi Jawa Tengah","certificate":"800/\#(n)/BPSDM/2023","kind":"technical"}"#
        )
    }

    static func metadata(_ n: Int) -> PostgresJSON {
        PostgresJSON(text: #"{"recordedBy":"198001012005011001","decree":"800/\#(n)/BKD/2023","source":"siasn-import"}"#)
    }

    static func event(_ n: Int) -> NewEvent {
        NewEvent(
            type: "TrainingCompleted", effectiveDate: PostgresDate(daysSinceUnixEpoch: 16_000 + n % 3000), payload: payload(n),
            metadata: metadata(n))
    }

    static func stream(_ n: Int) -> String {
        "19860926201505" + String(1000 + n % 9000)
    }

    func bulkImport(store: EventStore, events: Int, offset: Int) async throws -> Measurement {
        let started = ContinuousClock.now
        var done = 0
        while done < events {
            let size = min(1000, events - done)
            // 1,000 events over 25 streams, as an import of 40-event careers would send them.
            var byStream = [String: [NewEvent]]()
            for n in (offset + done)..<(offset + done + size) { byStream[Self.stream(n / 40), default: []].append(Self.event(n)) }
            let requests = byStream.map { AppendRequest(stream: $0.key, events: $0.value) }
            for outcome in try await store.appendBatch(requests) { _ = try outcome.get() }
            done += size
        }
        return Measurement(operations: events, seconds: seconds(since: started))
    }

    /// WAL flushes (`pg_stat_wal.wal_sync`) during `body`, beside what it measured.
    func countingFlushes(
        _ pool: PostgresConnectionPool, _ body: () async throws -> Measurement
    ) async throws -> (Measurement, Int64) {
        func flushes() async throws -> Int64 {
            try await pool.query("SELECT wal_sync FROM pg_stat_wal").firstRow?.decode(Int64.self, at: 0) ?? 0
        }
        let before = try await flushes()
        let measured = try await body()
        return (measured, try await flushes() - before)
    }

    func perFlush(_ measured: Measurement, _ flushes: Int64) -> String {
        flushes > 0 ? format(Double(measured.operations) / Double(flushes), 2) : "n/a"
    }

    /// Raw COPY of `rows` events (positions after `offset`) into `table`, 1,000 per transaction.
    func rawCopy(pool: PostgresConnectionPool, rows: Int, into table: String = "bare_events", offset: Int = 0) async throws -> Measurement {
        let started = ContinuousClock.now
        try await pool.withConnection { connection in
            var done = 0
            while done < rows {
                let size = min(1000, rows - done)
                let now = PostgresTimestamp(Date())
                _ = try connection.withTransaction { connection in
                    try connection.copyFrom(PostgresQuery(unsafeSQL: "COPY \(table) FROM STDIN (FORMAT binary)")) { writer in
                        try writer.write(PostgresBinaryCopy.header)
                        for n in (offset + done)..<(offset + done + size) {
                            let event = Self.event(n)
                            var tuple = PostgresBinaryRow(fieldCount: 12)
                            tuple.int64(Int64(n + 1))
                            tuple.text(Self.stream(n / 40))
                            tuple.int32(Int32(n / 360_000 * 40 + n % 40 + 1))
                            tuple.uuid(event.id)
                            tuple.text(event.type)
                            tuple.int32(1)
                            if let date = event.effectiveDate { tuple.date(date) } else { tuple.null() }
                            tuple.timestamp(now)
                            tuple.text(event.payload.text)
                            tuple.text(event.metadata.text)
                            tuple.bytea(EventHash.genesis)
                            tuple.bytea(EventHash.genesis)
                            try writer.write(tuple)
                        }
                        try writer.write(PostgresBinaryCopy.trailer)
                    }
                }
                done += size
            }
        }
        return Measurement(operations: rows, seconds: seconds(since: started))
    }

    func rawCopyOut(pool: PostgresConnectionPool) async throws -> Measurement {
        let started = ContinuousClock.now
        let rows = try await pool.withConnection { connection in
            try connection.copyTo(
                """
                COPY (SELECT position, stream, version, event_id, event_type, schema_version, effective_date, recorded_at,
                payload, metadata, prev_hash, hash FROM events ORDER BY position) TO STDOUT (FORMAT binary)
                """
            ) { _ in }
        }
        return Measurement(operations: rows, seconds: seconds(since: started))
    }

    /// Runs `clients` loops of `operation` for `appendSeconds`, recording each one's latency.
    func timed(clients: Int, _ operation: @escaping @Sendable (Int, Int) async throws -> Void) async throws -> Measurement {
        let duration = appendSeconds
        let started = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for client in 0..<clients {
                group.addTask {
                    var latencies = [Double]()
                    var n = 0
                    while seconds(since: started) < duration {
                        let begin = ContinuousClock.now
                        try await operation(client, n)
                        latencies.append(seconds(since: begin))
                        n += 1
                    }
                    return latencies
                }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
        return Measurement(operations: latencies.count, seconds: seconds(since: started), latencies: latencies)
    }

    func plainInserts(pool: PostgresConnectionPool, clients: Int) async throws -> Measurement {
        try await timed(clients: clients) { client, n in
            let event = Self.event(n)
            try await pool.query(
                """
                INSERT INTO bare_inserts (position, stream, version, event_id, event_type, schema_version, effective_date,
                recorded_at, payload, metadata, prev_hash, hash)
                VALUES (\(n), \(Self.stream(client)), \(n), \(event.id), \(event.type), 1, \(event.effectiveDate), now(),
                \(event.payload)::json, \(event.metadata)::json, \(Data(EventHash.genesis)), \(Data(EventHash.genesis)))
                """)
        }
    }

    func singleAppends(store: EventStore, writers: Int) async throws -> Measurement {
        try await timed(clients: writers) { client, n in
            try await store.append([Self.event(n)], to: "bench-writer-\(writers)-\(client)")
        }
    }
}
