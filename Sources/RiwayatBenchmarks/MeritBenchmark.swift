import ArgumentParser
import CareerDomain
import CareerLog
import EventStore
import Foundation
import PostgresClient
import Projections

/// The merit system's costs: a full rebuild with its read models and cross-stream findings
/// against the same rebuild without them (same events), and each merit report over a large
/// workforce.
struct MeritBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "merit", abstract: "Merit read models: rebuild cost and report times.")

    @Option(help: "Employees in the event store (about 48 events each), with their agencies' streams.")
    var employees = 21_000

    @Option(help: "Employees in the read models for the report timings.")
    var reportEmployees = 100_000

    @Option(help: "Rebuilds with and without the merit read models, alternating (the median of each is reported).")
    var rebuilds = 3

    @Option(help: "Runs of each report (p95 reported).")
    var reportRuns = 20

    @Option(help: "Keep the cluster this long after the figures (to look at plans with psql).")
    var holdSeconds = 0

    static let today = CivilDate(year: 2026, month: 1, day: 1) ?? CivilDate(dayNumber: 0)

    func run() async throws {
        let cluster = try BenchCluster.start()
        defer { cluster.stop() }
        let pool = try await cluster.migratedPool(maxConnections: 6)
        let store = EventStore(pool: pool)
        print("# riwayat-bench merit (\(Bench.machine))\n")
        try await Self.load(WorkforceGenerator(seed: 77, employees: employees, today: Self.today), into: store)
        let events = try await store.head().position
        try await pool.query("VACUUM (ANALYZE) events")

        var with = EmployeeProjection(store: store, today: { Self.today })
        with.meritReadModels = true
        var without = with
        without.meritReadModels = false
        var withSeconds = [Double](), withoutSeconds = [Double]()
        for _ in 0..<max(1, rebuilds) {
            var started = ContinuousClock.now
            try await without.rebuild()
            withoutSeconds.append(seconds(since: started))
            started = ContinuousClock.now
            try await with.rebuild()
            withSeconds.append(seconds(since: started))
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let added = 100 * (median(withSeconds) / median(withoutSeconds) - 1)
        let counts = try await pool.query(
            """
            SELECT (SELECT count(*) FROM selections), (SELECT count(*) FROM family_ties), (SELECT count(*) FROM competency_levels),
                   (SELECT count(*) FROM findings WHERE rule_id LIKE 'M-%')
            """
        ).firstRow?.decode((Int, Int, Int, Int).self)
        print(
            "rebuilds without merit read models: \(withoutSeconds.map { format($0, 2) }.joined(separator: ", ")) s; with: "
                + "\(withSeconds.map { format($0, 2) }.joined(separator: ", ")) s; selections \(counts?.0 ?? 0), ties \(counts?.1 ?? 0), "
                + "competency rows \(counts?.2 ?? 0), cross-stream findings \(counts?.3 ?? 0)\n")

        // Reports over a large workforce: its rows computed from generated careers and agencies, written directly.
        try await pool.withConnection { connection in
            for table in ReadModelTables.names { try connection.query("TRUNCATE \(identifier: table)") }
        }
        var batch = ProjectedRows()
        func flush() async throws {
            let rows = batch
            try await pool.withConnection { try ReadModelTables.insertForBenchmark(rows, on: $0) }
            batch = ProjectedRows()
        }
        var positions: Int64 = 0
        try await WorkforceGenerator(seed: 99, employees: reportEmployees, today: Self.today).generate(
            { career in
                var records = career.records
                for index in records.indices {
                    positions += 1
                    records[index].position = positions
                    records[index].recordedAt = 1_700_000_000_000_000 + positions
                }
                batch.employees.append(EmployeeRows(nip: career.nip, records: records, today: Self.today))
            },
            agencies: { records in
                for agency in Set(records.map(\.agency)).sorted() {
                    batch.agencies.append(AgencyRows(agency: agency, records: records.filter { $0.agency == agency }))
                }
            })
        // Written in slices, as a rebuild writes them.
        let all = batch
        batch = ProjectedRows()
        for start in stride(from: 0, to: all.employees.count, by: 2000) {
            batch.employees = Array(all.employees[start..<min(start + 2000, all.employees.count)])
            try await flush()
        }
        batch.agencies = all.agencies
        try await flush()
        let crossStarted = ContinuousClock.now
        try await pool.withConnection { try CrossStreamFindings.insertAllForBenchmark(on: $0) }
        let crossSeconds = seconds(since: crossStarted)
        try await pool.query("ANALYZE")
        let reports = WorkforceReports(pool: pool, today: { Self.today })
        let timings: [(String, () async throws -> ReportTable)] = [
            ("competency gaps by unit", { try await reports.competencyGapsByUnit() }),
            ("competency gaps by person", { try await reports.competencyGapsByPerson() }),
            ("succession", { try await reports.succession() }),
            ("selections", { try await reports.selections() }),
            ("equal opportunity 2023–2025 by unit", { try await reports.equalOpportunity(fromYear: 2023, toYear: 2025, perUnit: true) }),
            ("mentoring", { try await reports.mentoring() }),
        ]
        print("cross-stream findings over \(reportEmployees) employees: \(format(crossSeconds, 2)) s\n")
        print("| measurement | ratio | riwayat | baseline | target |")
        print("| --- | --- | --- | --- | --- |")
        print(
            "| full rebuild of \(events) events with the merit read models (s, median of \(max(1, rebuilds))) | "
                + "+\(format(added))% | \(format(median(withSeconds), 2)) | \(format(median(withoutSeconds), 2)) without | ≤ +25% |")
        for (name, report) in timings {
            var times = [Double](), rows = 0
            for _ in 0..<max(1, reportRuns) {
                let started = ContinuousClock.now
                rows = try await report().rows.count
                times.append(seconds(since: started))
            }
            let measured = Measurement(operations: times.count, seconds: times.reduce(0, +), latencies: times)
            print(
                "| \(name), \(reportEmployees) employees (ms, p95 of \(times.count); \(rows) rows) | | "
                    + "\(format(measured.percentile(0.95) * 1000, 1)) | | p95 < 500 ms |")
        }
        await pool.close()
        if holdSeconds > 0 {
            FileHandle.standardError.write(Data("holding the cluster for \(holdSeconds) s: \(cluster.running.conninfo())\n".utf8))
            try await Task.sleep(for: .seconds(holdSeconds))
        }
    }

    /// The generated workforce into the store as requests of whole streams (careers, then the
    /// agencies' streams), below the write gate.
    static func load(_ generator: WorkforceGenerator, into store: EventStore) async throws {
        var requests = [AppendRequest]()
        func send() async throws {
            for outcome in try await store.appendBatch(requests) { _ = try outcome.get() }
            requests.removeAll()
        }
        var agencies = [AgencyRecord]()
        try generator.generate(
            { career in requests.append(AppendRequest(stream: career.nip.digits, events: try career.records.map { try $0.newEvent() })) },
            agencies: { agencies = $0 })
        var pending = requests
        requests = []
        while !pending.isEmpty {
            requests = Array(pending.prefix(20))
            pending.removeFirst(requests.count)
            try await send()
        }
        for agency in Set(agencies.map(\.agency)).sorted() {
            let events = try agencies.filter { $0.agency == agency }.map { $0.newEvent(payload: Array(try $0.event.encodedPayload())) }
            requests = [AppendRequest(stream: AgencyRecord.stream(of: agency), events: events)]
            try await send()
        }
    }
}
