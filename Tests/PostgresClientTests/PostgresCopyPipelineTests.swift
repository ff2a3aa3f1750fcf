import Foundation
import PostgresClient
import TestSupport
import Testing

@Suite("COPY, pipelines and notifications")
struct PostgresCopyPipelineTests {
    @Test func copyRoundTripsOneHundredThousandRows() async throws {
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        defer { connection.close() }
        try connection.query("CREATE TABLE c (n bigint, label text, note text)")
        func label(_ n: Int) -> String { n % 7 == 0 ? "tab\there\\ and\nnewline\r ✓ \\N" : "row \(n)" }
        let stored = try connection.copyFrom("COPY c FROM STDIN") { writer in
            for n in 0..<100_000 {
                try writer.writeTextRow([String(n), label(n), n % 10 == 0 ? nil : "Dinas Kesehatan"])
            }
        }
        #expect(stored == 100_000)
        var expected = 0
        var mismatches = 0
        let read = try connection.copyTo("COPY (SELECT n, label, note FROM c ORDER BY n) TO STDOUT (FORMAT binary)") { _ in }
        #expect(read == 100_000)
        var reader = PostgresBinaryCopyReader()
        try connection.copyTo("COPY (SELECT n, label, note FROM c ORDER BY n) TO STDOUT (FORMAT binary)") { chunk in
            try reader.consume(chunk) { fields in
                var fields = fields
                let n = fields.int64()
                let text = fields.next().map { String(decoding: $0, as: UTF8.self) }
                let note = fields.next().map { String(decoding: $0, as: UTF8.self) }
                if n != Int64(expected) || text != label(expected) || note != (expected % 10 == 0 ? nil : "Dinas Kesehatan") {
                    mismatches += 1
                }
                expected += 1
            }
        }
        #expect(reader.finished)
        #expect(expected == 100_000)
        #expect(mismatches == 0)
    }

    @Test func binaryCopyInStoresTypedValues() async throws {
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        defer { connection.close() }
        try connection.query("CREATE TABLE b (n bigint, day date, at timestamptz, id uuid, raw bytea, doc json, v int)")
        let id = UUID()
        let day = try #require(PostgresDate(year: 2015, month: 5, day: 1))
        let at = PostgresTimestamp(microsecondsSinceUnixEpoch: 1_431_000_000_000_001)
        try connection.copyFrom("COPY b FROM STDIN (FORMAT binary)") { writer in
            try writer.write(PostgresBinaryCopy.header)
            var row = PostgresBinaryRow(fieldCount: 7)
            row.int64(42)
            row.date(day)
            row.timestamp(at)
            row.uuid(id)
            row.bytea([1, 2, 3])
            row.text(#"{"a":1}"#)
            row.null()
            try writer.write(row)
            try writer.write(PostgresBinaryCopy.trailer)
        }
        let result = try #require(try connection.query("SELECT n, day, at, id, raw, doc, v FROM b").firstRow)
        #expect(try result.decode(Int.self, at: 0) == 42)
        #expect(try result.decode(PostgresDate.self, at: 1) == day)
        #expect(try result.decode(PostgresTimestamp.self, at: 2) == at)
        #expect(try result.decode(UUID.self, at: 3) == id)
        #expect(try result.decode([UInt8].self, at: 4) == [1, 2, 3])
        #expect(try result.decode(String.self, at: 5) == #"{"a":1}"#)
        #expect(try result.decode(Int?.self, at: 6) == nil)
    }

    @Test func abortedCopyStoresNothing() async throws {
        struct Stop: Error {}
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        defer { connection.close() }
        try connection.query("CREATE TABLE c (n int)")
        #expect(throws: Stop.self) {
            try connection.copyFrom("COPY c FROM STDIN") { writer in
                for n in 0..<50_000 { try writer.writeTextRow([String(n)]) }
                throw Stop()
            }
        }
        #expect(try connection.query("SELECT count(*) FROM c").firstRow?.decode(Int.self, at: 0) == 0)
        #expect(try connection.query("SELECT 1").count == 1)
    }

    @Test func oneCopyFedAcrossCallsEndsAtFinishWithTheServersVerdict() async throws {
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        defer { connection.close() }
        try connection.query("CREATE TABLE c (n int CHECK (n <> 777))")
        // Three batches on one COPY: nothing is visible until it ends, then all of it.
        let watcher = try database.connect()
        defer { watcher.close() }
        let writer = try connection.beginCopyIn("COPY c FROM STDIN")
        for batch in 0..<3 {
            for n in (batch * 100)..<(batch * 100 + 100) { try writer.writeTextRow([String(n)]) }
            try writer.flush()
            #expect(try watcher.query("SELECT count(*) FROM c").firstRow?.decode(Int.self, at: 0) == 0)
        }
        #expect(try writer.finish() == 300)
        #expect(throws: PostgresError.self) { try writer.finish() }
        let stored = try #require(try connection.query("SELECT count(*), sum(n) FROM c").firstRow)
        #expect(try stored.decode(Int.self, at: 0) == 300 && stored.decode(Int.self, at: 1) == 44_850)

        // A row the server refuses early is reported when the COPY ends, and nothing is stored.
        let refused = try connection.beginCopyIn("COPY c FROM STDIN")
        for n in 700..<900 { try refused.writeTextRow([String(n)]) }
        let error = #expect(throws: PostgresError.self) { try refused.finish() }
        #expect(error?.sqlState == .checkViolation)
        #expect(try connection.query("SELECT count(*) FROM c").firstRow?.decode(Int.self, at: 0) == 300)

        // A transaction rolled back with its COPY still open: the COPY ends, nothing is kept.
        try connection.runScript("BEGIN")
        let open = try connection.beginCopyIn("COPY c FROM STDIN")
        for n in 1000..<1100 { try open.writeTextRow([String(n)]) }
        try open.flush()
        connection.rollbackQuietly()
        open.abort()
        #expect(try connection.query("SELECT count(*) FROM c").firstRow?.decode(Int.self, at: 0) == 300)
    }

    @Test func pipelineOfAThousandInsertsLandsWhole() async throws {
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        defer { connection.close() }
        try connection.query("CREATE TABLE p (n int PRIMARY KEY, label text)")
        let statements: [PostgresQuery] = (0..<1000).map { "INSERT INTO p VALUES (\($0), \("label \($0)"))" }
        let results = try connection.pipeline(statements + ["SELECT count(*) FROM p"])
        #expect(results.count == 1001)
        #expect(try results[1000].firstRow?.decode(Int.self, at: 0) == 1000)
    }

    @Test func failedPipelineStoresNothingAndNamesTheStatement() async throws {
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let connection = try database.connect()
        defer { connection.close() }
        try connection.query("CREATE TABLE p (n int PRIMARY KEY)")
        var statements: [PostgresQuery] = (0..<1000).map { "INSERT INTO p VALUES (\($0))" }
        statements[637] = "INSERT INTO p VALUES (\(5))"
        let error = #expect(throws: PostgresError.self) { try connection.pipeline(statements) }
        #expect(error?.statementIndex == 637)
        #expect(error?.sqlState == .uniqueViolation)
        #expect(try connection.query("SELECT count(*) FROM p").firstRow?.decode(Int.self, at: 0) == 0)
    }

    @Test func notifyWakesAWaitingListener() async throws {
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let listener = try database.connect()
        defer { listener.close() }
        try listener.listen("career_events")
        #expect(try listener.waitForNotifications(timeout: .milliseconds(50)).isEmpty)
        let sender = try database.connect()
        defer { sender.close() }
        let senderPID = sender.backendPID
        // The blocking wait runs on its own thread, never on the cooperative pool. A wait that
        // times out returns nothing, so receiving the notification shows that it woke the wait.
        let waiting = Task {
            try await withCheckedThrowingContinuation { continuation in
                Thread { continuation.resume(with: Result { try listener.waitForNotifications(timeout: .seconds(120)) }) }.start()
            }
        }
        try sender.notify("career_events", payload: "position 42")
        let received = try await waiting.value
        #expect(received == [PostgresNotification(channel: "career_events", payload: "position 42", senderPID: senderPID)])
    }
}
