import ArgumentParser
import CareerDomain
import CareerLog
import EventStore
import Foundation
import PostgresClient
import Projections

/// The national-scale benchmark: a generated register (1,000,000 employees, about 50 million
/// events by default) loaded by first load into an empty durable store, then verify, a full
/// projection rebuild, table and index sizes, every report nationally and for one province, and
/// the live lag of an append. `scripts/bench national` then serves the same store and measures
/// state and trail under load and the daemon's memory (see EventStore.docc, NationalScale).
struct NationalBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "national", abstract: "First load, verify, rebuild and every report at national scale.")

    @Option(help: "Employees in the generated register (about 50 events each).")
    var employees = 1_000_000

    @Option(help: "Runs of each report over the whole register (the p95 of them is reported).")
    var nationalRuns = 5

    @Option(help: "Runs of each report for one province.")
    var provinceRuns = 10

    @Option(help: "Appends measured for live lag.")
    var lagSamples = 100

    @Option(help: "Load this register (JSON Lines, as `riwayat generate` writes) instead of generating one.")
    var register: String?

    @Flag(help: "Remove the --register file once it is loaded (a generated one always is), to make room for the read models.")
    var removeRegister = false

    @Option(help: "Leave the cluster running and write its data directory to this file (for the daemon measurements).")
    var keepCluster: String?

    func run() async throws {
        let cluster = try BenchCluster.start()
        var keep = false
        defer { if !keep { cluster.stop() } }
        let pool = try await cluster.migratedPool(maxConnections: 6)
        let store = EventStore(pool: pool)
        let log = CareerLog(store: store)
        let wallStarted = ContinuousClock.now
        print("# riwayat-bench national (\(Bench.machine))\n")

        // The register as an export file (generation is not part of the load).
        let path = register ?? cluster.scratch.root + "/register.jsonl"
        let generationStarted = ContinuousClock.now
        if register == nil {
            guard FileManager.default.createFile(atPath: path, contents: nil), let sink = FileHandle(forWritingAtPath: path) else {
                throw ValidationError("cannot create \(path)")
            }
            let generated = try WorkforceFile.write(WorkforceGenerator(seed: 4_500, employees: employees), to: sink)
            try sink.close()
            progress("generated \(generated) events")
        }
        let fileBytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let generation = seconds(since: generationStarted)

        // First load: one transaction into the empty log, checked and sent in one pass.
        let importer = CareerImporter(log: log, recorder: .system("bench", source: "import"))
        let report = try await importer.run(path: path, skipInvalid: false)
        guard report.rejected.isEmpty, report.firstLoad else {
            throw ValidationError("the register did not go in as one first load: \(report.rejected.prefix(3))")
        }
        if register == nil || removeRegister { try? FileManager.default.removeItem(atPath: path) }
        let events = try await store.head().position
        progress("first load of \(events) events in \(format(report.seconds)) s; peak memory \(peakMemory())")

        let verifyStarted = ContinuousClock.now
        let verified = try await store.verify()
        guard verified.firstBreak == nil else { throw ValidationError("verify found a break") }
        let verify = seconds(since: verifyStarted)
        progress("verify in \(format(verify)) s")

        let today = CivilDate(year: 2026, month: 1, day: 1) ?? CivilDate(dayNumber: 0)
        let projection = EmployeeProjection(store: store, today: { today })
        let rebuildStarted = ContinuousClock.now
        try await projection.rebuild()
        let rebuild = seconds(since: rebuildStarted)
        progress("rebuild in \(format(rebuild)) s")
        try await pool.query("VACUUM (ANALYZE)")

        print("| measurement | riwayat | target |")
        print("| --- | --- | --- |")
        let people = try await pool.query("SELECT count(DISTINCT stream) FROM events").firstRow?.decode(Int.self, at: 0) ?? 0
        print("| generated register | \(people) streams, \(events) events, \(fileBytes >> 20) MiB of JSON Lines | |")
        print(
            "| first load (s; events/s) | \(format(report.seconds)) (\(format(Double(events) / report.seconds))) | < 1,800 s |")
        print("| verify (s; events/s) | \(format(verify)) (\(format(Double(events) / verify))) | |")
        print("| peak memory of the benchmark process (first load, verify, rebuild) | \(peakMemory()) | |")
        print("| full rebuild (s; events/s) | \(format(rebuild)) (\(format(Double(events) / rebuild))) | |")
        try await printSizes(pool)

        // Every report, nationally and for one province.
        let reports = WorkforceReports(pool: pool, today: { today })
        let province =
            try await pool.query(
                """
                SELECT agency FROM employee_current WHERE agency LIKE 'Pemerintah Provinsi%'
                GROUP BY agency ORDER BY count(*) DESC, agency LIMIT 1
                """
            ).firstRow?.decode(String.self, at: 0) ?? ""
        for (scope, runs, label) in [(ReportScope(), nationalRuns, "national"), (ReportScope(agency: province), provinceRuns, province)] {
            for (name, make) in Self.reports(reports, scope: scope, today: today) {
                var times = [Double]()
                var rows = 0
                for _ in 0..<max(1, runs) {
                    let started = ContinuousClock.now
                    rows = try await make().rows.count
                    times.append(seconds(since: started))
                }
                let measured = Measurement(operations: times.count, seconds: times.reduce(0, +), latencies: times)
                let target = name == "headcount by unit, grade" && label == "national" ? "p95 < 1 s" : ""
                print(
                    "| \(name), \(label) (ms, p95 of \(times.count); \(rows) rows) | "
                        + "\(format(measured.percentile(0.95) * 1000)) | \(target) |"
                )
                progress("\(name), \(label): \(format(measured.percentile(0.95) * 1000)) ms")
            }
        }

        // Live lag: the runner follows; each append is timed until the read models have it.
        let lag = try await LiveLag.measure(projection: projection, store: store, samples: lagSamples, seed: 9_000_000)
        print(
            "| live lag, append to read models (ms, p50 / p99) | \(format(lag.percentile(0.5) * 1000, 1)) / "
                + "\(format(lag.percentile(0.99) * 1000, 1)) | |"
        )
        print("\nwall time of this part: \(format(seconds(since: wallStarted))) s; generation \(format(generation)) s")
        await pool.close()
        if let keepCluster {
            try (cluster.running.cluster.dataDirectory + "\n").write(toFile: keepCluster, atomically: true, encoding: .utf8)
            keep = true
        }
    }

    /// Every report, as an analyst asks for it.
    static func reports(
        _ reports: WorkforceReports, scope: ReportScope, today: CivilDate
    ) -> [(String, () async throws -> ReportTable)] {
        let asOf = CivilDate(year: 2025, month: 12, day: 31) ?? today
        return [
            ("headcount by unit, grade", { try await reports.headcount(asOf: asOf, by: [.unit, .grade], scope: scope) }),
            (
                "headcount by agency, sex, age band",
                { try await reports.headcount(asOf: asOf, by: [.agency, .sex, .ageBand], scope: scope) }
            ),
            ("headcount history, 10 years", { try await reports.headcountHistory(asOf: asOf, years: 10, scope: scope) }),
            ("flows 2015–2025", { try await reports.flows(fromYear: 2015, toYear: 2025, scope: scope) }),
            ("promotion velocity", { try await reports.promotionVelocity(scope: scope) }),
            ("training coverage 2025", { try await reports.trainingCoverage(year: 2025, scope: scope) }),
            ("retirement forecast 2026–2030", { try await reports.retirementForecast(fromYear: 2026, years: 5, scope: scope) }),
            ("talent boxes", { try await reports.talentBoxes(scope: scope) }),
            ("promotion eligible, next round", { try await reports.promotionEligible(asOf: today, scope: scope) }),
            ("competency gaps by unit", { try await reports.competencyGapsByUnit(scope: scope) }),
            ("competency gaps by person", { try await reports.competencyGapsByPerson(scope: scope) }),
            ("succession", { try await reports.succession(scope: scope) }),
            ("selections", { try await reports.selections(scope: scope) }),
            (
                "equal opportunity by unit",
                { try await reports.equalOpportunity(fromYear: 2021, toYear: 2025, perUnit: true, scope: scope) }
            ),
            ("mentoring", { try await reports.mentoring(scope: scope) }),
        ]
    }

    /// Tables with their indexes, largest first, and the database as a whole.
    func printSizes(_ pool: PostgresConnectionPool) async throws {
        let rows = try await pool.query(
            """
            SELECT c.relname, pg_table_size(c.oid), pg_indexes_size(c.oid)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname = 'public' AND pg_total_relation_size(c.oid) > 1048576
            ORDER BY pg_total_relation_size(c.oid) DESC
            """)
        var parts = [String]()
        for row in rows {
            let (name, table, indexes) = try row.decode((String, Int64, Int64).self)
            parts.append("\(name) \(table >> 20) + \(indexes >> 20)")
        }
        let total = try await pool.query("SELECT pg_database_size(current_database())").firstRow?.decode(Int64.self, at: 0) ?? 0
        print("| database size (MiB) | \(total >> 20) | |")
        print("| tables + indexes (MiB) | \(parts.joined(separator: "; ")) | |")
    }

    /// The process's peak resident memory (`VmHWM`).
    func peakMemory() -> String {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
        let kilobytes = line.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? 0
        return "\(kilobytes >> 10) MB"
    }

    func progress(_ line: String) {
        FileHandle.standardError.write(Data("[national] \(line)\n".utf8))
    }
}
