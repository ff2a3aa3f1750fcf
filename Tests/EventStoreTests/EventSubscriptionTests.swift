import EventStore
import Foundation
import NIOConcurrencyHelpers
import PostgresClient
import TestSupport
import Testing

@Suite("Event store: subscriptions")
struct EventSubscriptionTests {
    /// Opens a transaction, appends one valid event by hand (the trigger accepts it), then rolls
    /// back: the position it used must be reused, never left as a hole.
    static func abortedAppend(_ connection: PostgresConnection, stream: String) throws {
        struct Abort: Error {}
        do {
            try connection.withTransaction { connection in
                try connection.query("SELECT pg_advisory_xact_lock(riwayat_append_lock())")
                guard
                    let head = try connection.query(
                        "SELECT position, hash, (extract(epoch FROM now()) * 1000000)::bigint FROM event_log_head"
                    ).firstRow
                else { return }
                var row = RecordedEvent(
                    position: try head.decode(Int64.self, at: 0) + 1, stream: stream, version: 1_000_000, id: UUID(),
                    type: "Aborted", schemaVersion: 1, effectiveDate: nil,
                    recordedAt: PostgresTimestamp(microsecondsSinceUnixEpoch: try head.decode(Int64.self, at: 2)),
                    payload: PostgresJSON(text: "{}"), metadata: PostgresJSON(text: "{}"),
                    previousHash: try head.decode([UInt8].self, at: 1), hash: [])
                row.hash = EventHash.compute(row)
                try connection.query(
                    """
                    INSERT INTO events (position, stream, version, event_id, event_type, schema_version, payload, metadata, prev_hash, hash)
                    SELECT \(row.position), \(stream + "-aborted"), 1, \(row.id),
                        'Aborted', 1, '{}', '{}', \(Data(row.previousHash)), \(Data(row.hash))
                    """)
                throw Abort()
            }
        } catch is Abort {}
    }

    @Test func aSubscriberSeesEveryCommittedEventOnceInOrderWhileEightWritersRace() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let reader = Fixtures.store(database, connections: 2)
        let target = NIOLockedValueBox<Int64?>(nil)
        let subscriber = Task {
            var positions = [Int64]()
            positions.reserveCapacity(25_000)
            for try await event in reader.subscribe(after: 0, batchSize: 500, pollInterval: .milliseconds(200)) {
                positions.append(event.position)
                if let goal = target.withLockedValue({ $0 }), event.position >= goal { break }
            }
            return positions
        }
        let eventsPerWriter = 2_600
        let committed = try await withThrowingTaskGroup(of: Int.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    // Each writer has its own pool: the race for the head happens in PostgreSQL.
                    let store = Fixtures.store(database, connections: 1)
                    let side = try database.connect()
                    defer { side.close() }
                    var generator = SystemRandomNumberGenerator()
                    var written = 0
                    var round = 0
                    while written < eventsPerWriter {
                        round += 1
                        if round % 25 == 0 { try Self.abortedAppend(side, stream: Fixtures.nip(writer)) }
                        let count = Int.random(in: 1...6, using: &generator)
                        let events = (0..<count).map { Fixtures.event(writer * 10_000 + written + $0) }
                        try await store.append(events, to: Fixtures.nip(writer * 100 + round % 7))
                        written += count
                        if Int.random(in: 0..<4, using: &generator) == 0 {
                            try await Task.sleep(for: .microseconds(Int.random(in: 100...2_000, using: &generator)))  // think time
                        }
                    }
                    await store.pool.close()
                    return written
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(committed >= 20_000)
        let head = try await reader.head().position
        #expect(head == Int64(committed))
        target.withLockedValue { $0 = head }
        // A notification may have been consumed before the target was set; new appends wake it too.
        try await reader.append([Fixtures.event(0)], to: "199901012020011001")
        let seen = try await subscriber.value
        #expect(Array(seen.prefix(committed)) == Array(1...Int64(committed)))
        #expect(try await reader.verify().firstBreak == nil)
        await reader.pool.close()
    }

    @Test func aSubscriptionResumesAfterItsCheckpoint() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let store = Fixtures.store(database)
        for n in 0..<10 { try await store.append([Fixtures.event(n)], to: Fixtures.nip(n)) }
        var first = [Int64]()
        for try await event in store.subscribe(after: 0, batchSize: 3) {
            first.append(event.position)
            if event.position == 6 { break }
        }
        #expect(first == [1, 2, 3, 4, 5, 6])
        var resumed = [Int64]()
        for try await event in store.subscribe(after: 6, batchSize: 3) {
            resumed.append(event.position)
            if event.position == 10 { break }
        }
        #expect(resumed == [7, 8, 9, 10])
        await store.pool.close()
    }

    @Test func aSubscriberIsWokenByANewAppendNotByPolling() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let store = Fixtures.store(database)
        try await store.append([Fixtures.event(0)], to: Fixtures.nip(0))
        // A one-minute poll interval: only the notification can deliver the second event quickly.
        var iterator = store.subscribe(after: 0, pollInterval: .seconds(60)).makeAsyncIterator()
        #expect(try await iterator.next()?.position == 1)
        let started = ContinuousClock.now
        let appending = Task { try await store.append([Fixtures.event(1)], to: Fixtures.nip(1)) }
        #expect(try await iterator.next()?.position == 2)
        #expect(ContinuousClock.now - started < .seconds(30))
        _ = try await appending.value
        await store.pool.close()
    }
}
