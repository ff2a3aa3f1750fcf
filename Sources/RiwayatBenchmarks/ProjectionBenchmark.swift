import ArgumentParser
import CareerDomain
import CareerLog
import EventStore
import Foundation
import PostgresClient
import Projections
import SchemaMigrations

/// The projection benchmark: full rebuild vs raw ordered read, report times over a large
/// workforce, and live lag.
struct ProjectionBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "projections", abstract: "Rebuild, report and live-lag benchmarks.")

    @Option(help: "Employees in the event store (about 48 events each).")
    var employees = 21_000

    @Option(help: "Employees in the read models for the report timings.")
    var reportEmployees = 100_000

    @Option(help: "Appends measured for live lag.")
    var lagSamples = 300

    @Option(help: "Raw reads and full rebuilds measured, alternating (the median of each is reported).")
    var rebuilds = 3

    func run() async throws {
        let cluster = try BenchCluster.start()
        defer { cluster.stop() }
        let pool = try await cluster.migratedPool(maxConnections: 6)
        let store = EventStore(pool: pool)
        print("# riwayat-bench projections (\(Bench.machine))\n")

        // A store of careers.
        var requests = [AppendRequest]()
        for career in WorkforceGenerator(seed: 77, employees: employees).generate() {
            requests.append(AppendRequest(stream: career.nip.digits, events: try career.records.map { try $0.newEvent() }))
            if requests.count >= 20 {
                for outcome in try await store.appendBatch(requests) { _ = try outcome.get() }
                requests.removeAll()
            }
        }
        for outcome in try await store.appendBatch(requests) { _ = try outcome.get() }
        let events = try await store.head().position

        // Settle the freshly loaded store as an operator would after a bulk load, so autovacuum's
        // first pass over a million new rows does not land inside a measurement.
        try await pool.query("VACUUM (ANALYZE) events")

        // Raw ordered read vs full rebuild, alternating; the median of each is reported.
        let projection = EmployeeProjection(store: store, today: { CivilDate(year: 2026, month: 1, day: 1) ?? CivilDate(dayNumber: 0) })
        var rawSeconds = [Double](), rebuildSeconds = [Double]()
        for _ in 0..<max(1, rebuilds) {
            let rawStarted = ContinuousClock.now
            let rawRows = try await pool.withConnection { connection in
                try connection.copyTo(
                    PostgresQuery(
                        unsafeSQL: "COPY (SELECT \(RecordedEvent.columnList) FROM events ORDER BY position) TO STDOUT (FORMAT binary)")
                ) { _ in }
            }
            guard rawRows == Int(events) else { throw ValidationError("raw read gave \(rawRows) rows, not \(events)") }
            rawSeconds.append(seconds(since: rawStarted))
            let rebuildStarted = ContinuousClock.now
            try await projection.rebuild()
            rebuildSeconds.append(seconds(since: rebuildStarted))
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        // The server-only floor: the raw read above, plus the rows the rebuild wrote, by raw COPY
        // into the same tables, plus building their indexes.
        let written = try await ServerFloor.copyAndIndex(ReadModelTables.names, pool: pool)
        let floor = Measurement(operations: Int(events), seconds: median(rawSeconds) + written.seconds)
        let raw = Measurement(operations: Int(events), seconds: median(rawSeconds))
        let rebuild = Measurement(operations: Int(events), seconds: median(rebuildSeconds))
        print(
            "raw reads: \(rawSeconds.map { format($0, 2) }.joined(separator: ", ")) s; rebuilds: "
                + "\(rebuildSeconds.map { format($0, 2) }.joined(separator: ", ")) s\n"
        )

        // Live lag: the runner follows; each append is timed until the checkpoint passes it.
        let lag = try await LiveLag.measure(projection: projection, store: store, samples: lagSamples, seed: 5_000)

        // Reports over a large workforce: rows computed from generated careers, written directly.
        try await pool.withConnection { connection in
            try connection.runScript("TRUNCATE " + ReadModelTables.names.joined(separator: ", "))
        }
        var batch = [EmployeeRows]()
        for career in WorkforceGenerator(seed: 99, employees: reportEmployees).generate() {
            var records = career.records
            for index in records.indices { records[index].position = Int64(index + 1) }
            batch.append(
                EmployeeRows(nip: career.nip, records: records, today: CivilDate(year: 2026, month: 1, day: 1) ?? CivilDate(dayNumber: 0)))
            if batch.count >= 2000 {
                let rows = batch
                try await pool.withConnection { try ReadModelTables.insertForBenchmark(rows, on: $0) }
                batch.removeAll()
            }
        }
        let rest = batch
        try await pool.withConnection { try ReadModelTables.insertForBenchmark(rest, on: $0) }
        try await pool.query("ANALYZE")
        let reports = WorkforceReports(pool: pool)
        let asOf = CivilDate(year: 2020, month: 12, day: 31) ?? CivilDate(dayNumber: 0)
        let timings: [(String, () async throws -> ReportTable)] = [
            ("headcount by unit, grade", { try await reports.headcount(asOf: asOf, by: [.unit, .grade]) }),
            ("headcount by agency, sex, age band", { try await reports.headcount(asOf: asOf, by: [.agency, .sex, .ageBand]) }),
            ("flows 2015–2025", { try await reports.flows(fromYear: 2015, toYear: 2025) }),
            ("promotion velocity", { try await reports.promotionVelocity() }),
            ("training coverage 2024", { try await reports.trainingCoverage(year: 2024) }),
            ("retirement forecast 2026–2030", { try await reports.retirementForecast(fromYear: 2026, years: 5) }),
            ("talent boxes", { try await reports.talentBoxes() }),
            ("promotion eligible", { try await reports.promotionEligible(asOf: asOf) }),
        ]
        print("| measurement | ratio | riwayat | baseline | target |")
        print("| --- | --- | --- | --- | --- |")
        print(
            "| full rebuild of \(events) events (events/s, median of \(max(1, rebuilds))) | "
                + "\(format(100 * rebuild.perSecond / raw.perSecond))% of raw read | \(format(rebuild.perSecond)) | "
                + "\(format(raw.perSecond)) raw COPY (ORDER BY position) TO STDOUT | |"
        )
        print(
            "| full rebuild vs the server-only floor (s) | \(format(100 * floor.seconds / rebuild.seconds))% of the floor's rate | "
                + "\(format(rebuild.seconds, 2)) | \(format(floor.seconds, 2)): raw read \(format(raw.seconds, 2)) + raw COPY of the same "
                + "\(written.rows) read-model rows into the same tables and their index builds \(format(written.seconds, 2)) | ≥ 60% |"
        )
        print(
            "| live lag, append to employee_current (ms) | p99 \(format(lag.percentile(0.99) * 1000, 1)) | p50 "
                + "\(format(lag.percentile(0.5) * 1000, 1)) | | p99 ≤ 100 ms |"
        )
        for (name, report) in timings {
            var times = [Double]()
            for _ in 0..<5 {
                let started = ContinuousClock.now
                _ = try await report()
                times.append(seconds(since: started))
            }
            let median = times.sorted()[2]
            let target = name.hasPrefix("headcount") ? "< 300 ms" : "< 1 s"
            print("| \(name), \(reportEmployees) employees (ms, median of 5) | | \(format(median * 1000, 1)) | | \(target) |")
        }
        await pool.close()
    }
}
