import CareerDomain
import CareerLog
import EventStore
import Foundation
import PostgresClient
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Bulk import of career records")
struct CareerImportTests {
    static func generatedFile(employees: Int, seed: UInt64, extra: [String] = []) throws -> (String, Int) {
        var lines = [String]()
        try WorkforceGenerator(seed: seed, employees: employees).generate { career in
            for record in career.records { lines.append(String(decoding: try record.jsonLine(), as: UTF8.self)) }
        }
        lines += extra
        let path = FileManager.default.temporaryDirectory.path + "/riwayat-import-\(UUID().uuidString).jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return (path, lines.count)
    }

    /// The store's content without the times and hashes an import run sets.
    static func contents(_ database: TestDatabase) throws -> [String] {
        let connection = try database.connect()
        defer { connection.close() }
        return try connection.query(
            """
            SELECT position, event_id, stream, version, event_type, schema_version, effective_date, payload::text, metadata::text
            FROM events ORDER BY position
            """
        ).map { row in
            (0..<9).map { (try? row.decode(String?.self, at: $0)).flatMap { $0 } ?? "NULL" }.joined(separator: "|")
        }
    }

    @Test func anImportStoresEverythingAndARerunStoresNothing() async throws {
        let (path, lines) = try Self.generatedFile(employees: 60, seed: 21)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try await TestCluster.shared.makeDatabase()
        let store = EventStore(pool: database.pool())
        let importer = CareerImporter(log: CareerLog(store: store), recorder: .testImport, batchSize: 250)
        let first = try await importer.run(path: path, skipInvalid: false)
        #expect(first.rejected.isEmpty)
        #expect(first.appended == lines)
        #expect(try await store.head().position == Int64(lines))
        let second = try await importer.run(path: path, skipInvalid: false)
        #expect(second.appended == 0 && second.alreadyPresent == lines)
        // Run again by someone else: the same events, whoever sends them again.
        let other = CareerImporter(log: CareerLog(store: store), recorder: .system("cli.other", source: "import"), batchSize: 250)
        let third = try await other.run(path: path, skipInvalid: false)
        #expect(third.appended == 0 && third.alreadyPresent == lines && third.rejected.isEmpty)
        #expect(try await store.verify().firstBreak == nil)
        // Records read back equal what was generated.
        let nip = try #require(WorkforceGenerator(seed: 21, employees: 60).generate().first?.nip)
        let history = try await CareerLog(store: store).history(of: nip)
        #expect(history.map(\.id) == WorkforceGenerator(seed: 21, employees: 60).generate().first?.records.map(\.id))
        await store.pool.close()
    }

    @Test func aBadLineRefusesTheWholeFileAndNamesLineFieldAndRule() async throws {
        let bad =
            #"{"decree":null,"effectiveDate":"2020-04-01","id":"6f1c2a0e-0000-4000-8000-000000000001","nip":"198602302015051001","#
            + #""operator":"x","payload":{},"schemaVersion":1,"type":"PnsConfirmed"}"#
        let (path, lines) = try Self.generatedFile(employees: 10, seed: 4, extra: [bad, "{not json"])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try await TestCluster.shared.makeDatabase()
        let store = EventStore(pool: database.pool())
        let report = try await CareerImporter(log: CareerLog(store: store), recorder: .testImport).run(path: path, skipInvalid: false)
        #expect(report.rejected.map(\.line) == [lines - 1, lines])
        #expect(report.rejected.first?.description == "line \(lines - 1): nip: NIP 1986… birth date 1986-02-30 is not a date")
        #expect(report.rejected.last?.error.field == "line")
        #expect(report.appended == 0)
        #expect(try await store.head().position == 0)

        let skipping = try await CareerImporter(log: CareerLog(store: store), recorder: .testImport).run(path: path, skipInvalid: true)
        #expect(skipping.appended == lines - 2)
        #expect(try await store.head().position == Int64(lines - 2))
        await store.pool.close()
    }

    @Test func rulesNeedingHistoryAreCheckedAcrossTheFile() async throws {
        let nip = try NIP("198609262015051001")
        let appointment = CareerRecord(
            nip: nip, effectiveDate: CivilDate(year: 2015, month: 5, day: 1)!,
            decree: Decree(number: "1", date: CivilDate(year: 2015, month: 4, day: 1)!, signedBy: "Bupati"), recordedBy: "op",
            event: .cpnsAppointed(
                CpnsAppointed(
                    grade: .IIIa, post: Post(title: "Guru", kind: .functional, org: OrgUnit(unit: "Disdik", agency: "Sleman")),
                    education: .s1)))
        let orphan = CareerRecord(
            nip: try NIP("199001012015051002"), effectiveDate: CivilDate(year: 2016, month: 1, day: 1)!, recordedBy: "op",
            event: .awardGranted(AwardGranted(name: "X")))
        let lines = [appointment, orphan].map { String(decoding: (try? $0.jsonLine()) ?? Data(), as: UTF8.self) }
        let path = FileManager.default.temporaryDirectory.path + "/riwayat-import-\(UUID().uuidString).jsonl"
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try await TestCluster.shared.makeDatabase()
        let store = EventStore(pool: database.pool())
        let report = try await CareerImporter(log: CareerLog(store: store), recorder: .testImport).run(path: path, skipInvalid: false)
        #expect(
            report.rejected.map(\.description) == [
                "line 2: nip: unknown employee 199001012015051002: the first event must be CpnsAppointed"
            ])
        await store.pool.close()
    }

    @Test func anImportKilledMidRunAndRunAgainEndsWithTheSameStore() async throws {
        let (path, lines) = try Self.generatedFile(employees: 400, seed: 99)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let killed = try await TestCluster.shared.makeDatabase()
        let clean = try await TestCluster.shared.makeDatabase()
        let binary = try RiwayatBinary.path()

        // Wait for the first committed batch (its NOTIFY), then kill the importer outright.
        let listener = try killed.connect()
        defer { listener.close() }
        try listener.listen(EventStoreSchema.notificationChannel)
        let process = try RiwayatBinary.start(
            binary, ["import", path, "--batch-size", "100"], databaseURL: killed.appConninfo, accessLogURL: killed.accessLogConninfo)
        let woke = try listener.waitForNotifications(timeout: .seconds(120))
        #expect(!woke.isEmpty)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let stored = try Self.contents(killed).count
        #expect(stored > 0)
        #expect(stored < lines, "the importer finished before it could be killed; make the file larger")

        let resumed = try RiwayatBinary.run(
            binary, ["import", path, "--batch-size", "100"], databaseURL: killed.appConninfo, accessLogURL: killed.accessLogConninfo)
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(resumed.output.contains("skipped \(stored) already present"))
        // The run is on record in the access log with what it did.
        let entries = try killed.connect().query("SELECT status, query FROM access_log WHERE action = 'cli:import' ORDER BY id").map {
            "\(try $0.decode(Int.self, at: 0)) \(try $0.decode(String.self, at: 1))"
        }
        #expect(
            entries == ["201 import \(path): \(lines - stored) stored, \(stored) already stored, 0 refused of \(lines) lines"], "\(entries)"
        )
        let cleanRun = try RiwayatBinary.run(
            binary, ["import", path, "--batch-size", "100"], databaseURL: clean.appConninfo, accessLogURL: clean.accessLogConninfo)
        #expect(cleanRun.status == 0, "\(cleanRun.output)")
        let afterKill = try Self.contents(killed)
        #expect(afterKill.count == lines)
        #expect(afterKill == (try Self.contents(clean)))
    }

    /// The indexes of `events` by name, then its triggers by name: a first load drops all the
    /// indexes and the append trigger and creates them again.
    static func eventIndexes(_ database: TestDatabase) throws -> [String] {
        let connection = try database.connect()
        defer { connection.close() }
        return try connection.query(
            """
            SELECT indexdef FROM pg_indexes WHERE tablename = 'events' ORDER BY indexname
            """
        ).map { try $0.decode(String.self, at: 0) }
            + connection.query(
                """
                SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = 'events'::regclass AND NOT tgisinternal ORDER BY tgname
                """
            ).map { try $0.decode(String.self, at: 0) }
    }

    @Test func aLargeFileIntoAnEmptyLogIsOneFirstLoadThatStoresWhatBatchesStore() async throws {
        let (path, lines) = try Self.generatedFile(employees: 60, seed: 31)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loaded = try await TestCluster.shared.makeDatabase(), batched = try await TestCluster.shared.makeDatabase()
        let indexes = try Self.eventIndexes(loaded)
        #expect(indexes.count == 5 + 3)  // the append trigger and the two that refuse changes
        #expect(indexes.contains { $0.hasPrefix("CREATE TRIGGER events_append AFTER INSERT") })

        let store = EventStore(pool: loaded.pool())
        var importer = CareerImporter(log: CareerLog(store: store), recorder: .testImport, batchSize: 100)
        importer.firstLoadThreshold = 0
        // Holding a few employees' histories at a time changes nothing when each one's lines are together.
        importer.firstLoadHolding = 5
        let report = try await importer.run(path: path, skipInvalid: false)
        #expect(report.firstLoad)
        #expect(report.appended == lines && report.alreadyPresent == 0)
        var batches = CareerImporter(log: CareerLog(store: EventStore(pool: batched.pool())), recorder: .testImport, batchSize: 100)
        batches.firstLoadThreshold = .max
        let batchedReport = try await batches.run(path: path, skipInvalid: false)
        #expect(!batchedReport.firstLoad)

        #expect(try Self.contents(loaded) == (try Self.contents(batched)))
        #expect(try Self.eventIndexes(loaded) == indexes)
        #expect(try await store.verify().firstBreak == nil)
        #expect(try await store.head().position == Int64(lines))
        // A log that is no longer empty is never first-loaded: the rerun skips everything.
        let again = try await importer.run(path: path, skipInvalid: false)
        #expect(!again.firstLoad && again.appended == 0 && again.alreadyPresent == lines)
        await store.pool.close()
    }

    @Test func aFirstLoadRefusesAnEmployeeWhoseLinesComeBackAfterItLetTheirHistoryGo() async throws {
        var lines = [String]()
        try WorkforceGenerator(seed: 35, employees: 500).generate { career in
            for record in career.records { lines.append(String(decoding: try record.jsonLine(), as: UTF8.self)) }
        }
        let opening = lines.first ?? ""
        let fields = (try JSONSerialization.jsonObject(with: Data(opening.utf8)) as? [String: Any]) ?? [:]
        let nip = fields["nip"] as? String ?? "", day = fields["effectiveDate"] as? String ?? ""
        let late =
            #"{"id":"6f1c2a0e-0000-4000-8000-0000000000fe","nip":"\#(nip)","type":"AwardGranted","schemaVersion":1,"#
            + #""effectiveDate":"\#(day)","operator":"x","payload":{"name":"Satyalancana"}}"#
        // The first employee again, after the lines of 499 others (several slices of lines later).
        lines.append(late)
        let path = FileManager.default.temporaryDirectory.path + "/riwayat-import-\(UUID().uuidString).jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try await TestCluster.shared.makeDatabase()
        let store = EventStore(pool: database.pool())
        var importer = CareerImporter(log: CareerLog(store: store), recorder: .testImport, batchSize: 100)
        importer.firstLoadThreshold = 0
        importer.firstLoadHolding = 20
        let refused = try await importer.run(path: path, skipInvalid: false)
        #expect(refused.appended == 0)
        #expect(refused.rejected.map(\.line) == [lines.count])
        #expect(refused.rejected.first?.error.field == "nip")
        #expect(refused.rejected.first?.error.rule.contains("put each employee's lines together") == true)
        #expect(try Self.contents(database).isEmpty)
        // Holding every employee, the same file goes in whole.
        importer.firstLoadHolding = 1_000
        let loaded = try await importer.run(path: path, skipInvalid: false)
        #expect(loaded.firstLoad && loaded.rejected.isEmpty && loaded.appended == lines.count)
        await store.pool.close()
    }

    @Test func aFirstLoadWithABadLineStoresNothingUnlessTheGoodOnesAreWanted() async throws {
        let bad =
            #"{"id":"6f1c2a0e-0000-4000-8000-0000000000ff","nip":"198609262015051001","type":"AwardGranted","schemaVersion":1,"#
            + #""effectiveDate":"2025-02-30","operator":"x","payload":{"name":"A"}}"#
        let (path, lines) = try Self.generatedFile(employees: 40, seed: 33, extra: [bad])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try await TestCluster.shared.makeDatabase()
        let indexes = try Self.eventIndexes(database)
        let store = EventStore(pool: database.pool())
        var importer = CareerImporter(log: CareerLog(store: store), recorder: .testImport, batchSize: 100)
        importer.firstLoadThreshold = 0
        let refused = try await importer.run(path: path, skipInvalid: false)
        #expect(refused.appended == 0)
        #expect(refused.rejected.map(\.line) == [lines])
        #expect(try Self.contents(database).isEmpty)
        #expect(try Self.eventIndexes(database) == indexes)

        let kept = try await importer.run(path: path, skipInvalid: true)
        #expect(kept.firstLoad && kept.appended == lines - 1 && kept.rejected.map(\.line) == [lines])
        #expect(try Self.contents(database).count == lines - 1)
        #expect(try Self.eventIndexes(database) == indexes)
        await store.pool.close()
    }

    @Test func badLinesDeepInAFirstLoadStopItAfterRowsWereSentAndAreAllNamed() async throws {
        // A first load checks and sends in one pass: with bad lines past the first slices, rows
        // are on their way before the first bad line is found. Nothing of them may be stored,
        // every bad line must be named, and with --skip-invalid the rest goes in.
        var (path, lines) = try Self.generatedFile(employees: 320, seed: 34)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var text = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        try #require(text.count > 11_000)
        text.insert("{\"id\": ", at: 9_000)  // line 9,001
        text.insert(text[10_000].replacingOccurrences(of: #""effectiveDate":"#, with: #""effectiveDate":"2019-02-30","was":"#), at: 11_000)
        lines = text.count
        try (text.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)

        let database = try await TestCluster.shared.makeDatabase(), batched = try await TestCluster.shared.makeDatabase()
        let indexes = try Self.eventIndexes(database)
        let store = EventStore(pool: database.pool())
        var importer = CareerImporter(log: CareerLog(store: store), recorder: .testImport, batchSize: 100)
        importer.firstLoadThreshold = 0
        let refused = try await importer.run(path: path, skipInvalid: false)
        #expect(!refused.firstLoad && refused.appended == 0 && refused.lines == lines)
        #expect(refused.rejected.map(\.line) == [9_001, 11_001])
        #expect(refused.rejected.first?.error.field == "line")
        #expect(refused.rejected.last?.error.field == "was")
        #expect(try Self.contents(database).isEmpty)
        #expect(try Self.eventIndexes(database) == indexes)
        #expect(try await store.head().position == 0)

        let kept = try await importer.run(path: path, skipInvalid: true)
        #expect(kept.firstLoad && kept.appended == lines - 2 && kept.rejected.map(\.line) == [9_001, 11_001])
        var batches = CareerImporter(log: CareerLog(store: EventStore(pool: batched.pool())), recorder: .testImport, batchSize: 100)
        batches.firstLoadThreshold = .max
        let batchedReport = try await batches.run(path: path, skipInvalid: true)
        #expect(!batchedReport.firstLoad && batchedReport.appended == lines - 2)
        #expect(try Self.contents(database) == (try Self.contents(batched)))
        #expect(try Self.eventIndexes(database) == indexes)
        #expect(try await store.verify().firstBreak == nil)
        await store.pool.close()
    }

    @Test func aKilledFirstLoadStoresNothingAndRunsAgain() async throws {
        let (path, lines) = try Self.generatedFile(employees: 400, seed: 32)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try await TestCluster.shared.makeDatabase()
        let indexes = try Self.eventIndexes(database)
        let binary = try RiwayatBinary.path()
        let arguments = ["import", path, "--batch-size", "100", "--first-load-lines", "0"]
        // The head's row is held, so the load, once all rows are sent and its indexes built, waits
        // in its check: killed there, it has begun (it holds the table) and cannot have committed.
        let holder = try database.connect(), watcher = try database.connect()
        defer {
            holder.close()
            watcher.close()
        }
        try holder.runScript("BEGIN; SELECT position FROM event_log_head FOR UPDATE")
        let process = try RiwayatBinary.start(
            binary, arguments, databaseURL: database.appConninfo, accessLogURL: database.accessLogConninfo)
        let loading = try await eventually(timeout: .seconds(120)) {
            try watcher.query(
                """
                SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE a.datname = current_database() AND a.application_name = 'riwayat-first-load'
                  AND l.relation = 'events'::regclass AND l.mode = 'AccessExclusiveLock'
                  AND a.wait_event_type = 'Lock'
                """
            ).firstRow?.decode(Int.self, at: 0) == 1
        }
        #expect(loading)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try holder.runScript("ROLLBACK")
        #expect(
            try await eventually(timeout: .seconds(30)) {
                try watcher.query(
                    """
                    SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'riwayat-first-load'
                    """
                )
                .firstRow?.decode(Int.self, at: 0) == 0
            })
        #expect(try Self.contents(database).isEmpty)
        #expect(try Self.eventIndexes(database) == indexes)

        let rerun = try RiwayatBinary.run(binary, arguments, databaseURL: database.appConninfo, accessLogURL: database.accessLogConninfo)
        #expect(rerun.status == 0, "\(rerun.output)")
        #expect(rerun.output.contains("imported \(lines) events, skipped 0 already present"), "\(rerun.output)")
        #expect(rerun.output.contains("as one first load"), "\(rerun.output)")
        #expect(try Self.contents(database).count == lines)
        #expect(try Self.eventIndexes(database) == indexes)
    }

    @Test func writingIntoAFreshEmbeddedDataDirectoryMigratesItFirst() throws {
        let root = try EmbeddedPostgresTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let binary = try RiwayatBinary.path()
        let generated = try RiwayatBinary.run(
            binary, ["generate", "--employees", "3", "--seed", "5", "--append", "--data-dir", root + "/pgdata"], databaseURL: "")
        #expect(generated.status == 0, "\(generated.output)")
        #expect(generated.output.contains("for 3 employees"), "\(generated.output)")
        let status = try RiwayatBinary.run(binary, ["migrate", "--status", "--data-dir", root + "/pgdata"], databaseURL: "")
        #expect(status.status == 0 && !status.output.contains("pending"), "\(status.output)")
        // The command stopped the server it started.
        #expect(EmbeddedPostgresTests.postmasterPID(root + "/pgdata") == nil)
    }

    @Test func anInterruptedFirstLoadIsRolledBackExits130AndSaysSo() async throws {
        let (path, _) = try Self.generatedFile(employees: 100, seed: 35)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try await TestCluster.shared.makeDatabase()
        let indexes = try Self.eventIndexes(database)
        let binary = try RiwayatBinary.path()
        // The head's row is held: the load's checks wait for it once every row is sent, and the
        // interrupt arrives while they wait (before anything could be committed).
        let holder = try database.connect(), watcher = try database.connect()
        defer {
            holder.close()
            watcher.close()
        }
        try holder.runScript("BEGIN; SELECT position FROM event_log_head FOR UPDATE")
        let output = FileManager.default.temporaryDirectory.path + "/riwayat-interrupt-\(UUID().uuidString).log"
        try #require(FileManager.default.createFile(atPath: output, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: output) }
        let process = try RiwayatBinary.start(
            binary, ["import", path, "--first-load-lines", "0", "--log-level", "notice"], databaseURL: database.appConninfo,
            accessLogURL: database.accessLogConninfo,
            output: try FileHandle(forWritingTo: URL(fileURLWithPath: output)))
        #expect(
            try await eventually(timeout: .seconds(120)) {
                try watcher.query(
                    """
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND application_name = 'riwayat-first-load' AND wait_event_type = 'Lock'
                    """
                ).firstRow?.decode(Int.self, at: 0) == 1
            })
        kill(process.processIdentifier, SIGINT)
        // Once the command has taken the interrupt, the row is freed: the load's checks then
        // finish, and it must roll back, not commit.
        #expect(
            try await eventually(timeout: .seconds(30)) {
                (try String(contentsOfFile: output, encoding: .utf8)).contains("SIGINT: stopping")
            })
        try holder.runScript("ROLLBACK")
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let said = try String(contentsOfFile: output, encoding: .utf8)
        #expect(said.contains("the first load was rolled back: nothing was stored"), "\(said)")
        #expect(try Self.contents(database).isEmpty)
        #expect(try Self.eventIndexes(database) == indexes)
    }

    @Test func anInterruptedImportStopsBetweenBatchesExits130AndResumes() async throws {
        let (path, lines) = try Self.generatedFile(employees: 400, seed: 98)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try await TestCluster.shared.makeDatabase()
        let binary = try RiwayatBinary.path()

        let listener = try database.connect()
        defer { listener.close() }
        try listener.listen(EventStoreSchema.notificationChannel)
        let process = try RiwayatBinary.start(
            binary, ["import", path, "--batch-size", "100"], databaseURL: database.appConninfo, accessLogURL: database.accessLogConninfo)
        #expect(!(try listener.waitForNotifications(timeout: .seconds(120))).isEmpty)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 130)
        let stored = try Self.contents(database).count
        #expect(stored < lines, "the importer finished before it could be interrupted; make the file larger")
        // Only whole batches went in.
        #expect(stored > 0 && stored % 100 == 0)

        let resumed = try RiwayatBinary.run(
            binary, ["import", path, "--batch-size", "100"], databaseURL: database.appConninfo, accessLogURL: database.accessLogConninfo)
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(try Self.contents(database).count == lines)
    }
}

/// Finds and runs the `riwayat` executable built next to the tests.
enum RiwayatBinary {
    static func path() throws -> String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("riwayat").path,
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug/riwayat").path,
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw DomainError(field: "riwayat", rule: "executable not found in \(candidates)")
        }
        return found
    }

    /// Starts the built binary with `databaseURL`, and `accessLogURL` for the access log when given.
    static func start(
        _ binary: String, _ arguments: [String], databaseURL: String, accessLogURL: String? = nil, output: FileHandle = .nullDevice
    ) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = databaseURL
        environment["RIWAYAT_ACCESS_LOG_URL"] = accessLogURL
        environment["RIWAYAT_LOG_LEVEL"] = "warning"
        process.environment = environment
        process.standardOutput = output
        process.standardError = output
        try process.run()
        return process
    }

    static func run(
        _ binary: String, _ arguments: [String], databaseURL: String, accessLogURL: String? = nil
    ) throws -> (status: Int32, output: String) {
        let output = FileManager.default.temporaryDirectory.path + "/riwayat-run-\(UUID().uuidString).txt"
        guard FileManager.default.createFile(atPath: output, contents: nil) else {
            throw DomainError(field: "output", rule: "cannot create \(output)")
        }
        defer { try? FileManager.default.removeItem(atPath: output) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        let process = try start(binary, arguments, databaseURL: databaseURL, accessLogURL: accessLogURL, output: handle)
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }
}

@Suite("CSV import layout")
struct CSVImportTests {
    @Test func csvRowsImportLikeTheirJSONLines() async throws {
        let appointment =
            #""{""education"":""S1"",""grade"":""III/a"",""post"":{""kind"":""Fungsional"",""level"":""Ahli Pertama"","#
            + #"""org"":{""agency"":""Sleman"",""unit"":""Dinas Pendidikan""},""title"":""Guru Ahli Pertama""}}""#
        let csv = """
            id,nip,type,schemaVersion,effectiveDate,decreeNumber,decreeDate,decreeSignedBy,operator,payload
            6f1c2a0e-0000-4000-8000-000000000001,198609262015051001,CpnsAppointed,1,2015-05-01,"800/1/BKD, 2015",2015-04-20,\
            Bupati Sleman,197001011995031002,\(appointment)
            6f1c2a0e-0000-4000-8000-000000000002,198609262015051001,AwardGranted,1,2025-08-17,,,,197001011995031002,\
            "{""name"":""Satyalancana Karya Satya X Tahun""}"
            6f1c2a0e-0000-4000-8000-000000000003,198609262015051001,AwardGranted,1,2025-08-17
            """
        let path = FileManager.default.temporaryDirectory.path + "/riwayat-import-\(UUID().uuidString).csv"
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try await TestCluster.shared.makeDatabase()
        let store = EventStore(pool: database.pool())
        let importer = CareerImporter(log: CareerLog(store: store), recorder: .testImport)
        let refused = try await importer.run(path: path, skipInvalid: false)
        #expect(refused.rejected.map(\.line) == [4])
        #expect(refused.rejected.first?.error.rule.contains("needs 10 columns") == true)
        let skipped = try await importer.run(path: path, skipInvalid: true)
        #expect(skipped.appended == 2)
        let history = try await CareerLog(store: store).history(of: try NIP("198609262015051001"))
        #expect(history.first?.decree?.number == "800/1/BKD, 2015")
        guard case .awardGranted(let award)? = history.last?.event else {
            Issue.record("expected the award")
            return
        }
        #expect(award.name == "Satyalancana Karya Satya X Tahun")

        // The same file as a first load (checked and sent in one pass): the same verdicts and store.
        let loaded = try await TestCluster.shared.makeDatabase()
        var firstLoad = CareerImporter(log: CareerLog(store: EventStore(pool: loaded.pool())), recorder: .testImport)
        firstLoad.firstLoadThreshold = 0
        let loadRefused = try await firstLoad.run(path: path, skipInvalid: false)
        #expect(loadRefused.rejected.map(\.line) == [4] && loadRefused.appended == 0 && !loadRefused.firstLoad)
        let loadSkipped = try await firstLoad.run(path: path, skipInvalid: true)
        #expect(loadSkipped.firstLoad && loadSkipped.appended == 2 && loadSkipped.rejected.map(\.line) == [4])
        #expect(try CareerImportTests.contents(loaded) == (try CareerImportTests.contents(database)))
        await store.pool.close()
    }
}
