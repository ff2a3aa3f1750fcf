import ArgumentParser
import CareerDomain
import CareerLog
import EventStore
import Foundation
import PostgresClient
import SchemaMigrations

/// The career domain benchmark: importing generated careers vs raw COPY, and folding a stream.
struct CareerBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "career", abstract: "Import and fold benchmarks.")

    @Option(help: "Employees to generate and import (about 48 events each).")
    var employees = 21_000

    @Option(help: "Rows for the raw COPY baseline (as many as the event store benchmark's).")
    var copyRows = 1_000_000

    @Option(help: "Imports measured, each into a new empty store right after a raw COPY baseline (the medians are compared).")
    var runs = 3

    func run() async throws {
        let cluster = try BenchCluster.start()
        defer { cluster.stop() }
        let pool = try await cluster.migratedPool(maxConnections: 4)
        print("# riwayat-bench career (\(Bench.machine))\n")

        // Generate the file first (not timed as import).
        let path = cluster.scratch.root + "/careers.jsonl"
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw ValidationError("cannot create \(path)") }
        let sink = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        var buffer = Data()
        var fold60: [CareerRecord]?
        let generationStarted = ContinuousClock.now
        try WorkforceGenerator(seed: 2026, employees: employees).generate { career in
            if fold60 == nil, (55...65).contains(career.records.count) { fold60 = career.records }
            for record in career.records {
                buffer.append(try record.jsonLine())
                buffer.append(0x0A)
            }
            if buffer.count > 1 << 20 {
                sink.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        sink.write(buffer)
        try sink.close()
        let generation = seconds(since: generationStarted)

        // Raw COPY, then an import into a new empty store, alternating; medians compared.
        var copies = [Measurement](), imports = [Measurement](), reports = [CareerImporter.Report]()
        for run in 0..<max(1, runs) {
            try await pool.query("DROP TABLE IF EXISTS bare_events_indexed")
            try await pool.query("CREATE TABLE bare_events_indexed (LIKE events)")
            // The floor of a first load: raw COPY into a bare table, then the log's indexes built.
            let copied = try await StoreBenchmark().rawCopy(pool: pool, rows: copyRows, into: "bare_events_indexed")
            let indexing = try await ServerFloor.buildIndexes(of: "events", on: "bare_events_indexed", pool: pool)
            copies.append(Measurement(operations: copyRows, seconds: copied.seconds + indexing))
            let store = try await cluster.freshStore(named: "import_\(run)", maxConnections: 4)
            let importer = CareerImporter(
                log: CareerLog(store: EventStore(pool: store)), recorder: .system("bench", source: "import"), batchSize: 1000)
            let report = try await importer.run(path: path, skipInvalid: false)
            await store.close()
            try await pool.query("DROP DATABASE \(identifier: "import_\(run)")")
            guard report.rejected.isEmpty else { throw ValidationError("generated data was refused: \(report.rejected.prefix(3))") }
            imports.append(Measurement(operations: report.appended, seconds: report.seconds))
            reports.append(report)
        }
        let copy = Measurement.median(copies), imported = Measurement.median(imports)
        guard let report = reports.sorted(by: { $0.seconds < $1.seconds }).dropFirst(reports.count / 2).first else {
            throw ValidationError("no import was measured")
        }

        // Folding one ~60-event stream.
        var foldTimes = [Double]()
        if let records = fold60, let nip = records.first?.nip {
            let asOf = CivilDate(year: 2025, month: 12, day: 31) ?? CivilDate(dayNumber: 0)
            for _ in 0..<20_000 {
                let started = ContinuousClock.now
                let state = CareerFold.state(of: records, nip: nip, asOf: asOf)
                foldTimes.append(seconds(since: started))
                precondition(state.grade != nil)  // crash-ok: benchmark sanity check on generated data
            }
        }
        let fold = Measurement(operations: foldTimes.count, seconds: foldTimes.reduce(0, +), latencies: foldTimes)

        print("| measurement | ratio | riwayat | baseline | target |")
        print("| --- | --- | --- | --- | --- |")
        print(
            "| import of \(report.appended) generated events (events/s, median of \(imports.count)) | "
                + "\(format(100 * imported.perSecond / copy.perSecond))% of raw COPY + indexes | \(format(imported.perSecond)) | "
                + "\(format(copy.perSecond)) raw COPY into a bare table, then the same indexes built | ≥ 60% |"
        )
        print(
            "| fold of one \(fold60?.count ?? 0)-event stream (µs) | p50 \(format(fold.percentile(0.5) * 1e6, 1)) | p99 "
                + "\(format(fold.percentile(0.99) * 1e6, 1)) | | p50 < 50 µs |"
        )
        let each = zip(imports, copies).map {
            "\(format($0.perSecond)) vs \(format($1.perSecond)) (\(format(100 * $0.perSecond / $1.perSecond))%)"
        }
        print("\nruns (import vs raw COPY events/s): \(each.joined(separator: "; "))")
        if report.firstLoad {
            print(
                "median import (one first load): \(format(report.checkSeconds, 1)) s checking and sending every line, "
                    + "\(format(report.seconds - report.checkSeconds, 1)) s building the indexes and committing"
            )
        } else {
            print(
                "median import: \(format(report.checkSeconds, 1)) s checking every line, "
                    + "\(format(report.seconds - report.checkSeconds, 1)) s appending"
            )
        }
        print("generated \(employees) employees (\(report.lines) events) in \(format(generation, 1)) s")
        await pool.close()
    }
}
