import CareerDomain
import CareerLog
import EventStore
import Foundation
import NIOConcurrencyHelpers
import PostgresClient
import Projections
import TestSupport
import Testing

@Suite("Projections")
struct ProjectionTests {
    static let today = CivilDate(year: 2026, month: 1, day: 1) ?? CivilDate(dayNumber: 0)

    static func setUp() async throws -> (TestDatabase, EmployeeProjection) {
        let database = try await TestCluster.shared.makeDatabase()
        let store = EventStore(pool: database.pool())
        return (database, EmployeeProjection(store: store, today: { today }))
    }

    static func appendGenerated(_ projection: EmployeeProjection, employees: Int, seed: UInt64) async throws {
        let requests = try WorkforceGenerator(seed: seed, employees: employees).generate().map { career in
            AppendRequest(stream: career.nip.digits, events: try career.records.map { try $0.newEvent() })
        }
        for outcome in try await projection.store.appendBatch(requests) { _ = try outcome.get() }
    }

    /// Every read-model row, table by table, in a stable order.
    static func snapshot(_ database: TestDatabase) throws -> [String: [String]] {
        let connection = try database.connect()
        defer { connection.close() }
        var tables = [String: [String]]()
        for table in ReadModelTables.names {
            tables[table] = try connection.query(PostgresQuery(unsafeSQL: "SELECT t::text FROM \(table) t ORDER BY 1")).map {
                try $0.decode(String.self, at: 0)
            }
        }
        return tables
    }

    static func catchUp(_ projection: EmployeeProjection, limit: Int = 1000) async throws {
        var position: Int64 = -1
        while true {
            let next = try await projection.applyNext(limit: limit)
            if next == position { return }
            position = next
        }
    }

    /// The live path deletes each touched employee's rows from every read model by NIP: each
    /// table needs an index that starts with nip, or every batch scans the whole table.
    @Test func everyReadModelFindsAnEmployeesRowsThroughAnIndex() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let connection = try database.connect()
        defer { connection.close() }
        for table in ReadModelTables.names {
            let leading = try connection.query(
                """
                SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                WHERE i.indrelid = \(table)::regclass
                """
            ).map { try $0.decode(String.self, at: 0) }
            let key = ["selections", "selection_candidates", "competency_standards", "career_patterns"].contains(table) ? "stream" : "nip"
            #expect(leading.contains(key), "\(table) has no index on \(key) (indexes lead with \(leading))")
        }
    }

    @Test func rebuildEqualsApplyingOneByOne() async throws {
        let (database, projection) = try await Self.setUp()
        try await Self.appendGenerated(projection, employees: 12, seed: 5)
        try await Self.catchUp(projection, limit: 1)
        let incremental = try Self.snapshot(database)
        #expect((incremental["employee_current"]?.count ?? 0) == WorkforceGenerator(seed: 5, employees: 12).generate().count)
        #expect((incremental["employee_periods"]?.count ?? 0) > 12)
        let head = try await projection.store.head().position
        let indexes = try Self.indexShapes(database)
        #expect(indexes.count >= 12)
        #expect(indexes.contains { $0.contains("INDEX employee_periods_valid ON") })
        // Small batches: many batches folded by several workers and written out of order.
        #expect(try await projection.rebuild(batchEvents: 40) == head)
        #expect(try Self.snapshot(database) == incremental)
        #expect(try await projection.checkpoint()?.position == head)
        // The rebuilt tables carry the live tables' indexes and keys, and no shadow is left.
        #expect(try Self.indexShapes(database) == indexes)
        // Again, over tables that a rebuild made (their index names are taken by now).
        #expect(try await projection.rebuild() == head)
        #expect(try Self.snapshot(database) == incremental)
        #expect(try Self.indexShapes(database) == indexes)
        #expect(
            try database.connect().query("SELECT count(*) FROM pg_tables WHERE tablename LIKE '%\\_next'").firstRow?.decode(
                Int64.self, at: 0) == 0)
        await projection.store.pool.close()
    }

    /// Each read-model index and key constraint, with its name (rebuilds keep the migrations'
    /// names), sorted.
    static func indexShapes(_ database: TestDatabase) throws -> [String] {
        let connection = try database.connect()
        defer { connection.close() }
        let rows = try connection.query(
            """
            SELECT tablename || ': ' || indexdef FROM pg_indexes WHERE tablename = ANY(\(ReadModelTables.names)::text[])
            UNION ALL
            SELECT conrelid::regclass::text || ': constraint ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
            WHERE conrelid::regclass::text = ANY(\(ReadModelTables.names)::text[])
            ORDER BY 1
            """)
        return try rows.map { try $0.decode(String.self, at: 0) }
    }

    @Test func aCrashBetweenWritingRowsAndTheCheckpointAppliesNothingTwice() async throws {
        let (database, projection) = try await Self.setUp()
        try await Self.appendGenerated(projection, employees: 6, seed: 8)
        try await projection.applyNext(limit: 100)
        let before = try Self.snapshot(database)
        let checkpoint = try await projection.checkpoint()?.position
        await #expect(throws: ProjectionError.self) { try await projection.applyNext(limit: 100, failBeforeCommit: true) }
        #expect(try await projection.checkpoint()?.position == checkpoint)
        #expect(try Self.snapshot(database) == before)
        try await Self.catchUp(projection, limit: 100)
        let resumed = try Self.snapshot(database)
        try await projection.rebuild()
        #expect(try Self.snapshot(database) == resumed)
        await projection.store.pool.close()
    }

    @Test func aBackdatedPromotionMovesTheIntervalsAndPastHeadcounts() async throws {
        let (_, projection) = try await Self.setUp()
        let log = CareerLog(store: projection.store)
        let nip = try NIP("198609262015051001")
        let unit = OrgUnit(unit: "Dinas Pendidikan", agency: "Sleman")
        let decree = Decree(number: "800/1", date: CivilDate(year: 2015, month: 4, day: 1)!, signedBy: "Bupati")
        try await log.record(
            [
                CareerRecord(
                    nip: nip, effectiveDate: CivilDate(year: 2015, month: 5, day: 1)!, decree: decree, recordedBy: "op",
                    event: .cpnsAppointed(
                        CpnsAppointed(
                            grade: .IIIa, post: Post(title: "Guru Ahli Pertama", kind: .functional, level: .ahliPertama, org: unit),
                            education: .s1)))
            ], by: .test)
        try await Self.catchUp(projection)
        let reports = WorkforceReports(pool: projection.store.pool)
        let before = try await reports.headcount(asOf: CivilDate(year: 2020, month: 1, day: 1)!, by: [.grade])
        #expect(before.text == [["III/a", "1"]])
        // Recorded now, effective in 2019.
        try await log.record(
            [
                CareerRecord(
                    nip: nip, effectiveDate: CivilDate(year: 2019, month: 10, day: 1)!, decree: decree, recordedBy: "op",
                    event: .gradePromoted(GradePromoted(from: .IIIa, to: .IIIb, kind: .regular)))
            ], by: .test)
        try await Self.catchUp(projection)
        let after = try await reports.headcount(asOf: CivilDate(year: 2020, month: 1, day: 1)!, by: [.grade])
        #expect(after.text == [["III/b", "1"]])
        #expect(after.position == 2)
        // Asked at the earlier position, the report gives the numbers it gave then.
        let then = try await reports.headcount(asOf: CivilDate(year: 2020, month: 1, day: 1)!, by: [.grade], at: 1)
        #expect(then.text == before.text && then.position == 1)
        let velocityThen = try await reports.promotionVelocity(at: 1)
        let velocityLater = try await reports.promotionVelocity(at: 2)
        #expect(velocityThen.rows.isEmpty && !velocityLater.rows.isEmpty)
        await #expect(throws: ReportError.self) {
            try await reports.headcount(asOf: CivilDate(year: 2020, month: 1, day: 1)!, by: [], at: 3)
        }
        let earlier = try await reports.headcount(asOf: CivilDate(year: 2019, month: 9, day: 30)!, by: [.grade])
        #expect(earlier.text == [["III/a", "1"]])
        let periods = try await projection.store.pool.query("SELECT grade, valid::text FROM grade_periods ORDER BY lower(valid)")
            .map { try $0.decode((String, String).self) }
        #expect(periods.map(\.0) == ["III/a", "III/b"])
        #expect(periods.map(\.1) == ["[2015-05-01,2019-10-01)", "[2019-10-01,)"])
        await projection.store.pool.close()
    }

    @Test func aCorrectionExplainsTheFindingItFixes() async throws {
        let (_, projection) = try await Self.setUp()
        let log = CareerLog(store: projection.store)
        let nip = try NIP("198609262015051001")
        let decree = Decree(number: "800/2", date: CivilDate(year: 2017, month: 3, day: 1)!, signedBy: "Bupati")
        let early = CareerRecord(
            nip: nip, effectiveDate: CivilDate(year: 2017, month: 4, day: 1)!, decree: decree, recordedBy: "op",
            event: .gradePromoted(GradePromoted(from: .IIIa, to: .IIIb, kind: .regular)))
        try await log.record(
            [
                CareerRecord(
                    nip: nip, effectiveDate: CivilDate(year: 2015, month: 5, day: 1)!, decree: decree, recordedBy: "op",
                    event: .cpnsAppointed(
                        CpnsAppointed(
                            grade: .IIIa, post: Post(title: "Analis", kind: .pelaksana, org: OrgUnit(unit: "BKD", agency: "Sleman")),
                            education: .s1))),
                early,
            ], by: .test)
        try await Self.catchUp(projection)
        let open = try await projection.store.pool.query("SELECT rule_id, state FROM findings WHERE rule_id = 'P-4Y'").map {
            try $0.decode((String, String).self)
        }
        #expect(open.map(\.1) == ["open"])
        try await log.record(
            [
                CareerRecord(
                    nip: nip, effectiveDate: CivilDate(year: 2019, month: 10, day: 1)!, decree: decree, recordedBy: "op",
                    event: .corrected(
                        Corrected(
                            target: early.id, reason: "TMT salah ketik", replacement: early.event,
                            replacementEffectiveDate: CivilDate(year: 2019, month: 10, day: 1)!)))
            ], by: .test)
        try await Self.catchUp(projection)
        let explained = try await projection.store.pool.query("SELECT state FROM findings WHERE rule_id = 'P-4Y'").map {
            try $0.decode(String.self, at: 0)
        }
        #expect(explained == ["explained"])
        let count = try await projection.store.pool.query("SELECT open_findings FROM employee_current").firstRow?.decode(Int.self, at: 0)
        let openRows = try await projection.store.pool.query("SELECT count(*) FROM findings WHERE state = 'open' AND rule_id <> 'P-4Y'")
            .firstRow?.decode(Int.self, at: 0)
        #expect(count == openRows)
        await projection.store.pool.close()
    }

    @Test func aRunnerRebuildsAProjectionOfAnotherVersionOnStart() async throws {
        let (database, projection) = try await Self.setUp()
        try await Self.appendGenerated(projection, employees: 3, seed: 4)
        try await Self.catchUp(projection)
        let expected = try Self.snapshot(database)
        // Read models of an older version: stale rows, an old version number.
        try await projection.store.pool.query("UPDATE employee_current SET grade = 'I/a'")
        try await projection.store.pool.query("UPDATE projection_checkpoints SET version = \(EmployeeProjection.version - 1)")
        let rebuilds = NIOLockedValueBox(0)
        let runner = ProjectionRunner(projection: projection, batchSize: 100, afterRebuild: { rebuilds.withLockedValue { $0 += 1 } })
        let running = Task { await runner.run() }
        #expect(try await eventually { try await projection.checkpoint()?.version == EmployeeProjection.version })
        #expect(await eventually { rebuilds.withLockedValue { $0 } == 1 })
        #expect(try Self.snapshot(database) == expected)
        running.cancel()
        await running.value
        await projection.store.pool.close()
    }

    @Test func twoRunnersOneActiveAndTheOtherTakesOverWhenItDies() async throws {
        let (database, projection) = try await Self.setUp()
        try await Self.appendGenerated(projection, employees: 3, seed: 1)
        let first = ProjectionRunner(projection: projection, batchSize: 100)
        let second = ProjectionRunner(
            projection: EmployeeProjection(store: EventStore(pool: database.pool()), today: { Self.today }), batchSize: 100)
        let runners = [Task { await first.run() }, Task { await second.run() }]
        let admin = try database.connect()
        defer { admin.close() }
        func holders() throws -> [Int32] {
            try admin.query(
                """
                SELECT pid FROM pg_locks WHERE locktype =
                    'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """
            ).map { try $0.decode(Int32.self, at: 0) }
        }
        let head = try await projection.store.head().position
        #expect(try await eventually { try await projection.checkpoint()?.position == head })
        #expect(try await eventually { try holders().count == 1 })
        let active = try holders()
        #expect(active.count == 1)
        // The active runner's lock session dies; the other takes over and keeps projecting.
        try admin.query("SELECT pg_terminate_backend(\(active[0]), 5000)")
        #expect(
            try await eventually {
                let now = try holders()
                return now.count == 1 && now != active
            })
        try await projection.store.append(
            [
                try CareerRecord(
                    nip: try NIP("198609262015051001"), effectiveDate: CivilDate(year: 2015, month: 5, day: 1)!,
                    decree: Decree(number: "1", date: CivilDate(year: 2015, month: 4, day: 1)!, signedBy: "B"), recordedBy: "op",
                    event: .cpnsAppointed(
                        CpnsAppointed(
                            grade: .IIIa, post: Post(title: "Guru", kind: .functional, org: OrgUnit(unit: "D", agency: "S")), education: .s1
                        ))
                ).newEvent()
            ],
            to: "198609262015051001")
        #expect(try await eventually { try await projection.checkpoint()?.position == head + 1 })
        for runner in runners { runner.cancel() }
        for runner in runners { await runner.value }
        await projection.store.pool.close()
    }
}

@Suite("Projections: the date moves on")
struct ProjectionRefreshTests {
    @Test func aFutureDatedPromotionBecomesCurrentOnItsDay() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let store = EventStore(pool: database.pool())
        let clock = NIOLockedValueBox(CivilDate(year: 2026, month: 3, day: 1)!)
        let projection = EmployeeProjection(store: store, today: { clock.withLockedValue { $0 } })
        let log = CareerLog(store: store)
        let nip = try NIP("198609262015051001")
        let decree = Decree(number: "800/9", date: CivilDate(year: 2026, month: 2, day: 1)!, signedBy: "Bupati")
        try await log.record(
            [
                CareerRecord(
                    nip: nip, effectiveDate: CivilDate(year: 2015, month: 5, day: 1)!, decree: decree, recordedBy: "op",
                    event: .cpnsAppointed(
                        CpnsAppointed(
                            grade: .IIIc, post: Post(title: "Analis", kind: .pelaksana, org: OrgUnit(unit: "BKD", agency: "Sleman")),
                            education: .s2))),
                CareerRecord(
                    nip: nip, effectiveDate: CivilDate(year: 2026, month: 4, day: 1)!, decree: decree, recordedBy: "op",
                    event: .gradePromoted(GradePromoted(from: .IIIc, to: .IIId, kind: .regular))),
            ], by: .test)
        try await projection.applyNext()
        func grade() async throws -> String? {
            try await store.pool.query("SELECT grade FROM employee_current").firstRow?.decode(String.self, at: 0)
        }
        #expect(try await grade() == "III/c")
        #expect(try await projection.refresh(since: CivilDate(year: 2026, month: 3, day: 1)!) == 0)
        clock.withLockedValue { $0 = CivilDate(year: 2026, month: 4, day: 2)! }
        #expect(try await projection.refresh(since: CivilDate(year: 2026, month: 3, day: 1)!) == 1)
        #expect(try await grade() == "III/d")
        await store.pool.close()
    }
}
