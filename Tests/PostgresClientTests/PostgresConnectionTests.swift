import Foundation
import PostgresClient
import TestSupport
import Testing

@Suite("libpq binding against a real server")
struct PostgresConnectionTests {
    @Test func everySupportedTypeRoundTrips() async throws {
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        defer { connection.close() }
        try connection.query(
            """
            CREATE TABLE sample (
                id serial PRIMARY KEY, i8 bigint, i4 integer, f8 double precision, flag boolean,
                body text, at timestamptz, day date, uid uuid, raw bytea, doc jsonb, doc_json json)
            """)
        let uuid = UUID()
        let instant = PostgresTimestamp(microsecondsSinceUnixEpoch: 1_700_000_000_123_456)
        let day = try #require(PostgresDate(year: 1986, month: 9, day: 26))
        let raw = Data([0, 1, 2, 254, 255])
        let texts = [
            "", "Penata Muda Tk I — Dinas Pendidikan", "Robert'); DROP TABLE sample; --",
            String(repeating: "x", count: 1_000_000), "line\nbreak\ttab\\backslash",
        ]
        for text in texts {
            try connection.query(
                """
                INSERT INTO sample (i8, i4, f8, flag, body, at, day, uid, raw, doc, doc_json)
                VALUES (\(Int64.max), \(Int32.min), \(3.141592653589793), \(true), \(text), \(instant), \(day),
                        \(uuid), \(raw), \(PostgresJSON(text: #"{"nip": "198609262015051001"}"#)),
                            \(PostgresJSON(text: #"{"b":1,  "a":2}"#)))
                """)
        }
        let rows = try connection.query("SELECT i8, i4, f8, flag, body, at, day, uid, raw, doc, doc_json FROM sample ORDER BY id")
        #expect(rows.count == texts.count)
        for (row, text) in zip(rows, texts) {
            let (i8, i4, f8, flag, body) = try row.decode((Int64, Int32, Double, Bool, String).self)
            #expect(i8 == Int64.max)
            #expect(i4 == Int32.min)
            #expect(f8 == 3.141592653589793)
            #expect(flag)
            #expect(body == text)
            #expect(try row.decode(PostgresTimestamp.self, at: 5) == instant)
            #expect(abs(try row.decode(Date.self, at: 5).timeIntervalSince(instant.date)) < 0.000_001)
            #expect(try row.decode(PostgresDate.self, at: 6) == day)
            #expect(try row.decode(UUID.self, at: 7) == uuid)
            #expect(try row.decode(Data.self, at: 8) == raw)
            struct Doc: Decodable { var nip: String }
            #expect(try row.decodeJSON(Doc.self, at: 9).nip == "198609262015051001")
            #expect(try row.decode(PostgresJSON.self, at: 10).text == #"{"b":1,  "a":2}"#)
        }
        #expect(try connection.query("SELECT count(*) FROM sample").firstRow?.decode(Int.self, at: 0) == texts.count)
    }

    @Test func nullsDecodeAsOptionalsAndFailAsValues() async throws {
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        defer { connection.close() }
        let none: String? = nil
        let row = try #require(try connection.query("SELECT \(none)::text AS missing, 'abc'::text AS word").firstRow)
        #expect(try row.decode(String?.self, at: 0) == nil)
        #expect(try row.decode(String?.self, column: "word") == "abc")
        let nullError = #expect(throws: PostgresError.self) { try row.decode(String.self, at: 0) }
        #expect(nullError?.column == "missing")
        let typeError = #expect(throws: PostgresError.self) { try row.decode(Int.self, column: "word") }
        #expect(typeError?.code == .decoding)
        #expect(typeError?.message.contains("\"word\"") == true)
    }

    @Test func nulCharactersAreRefusedNotTruncated() async throws {
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        defer { connection.close() }
        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT \("a\u{0}b")") }
        #expect(error?.code == .invalidQuery)
    }

    @Test func uniqueViolationCarriesSQLStateAndConstraint() async throws {
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        defer { connection.close() }
        try connection.query("CREATE TABLE people (nip text CONSTRAINT people_nip_key UNIQUE)")
        try connection.query("INSERT INTO people VALUES (\("198609262015051001"))")
        let error = #expect(throws: PostgresError.self) {
            try connection.query("INSERT INTO people VALUES (\("198609262015051001"))")
        }
        #expect(error?.sqlState == .uniqueViolation)
        #expect(error?.constraint == "people_nip_key")
        #expect(error?.table == "people")
        #expect(error?.detail?.contains("198609262015051001") == true)
    }

    @Test func thrownErrorRollsBackTheTransaction() async throws {
        struct Abort: Error {}
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        defer { connection.close() }
        try connection.query("CREATE TABLE t (v int)")
        #expect(throws: Abort.self) {
            try connection.withTransaction { connection in
                try connection.query("INSERT INTO t VALUES (1)")
                throw Abort()
            }
        }
        #expect(!connection.isInTransaction)
        try connection.withTransaction { connection in
            try connection.query("INSERT INTO t VALUES (2)")
            // A failed savepoint undoes only its own work.
            #expect(throws: Abort.self) {
                try connection.withSavepoint { connection in
                    try connection.query("INSERT INTO t VALUES (3)")
                    throw Abort()
                }
            }
        }
        let values = try connection.query("SELECT v FROM t ORDER BY v").map { try $0.decode(Int.self, at: 0) }
        #expect(values == [2])
    }

    @Test func swallowedServerErrorStillRollsBack() async throws {
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        defer { connection.close() }
        try connection.query("CREATE TABLE t (v int)")
        let error = #expect(throws: PostgresError.self) {
            try connection.withTransaction { connection in
                try connection.query("INSERT INTO t VALUES (1)")
                _ = try? connection.query("SELECT 1/0")
            }
        }
        #expect(error?.sqlState == .inFailedTransaction)
        #expect(try connection.query("SELECT count(*) FROM t").firstRow?.decode(Int.self, at: 0) == 0)
    }
}
