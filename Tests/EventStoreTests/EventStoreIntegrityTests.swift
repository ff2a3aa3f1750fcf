import EmbeddedPostgres
import EventStore
import Foundation
import PostgresClient
import SchemaMigrations
import TestSupport
import Testing

@Suite("Event store: immutability and tamper evidence")
struct EventStoreIntegrityTests {
    /// A store with `count` events over a few streams.
    static func filledStore(_ count: Int = 30) async throws -> (TestDatabase, EventStore) {
        let database = try await TestCluster.shared.makeDatabase()
        let store = Fixtures.store(database)
        for n in 0..<count {
            try await store.append([Fixtures.event(n)], to: Fixtures.nip(n % 3))
        }
        return (database, store)
    }

    @Test func updateDeleteAndTruncateAreRejectedEvenForTheOwner() async throws {
        let (database, store) = try await Self.filledStore(3)
        let connection = try database.connect()
        defer { connection.close() }
        for statement: PostgresQuery in [
            "UPDATE events SET payload = '{}' WHERE position = 1", "DELETE FROM events WHERE position = 1",
            "TRUNCATE events", "DELETE FROM event_log_head",
        ] {
            let error = #expect(throws: PostgresError.self) { try connection.query(statement) }
            #expect(error?.sqlState == SQLState("RW001"))
        }
        // The writer role is stopped by privileges before any trigger.
        try connection.runScript("SET ROLE riwayat_writer")
        for statement: PostgresQuery in [
            "UPDATE events SET payload = '{}'", "DELETE FROM events", "TRUNCATE events", "UPDATE event_log_head SET position = 0",
        ] {
            let error = #expect(throws: PostgresError.self) { try connection.query(statement) }
            #expect(error?.sqlState == .insufficientPrivilege)
        }
        try connection.runScript("RESET ROLE")
        #expect(try Fixtures.count(connection) == 3)
        #expect(try EventStoreSchema.immutabilityViolations(on: connection).isEmpty)
        await store.pool.close()
    }

    @Test func aMigrationThatWeakensImmutabilityIsRolledBack() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let connection = try database.connect()
        defer { connection.close() }
        let project = try Migration.load(directory: Migration.locateDirectory())
        for (index, weakening) in [
            "ALTER TABLE events DISABLE TRIGGER events_no_update_or_delete;",
            "DROP TRIGGER events_no_truncate ON events;",
            "GRANT UPDATE ON events TO riwayat_writer;",
            "GRANT DELETE ON events TO PUBLIC;",
        ].enumerated() {
            let extra = try Migration(name: String(format: "%04d_weaken.sql", 9000 + index), sql: weakening)
            let error = #expect(throws: MigrationError.self) {
                try Migrator(migrations: project + [extra], invariants: EventStoreSchema.invariants).migrate(on: connection)
            }
            guard case .invariantBroken(let name, _, _)? = error else {
                Issue.record("expected the invariant to stop \(weakening), got \(String(describing: error))")
                continue
            }
            #expect(name == extra.name)
        }
        #expect(try EventStoreSchema.immutabilityViolations(on: connection).isEmpty)
    }

    @Test func theTriggerRefusesRowsThatDoNotContinueTheLog() async throws {
        let (database, store) = try await Self.filledStore(2)
        let connection = try database.connect()
        defer { connection.close() }
        let head = try await store.head()
        func insert(position: Int64, previous: [UInt8], version: Int, recordedAt: String? = nil) throws {
            try connection.query(
                """
                INSERT INTO events (position, stream, version, event_id, event_type, schema_version, payload, metadata, prev_hash,
                    hash, recorded_at)
                VALUES (\(position),
                    'X', \(version), \(UUID()), 'Forged', 1, '{}', '{}', \(Data(previous)), \(Data(repeating: 7, count: 32)),
                        coalesce(\(recordedAt)::timestamptz, now()))
                """)
        }
        for attempt in [
            { try insert(position: head.position + 2, previous: head.hash, version: 1) },  // a hole
            { try insert(position: head.position + 1, previous: EventHash.genesis, version: 1) },  // wrong link
            { try insert(position: head.position + 1, previous: head.hash, version: 2) },  // version skips 1
            { try insert(position: head.position + 1, previous: head.hash, version: 1, recordedAt: "2001-01-01") },  // client time
        ] {
            let error = #expect(throws: PostgresError.self) { try attempt() }
            #expect(error?.sqlState == SQLState("RW002"))
        }
        // riwayat_append_one's rows skip the trigger (migration 0008); the writer role cannot
        // claim that path by setting its flag: its rows are still checked.
        try connection.runScript("SET ROLE riwayat_writer; SET riwayat.trusted_append = 'on'")
        let claimed = #expect(throws: PostgresError.self) { try insert(position: head.position + 2, previous: head.hash, version: 1) }
        #expect(claimed?.sqlState == SQLState("RW002"))
        try connection.runScript("RESET riwayat.trusted_append; RESET ROLE")
        #expect(try Fixtures.count(connection) == 2)
        await store.pool.close()
    }

    @Test func intoAnEmptyLogEveryStreamStartsAtVersionOneEvenWithoutIndexes() async throws {
        // A first load drops the indexes of `events`; the trigger then checks stream versions
        // without looking anything up (migration 0009).
        let database = try await TestCluster.shared.makeDatabase()
        let connection = try database.connect()
        defer { connection.close() }
        try connection.runScript(
            """
            BEGIN;
            ALTER TABLE events DROP CONSTRAINT events_stream_version_key, DROP CONSTRAINT events_pkey;
            """)
        func insert(versions: [(String, Int)]) throws {
            // Positions 1, 2, …, linked from the genesis hash: only the versions can be wrong.
            let hashes = versions.indices.map { Data(repeating: UInt8($0 + 1), count: 32) }
            let previous = [Data(EventHash.genesis)] + hashes.dropLast()
            try connection.withSavepoint { connection in
                try connection.query(
                    """
                    INSERT INTO events (position, stream, version, event_id, event_type, schema_version, payload, metadata, prev_hash, hash)
                    SELECT p, s, v, gen_random_uuid(), 'Forged', 1, '{}', '{}', ph, h
                    FROM unnest(\(versions.indices.map { Int64($0 + 1) })::bigint[], \(versions.map(\.0))::text[],
                                \(versions.map(\.1))::integer[], \(previous)::bytea[], \(hashes)::bytea[]) AS t(p, s, v, ph, h)
                    """)
            }
        }
        for refused in [[("A", 1), ("B", 2)], [("A", 2), ("A", 3)], [("A", 1), ("A", 3)]] {
            let error = #expect(throws: PostgresError.self) { try insert(versions: refused) }
            #expect(error?.sqlState == SQLState("RW002"), "\(refused)")
        }
        try insert(versions: [("A", 1), ("B", 1), ("A", 2)])
        #expect(try Fixtures.count(connection) == 3)
        try connection.runScript("ROLLBACK")
    }

    @Test func theFirstLoadCheckRefusesWhatTheTriggerRefusesOverTheWholeLog() async throws {
        // A first load drops the append trigger and calls riwayat_check_first_load() once its
        // unique indexes are back (migration 0010). Each attempt below runs in a savepoint that
        // is rolled back afterwards, so every one starts from the empty log.
        let database = try await TestCluster.shared.makeDatabase()
        let connection = try database.connect()
        defer { connection.close() }
        try connection.runScript("BEGIN; DROP TRIGGER events_append ON events")
        struct Row { var position: Int64, stream: String, version: Int }
        func load(_ rows: [Row], brokenLinkAt broken: Int? = nil, clientTime: Bool = false, before: String = "") throws -> Int64? {
            try connection.runScript("SAVEPOINT attempt")
            defer { try? connection.runScript("ROLLBACK TO SAVEPOINT attempt; RELEASE SAVEPOINT attempt") }
            if !before.isEmpty { try connection.runScript(before) }
            let hashes = rows.indices.map { Data(repeating: UInt8($0 + 1), count: 32) }
            var previous = Array(([Data(EventHash.genesis)] + hashes).prefix(rows.count))
            if let broken { previous[broken] = Data(repeating: 0xEE, count: 32) }
            if !rows.isEmpty {
                try connection.query(
                    """
                    INSERT INTO events (position, stream, version, event_id, event_type, schema_version, payload, metadata, prev_hash,
                        hash, recorded_at)
                    SELECT p, s, v, gen_random_uuid(),
                        'Forged', 1, '{}', '{}', ph, h, CASE WHEN \(clientTime) THEN '2001-01-01' ELSE now() END
                    FROM unnest(\(rows.map(\.position))::bigint[], \(rows.map(\.stream))::text[], \(rows.map(\.version))::integer[],
                                \(previous)::bytea[], \(hashes)::bytea[]) AS t(p, s, v, ph, h)
                    """)
            }
            let last = try connection.query("SELECT riwayat_check_first_load()").firstRow?.decode(Int64.self, at: 0)
            let head = try connection.query("SELECT position, hash FROM event_log_head").firstRow
            #expect(try head?.decode(Int64.self, at: 0) == last)
            #expect(try head?.decode(Data.self, at: 1) == hashes.last ?? Data(EventHash.genesis))
            return last
        }
        let good = [
            Row(position: 1, stream: "A", version: 1), Row(position: 2, stream: "B", version: 1), Row(position: 3, stream: "A", version: 2),
        ]
        #expect(try load(good) == 3)
        #expect(try load([]) == 0)
        let refusals: [(String, () throws -> Int64?)] = [
            ("a hole", { try load([good[0], Row(position: 3, stream: "B", version: 1)]) }),
            ("not from 1", { try load([Row(position: 2, stream: "A", version: 1), Row(position: 3, stream: "B", version: 1)]) }),
            ("a broken link", { try load(good, brokenLinkAt: 2) }),
            ("a stream from 2", { try load([Row(position: 1, stream: "A", version: 2)]) }),
            ("a version skipped", { try load([good[0], Row(position: 2, stream: "A", version: 3)]) }),
            ("client time", { try load(good, clientTime: true) }),
            ("a log that was not empty", { try load(good, before: "UPDATE event_log_head SET position = 7") }),
            // Without the unique indexes, repeated positions could pass the counts: refused outright.
            ("no unique index", { try load(good, before: "ALTER TABLE events DROP CONSTRAINT events_pkey") }),
        ]
        for (name, attempt) in refusals {
            let error = #expect(throws: PostgresError.self, "\(name)") { _ = try attempt() }
            #expect(error?.sqlState == SQLState("RW002"), "\(name)")
        }
        #expect(try Fixtures.count(connection) == 0)
        try connection.runScript("ROLLBACK")
    }

    /// Runs `tamper` as a superuser with the triggers switched off, then verifies.
    static func tamper(_ sql: String) async throws -> ChainBreak? {
        let (database, store) = try await filledStore()
        let connection = try database.connect()
        defer { connection.close() }
        try connection.runScript("SET session_replication_role = replica; \(sql); SET session_replication_role = origin")
        let report = try await store.verify()
        await store.pool.close()
        return report.firstBreak
    }

    @Test func anEditedPayloadIsFoundAsChanged() async throws {
        let found = try await Self.tamper("UPDATE events SET payload = '{\"jp\":40}' WHERE position = 17")
        #expect(found?.kind == .changed)
        #expect(found?.position == 17)
        #expect(found?.stream == Fixtures.nip(16 % 3))
    }

    @Test func aDeletedRowIsFoundAsMissing() async throws {
        let found = try await Self.tamper("DELETE FROM events WHERE position = 12")
        #expect(found?.kind == .missing)
        #expect(found?.position == 12)
    }

    @Test func aDeletedLastRowIsFoundAsMissing() async throws {
        let found = try await Self.tamper("DELETE FROM events WHERE position = 30")
        #expect(found?.kind == .missing)
        #expect(found?.position == 30)
    }

    @Test func aForgedRowIsFoundAsInserted() async throws {
        let found = try await Self.tamper(
            """
            INSERT INTO events (position, stream, version, event_id, event_type, schema_version, payload, metadata, prev_hash, hash)
            SELECT 31, '198609262015051001', 99, gen_random_uuid(), 'GradePromoted', 1, '{"to":"IV/e"}', '{}', hash, sha256('forged')
            FROM events WHERE position = 30
            """)
        #expect(found?.kind == .inserted)
        #expect(found?.position == 31)
    }

    @Test func swappedRowsAreFoundAsReordered() async throws {
        let found = try await Self.tamper(
            """
            CREATE TEMP TABLE moved AS SELECT * FROM events WHERE position IN (8, 9);
            DELETE FROM events WHERE position IN (8, 9);
            INSERT INTO events SELECT CASE position WHEN 8 THEN 9 ELSE 8 END, stream, version, event_id, event_type,
                schema_version, effective_date, recorded_at, payload, metadata, prev_hash, hash FROM moved
            """)
        #expect(found?.kind == .reordered)
        #expect(found?.position == 8)
    }

    @Test func aRowSlippedInWithRenumberingIsFoundAsInserted() async throws {
        // The forger shifts every event from position 20 up by one and fills 20 with a forgery.
        let found = try await Self.tamper(
            """
            CREATE TEMP TABLE later AS SELECT * FROM events WHERE position >= 20;
            DELETE FROM events WHERE position >= 20;
            INSERT INTO events SELECT position + 1, stream, version, event_id, event_type, schema_version, effective_date,
                recorded_at, payload, metadata, prev_hash, hash FROM later;
            INSERT INTO events (position, stream, version, event_id, event_type, schema_version, payload, metadata, prev_hash, hash)
            SELECT 20, 'X', 1, gen_random_uuid(), 'Forged', 1, '{}', '{}', hash, sha256('x') FROM events WHERE position = 19
            """)
        #expect(found?.kind == .inserted)
        #expect(found?.position == 20)
    }

    @Test func aSealIsExtendedByLaterAppendsAndBrokenByRewrites() async throws {
        let (database, store) = try await Self.filledStore(10)
        let seal = try await store.seal()
        #expect(seal.position == 10)
        #expect(LogSeal(seal.description) == seal)
        try await store.append([Fixtures.event(99)], to: Fixtures.nip(1))
        let extended = try await store.verify(seal: seal)
        #expect(extended.firstBreak == nil)
        #expect(extended.extendsSeal == true)

        var foreign = seal
        foreign.instance = UUID()
        #expect(try await store.verify(seal: foreign).extendsSeal == false)

        var ahead = seal
        ahead.position = 50
        let short = try await store.verify(seal: ahead)
        #expect(short.firstBreak?.kind == .missing)
        #expect(short.extendsSeal == false)

        let connection = try database.connect()
        defer { connection.close() }
        try connection.runScript("SET session_replication_role = replica; UPDATE events SET payload = '{}' WHERE position = 4")
        let broken = try await store.verify(seal: seal)
        #expect(broken.extendsSeal == false)
        #expect(broken.firstBreak?.position == 4)
        await store.pool.close()
    }

    @Test func aDumpRestoredIntoAFreshDatabaseKeepsTheHeadHash() async throws {
        let (database, store) = try await Self.filledStore(25)
        let before = try await store.verify()
        #expect(before.firstBreak == nil)
        let binaries = try PostgresBinaries.locate()
        let dump = FileManager.default.temporaryDirectory.path + "/riwayat-dump-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dump) }
        let dumped = try binaries.run("pg_dump", ["-Fc", "-f", dump, "-d", database.conninfo])
        #expect(dumped.status == 0, "\(dumped.output)")
        let fresh = try await TestCluster.shared.makeDatabase(migrated: false)
        let restored = try binaries.run("pg_restore", ["--no-owner", "-d", fresh.conninfo, dump])
        #expect(restored.status == 0, "\(restored.output)")
        let copy = Fixtures.store(fresh)
        let after = try await copy.verify()
        #expect(after.firstBreak == nil)
        #expect(after.head.position == before.head.position)
        #expect(after.head.hash == before.head.hash)
        #expect(try await copy.verify(seal: try await store.seal()).extendsSeal == true)
        await store.pool.close()
        await copy.pool.close()
    }
}
