import EventStore
import Foundation
import PostgresClient
import TestSupport
import Testing

@Suite("Event store: appends")
struct EventStoreAppendTests {
    @Test func appendsGetGaplessPositionsVersionsAndAChain() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let store = Fixtures.store(database)
        let first = try await store.append([Fixtures.event(1), Fixtures.event(2)], to: "198609262015051001", expectedVersion: .noStream)
        let second = try await store.append([Fixtures.event(3)], to: "199001012015052002")
        let third = try await store.append([Fixtures.event(4)], to: "198609262015051001", expectedVersion: .exact(2))
        #expect(first.positions == [1, 2] && first.streamVersion == 2)
        #expect(second.positions == [3] && second.streamVersion == 1)
        #expect(third.positions == [4] && third.streamVersion == 3)
        let stream = try await store.readStream("198609262015051001")
        #expect(stream.map(\.version) == [1, 2, 3])
        #expect(stream.map(\.position) == [1, 2, 4])
        #expect(stream[0].previousHash == EventHash.genesis)
        #expect(stream[1].previousHash == stream[0].hash)
        #expect(stream.allSatisfy { EventHash.compute($0) == $0.hash })
        #expect(stream[0].payload == Fixtures.event(1).payload)
        let report = try await store.verify()
        #expect(report.firstBreak == nil)
        #expect(report.checked == 4)
        #expect(try await store.head().position == 4)
        await store.pool.close()
    }

    @Test func aStaleExpectedVersionStoresNothingAndSaysTheActualVersion() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let store = Fixtures.store(database)
        try await store.append([Fixtures.event(1), Fixtures.event(2)], to: "198609262015051001")
        let stale = await #expect(throws: EventStoreError.self) {
            try await store.append([Fixtures.event(3)], to: "198609262015051001", expectedVersion: .exact(1))
        }
        #expect(stale?.code == .versionConflict(expected: .exact(1), actual: 2))
        #expect(stale?.description.contains("actual version 2") == true)
        let exists = await #expect(throws: EventStoreError.self) {
            try await store.append([Fixtures.event(4)], to: "198609262015051001", expectedVersion: .noStream)
        }
        #expect(exists?.code == .versionConflict(expected: .noStream, actual: 2))
        #expect(try await store.head().position == 2)
        await store.pool.close()
    }

    @Test func twoConnectionsRacingOnOneVersionHaveExactlyOneWinner() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let setup = Fixtures.store(database, connections: 1)
        try await setup.append([Fixtures.event(0)], to: "198609262015051001")
        await setup.pool.close()
        for round in 0..<10 {
            // Separate stores, separate connections: the race is decided by the database.
            let racers = [Fixtures.store(database, connections: 1), Fixtures.store(database, connections: 1)]
            let version = round + 1
            let outcomes = await withTaskGroup(of: Result<AppendResult, any Error>.self) { group in
                for (index, racer) in racers.enumerated() {
                    group.addTask {
                        do {
                            return .success(
                                try await racer.append(
                                    [Fixtures.event(100 * round + index)], to: "198609262015051001", expectedVersion: .exact(version)))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                return await group.reduce(into: [Result<AppendResult, any Error>]()) { $0.append($1) }
            }
            let winners = outcomes.filter { if case .success = $0 { true } else { false } }
            let conflicts = outcomes.compactMap { outcome -> EventStoreError? in
                if case .failure(let error as EventStoreError) = outcome { return error }
                return nil
            }
            #expect(winners.count == 1)
            #expect(conflicts.map { $0.code } == [EventStoreError.Code.versionConflict(expected: .exact(version), actual: version + 1)])
            for racer in racers { await racer.pool.close() }
        }
        let check = Fixtures.store(database)
        #expect(try await check.streamVersion("198609262015051001") == 11)
        await check.pool.close()
    }

    @Test func reAppendingTheSameEventsIsANoOpAndChangedContentIsRefused() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let store = Fixtures.store(database)
        let events = [Fixtures.event(1), Fixtures.event(2), Fixtures.event(3)]
        let first = try await store.append(events, to: "198609262015051001", expectedVersion: .noStream)
        try await store.append([Fixtures.event(9)], to: "199001012015052002")
        // The same call again (even with its now-stale expected version) returns the originals.
        let again = try await store.append(events, to: "198609262015051001", expectedVersion: .noStream)
        #expect(again.positions == first.positions)
        #expect(again.alreadyStored == 3)
        #expect(try await store.head().position == 4)
        // One event alone goes through riwayat_append_one: the same answer.
        let single = try await store.append([events[1]], to: "198609262015051001", expectedVersion: .exact(0))
        #expect(single.positions == [first.positions[1]] && single.alreadyStored == 1 && single.streamVersion == 3)

        var changed = events[1]
        changed.payload = PostgresJSON(text: #"{"jp":99}"#)
        let refused = await #expect(throws: EventStoreError.self) {
            try await store.append([changed], to: "198609262015051001")
        }
        #expect(refused?.code == .idempotencyConflict(eventID: changed.id))
        let movedStream = await #expect(throws: EventStoreError.self) {
            try await store.append([events[0]], to: "199001012015052002")
        }
        #expect(movedStream?.code == .idempotencyConflict(eventID: events[0].id))
        #expect(try await store.head().position == 4)
        await store.pool.close()
    }

    @Test func invalidInputIsRefusedWithFieldAndRuleAndStoresNothing() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let store = Fixtures.store(database)
        var badJSON = Fixtures.event(1)
        badJSON.payload = PostgresJSON(text: "{not json")
        let json = await #expect(throws: EventStoreError.self) { try await store.append([badJSON], to: "198609262015051001") }
        #expect(json?.code == .invalidEvent(field: "payload", rule: "must be valid JSON"))
        let twice = Fixtures.event(2)
        let duplicate = await #expect(throws: EventStoreError.self) { try await store.append([twice, twice], to: "198609262015051001") }
        #expect(duplicate?.code == .invalidEvent(field: "events[1].id", rule: "appears twice in one append"))
        let empty = await #expect(throws: EventStoreError.self) { try await store.append([], to: "198609262015051001") }
        #expect(empty?.code == .invalidEvent(field: "events", rule: "must hold at least one event"))
        #expect(try await store.head().position == 0)
        await store.pool.close()
    }

    @Test func concurrentAppendsThroughOneStoreShareTransactionsAndStayOrdered() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let store = Fixtures.store(database, connections: 2)
        let results = try await withThrowingTaskGroup(of: AppendResult.self) { group in
            for writer in 0..<16 {
                group.addTask {
                    try await store.append([Fixtures.event(writer), Fixtures.event(writer + 100)], to: Fixtures.nip(writer))
                }
            }
            return try await group.reduce(into: [AppendResult]()) { $0.append($1) }
        }
        #expect(results.flatMap(\.positions).sorted() == Array(1...32))
        #expect(results.allSatisfy { $0.positions[1] == $0.positions[0] + 1 })
        #expect(try await store.verify().firstBreak == nil)
        await store.pool.close()
    }

    @Test func aBatchOfManyStreamsGoesInByCopyAndVerifies() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let store = Fixtures.store(database)
        let requests = (0..<50).map { stream in
            AppendRequest(stream: Fixtures.nip(stream), events: (0..<20).map { Fixtures.event(stream * 20 + $0) })
        }
        let outcomes = try await store.appendBatch(requests)
        let positions = try outcomes.flatMap { try $0.get().positions }
        #expect(positions == Array(1...1000))
        let again = try await store.appendBatch(requests)
        #expect(try again.allSatisfy { try $0.get().alreadyStored == 20 })
        #expect(try await store.head().position == 1000)
        let report = try await store.verify()
        #expect(report.firstBreak == nil && report.checked == 1000)
        await store.pool.close()
    }

    @Test func aFirstLoadSortsOutReSentIdsLikeAppendsAndCommitsAVerifiedLog() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let store = Fixtures.store(database)
        let load = try #require(try await FirstLoad.begin(store: store))
        try await load.reserve(events: 100)
        let events = (0..<40).map { Fixtures.event($0) }
        let first = try await load.append([
            AppendRequest(stream: Fixtures.nip(1), events: Array(events[0..<20]), expectedVersion: .noStream),
            AppendRequest(stream: Fixtures.nip(2), events: Array(events[20..<40])),
        ])
        #expect(try first.map { try $0.get().positions } == [Array(1...20), Array(21...40)])

        var changed = events[5]
        changed.payload = PostgresJSON(text: #"{"jp":5,"name":"Pelatihan 5 — Dinas Pendidikan "}"#)
        var accented = Fixtures.event(41)
        accented.payload = PostgresJSON(text: #"{"name":"Pelatihan Kepala Sekolah — Tanjung Priok é"}"#)
        let second = try await load.append([
            AppendRequest(stream: Fixtures.nip(1), events: Array(events[0..<3]), expectedVersion: .noStream),  // a re-send
            AppendRequest(stream: Fixtures.nip(1), events: [changed]),
            AppendRequest(stream: Fixtures.nip(3), events: [events[7]]),  // an id stored under another stream
            AppendRequest(stream: Fixtures.nip(2), events: [Fixtures.event(40)], expectedVersion: .exact(19)),
            AppendRequest(stream: Fixtures.nip(4), events: [accented]),
        ])
        #expect(try second[0].get().positions == [1, 2, 3] && second[0].get().alreadyStored == 3)
        #expect(second[1].failureCode == .idempotencyConflict(eventID: changed.id))
        #expect(second[2].failureCode == .idempotencyConflict(eventID: events[7].id))
        #expect(second[3].failureCode == .versionConflict(expected: .exact(19), actual: 20))
        #expect(try second[4].get().positions == [41])
        // NFC and NFD spellings of one text are equal Swift strings but different bytes: a
        // different content, as the store (which compares bytes) would say.
        var nfd = accented
        nfd.payload = PostgresJSON(text: accented.payload.text.decomposedStringWithCanonicalMapping)
        #expect(nfd.payload.text == accented.payload.text && Array(nfd.payload.text.utf8) != Array(accented.payload.text.utf8))
        let third = try await load.append([AppendRequest(stream: Fixtures.nip(4), events: [nfd])])
        #expect(third[0].failureCode == .idempotencyConflict(eventID: accented.id))
        try await load.commit()

        #expect(try await store.head().position == 41)
        let report = try await store.verify()
        #expect(report.firstBreak == nil && report.checked == 41)
        await store.pool.close()
    }

    @Test func aFirstLoadDropsTheAppendTriggerOnlyWhenTheWholeLoadCheckExists() async throws {
        // On a schema from before migration 0010 (no riwayat_check_first_load) the trigger must
        // stay and check the COPY: dropping it there would leave the commit nothing to call.
        // Either way the load commits a verified log and the trigger is as it was.
        for withCheck in [true, false] {
            let database = try await TestCluster.shared.makeDatabase()
            let watcher = try database.connect()
            defer { watcher.close() }
            if !withCheck {
                try watcher.runScript(
                    "DROP FUNCTION riwayat_first_load_begin(); DROP FUNCTION riwayat_first_load_finish(); DROP FUNCTION "
                        + "riwayat_check_first_load()"
                )
            }
            func trigger() throws -> String? {
                try watcher.query(
                    """
                    SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = 'events'::regclass AND tgname = 'events_append'
                    """
                ).firstRow?.decode(String.self, at: 0)
            }
            let before = try #require(try trigger())
            let store = Fixtures.store(database)
            let load = try #require(try await FirstLoad.begin(store: store))
            _ = try await load.append([AppendRequest(stream: Fixtures.nip(1), events: (0..<5).map { Fixtures.event($0) })])
            try await load.commit()
            #expect(try trigger() == before, "withCheck: \(withCheck)")
            #expect(try await store.head().position == 5)
            #expect(try await store.verify().firstBreak == nil)
            await store.pool.close()
        }
    }
}

extension Result where Failure == EventStoreError {
    /// The refusal's code, if refused.
    var failureCode: EventStoreError.Code? {
        if case .failure(let error) = self { return error.code }
        return nil
    }
}
