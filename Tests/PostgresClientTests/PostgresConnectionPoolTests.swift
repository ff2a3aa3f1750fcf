import Foundation
import NIOConcurrencyHelpers
import PostgresClient
import TestSupport
import Testing

@Suite("Connection pool")
struct PostgresConnectionPoolTests {
    @Test func neverOpensMoreThanItsBound() async throws {
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let pool = database.pool(maxConnections: 2)
        let inUse = NIOLockedValueBox((now: 0, peak: 0))
        let pids = try await withThrowingTaskGroup(of: Int32.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    try await pool.withConnection { connection in
                        inUse.withLockedValue {
                            $0.now += 1
                            $0.peak = max($0.peak, $0.now)
                        }
                        defer { inUse.withLockedValue { $0.now -= 1 } }
                        try connection.query("SELECT pg_sleep(0.02)")
                        return connection.backendPID
                    }
                }
            }
            return try await group.reduce(into: Set<Int32>()) { $0.insert($1) }
        }
        #expect(pids.count <= 2)
        #expect(inUse.withLockedValue { $0.peak } <= 2)
        #expect(pool.openConnections <= 2)
        await pool.close()
    }

    @Test func replacesAConnectionWhoseBackendWasKilled() async throws {
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let pool = database.pool(maxConnections: 1)
        let first = try await pool.query("SELECT pg_backend_pid()").firstRow?.decode(Int32.self, at: 0)
        let admin = try database.connect()
        defer { admin.close() }
        // Wait (up to 5 s) until the backend is really gone.
        let killed = try admin.query("SELECT pg_terminate_backend(\(first), 5000)").firstRow?.decode(Bool.self, at: 0)
        #expect(killed == true)
        let second = try await pool.query("SELECT pg_backend_pid()").firstRow?.decode(Int32.self, at: 0)
        #expect(second != nil)
        #expect(second != first)
        #expect(pool.openConnections == 1)
        await pool.close()
    }

    @Test func aConnectionKilledMidUseFailsThatCallOnlyAndIsReplaced() async throws {
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let pool = database.pool(maxConnections: 1)
        let admin = try database.connect()
        defer { admin.close() }
        let error = await #expect(throws: PostgresError.self) {
            try await pool.withConnection { connection in
                let pid = connection.backendPID
                try admin.query("SELECT pg_terminate_backend(\(pid), 5000)")
                try connection.query("SELECT 1")
            }
        }
        #expect(error?.isConnectionLost == true)
        let value = try await pool.query("SELECT 7").firstRow?.decode(Int.self, at: 0)
        #expect(value == 7)
        await pool.close()
    }

    @Test func leftOpenTransactionsAreRolledBack() async throws {
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let pool = database.pool(maxConnections: 1)
        try await pool.query("CREATE TABLE t (v int)")
        try await pool.withConnection { connection in
            try connection.runScript("BEGIN")
            try connection.query("INSERT INTO t VALUES (1)")
        }
        #expect(try await pool.query("SELECT count(*) FROM t").firstRow?.decode(Int.self, at: 0) == 0)
        await pool.close()
    }

    @Test func closedPoolRefusesWork() async throws {
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        let pool = database.pool(maxConnections: 1)
        await pool.close()
        let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
        #expect(error?.code == .poolClosed)
    }

    @Test func aWaitForAConnectionEndsOnItsTimeoutOrCancellationAndTheLineMovesOn() async throws {
        let database = try await TestCluster.shared.makeDatabase(migrated: false)
        for acquireTimeout in [Duration.milliseconds(200), nil] {
            let pool = PostgresConnectionPool(
                configuration: .init(conninfo: database.conninfo, maxConnections: 1, acquireTimeout: acquireTimeout))
            let gate = DispatchSemaphore(value: 0)
            let holder = Task { try await pool.withConnection { _ in gate.wait() } }
            #expect(await eventually { pool.openConnections == 1 })
            let waiter = Task { try await pool.query("SELECT 1") }
            #expect(await eventually { pool.waitingCallers == 1 || acquireTimeout != nil })
            if acquireTimeout == nil { waiter.cancel() }
            do {
                _ = try await waiter.value
                Issue.record("the wait for a busy pool's only connection ended with a connection")
            } catch let error as PostgresError {
                #expect(acquireTimeout != nil && error.code == .timeout, "\(error)")
            } catch {
                #expect(acquireTimeout == nil && error is CancellationError, "\(error)")
            }
            #expect(pool.waitingCallers == 0)
            gate.signal()
            try await holder.value
            // Nobody is left waiting for a connection that will never come, and the next caller is served.
            #expect(try await pool.query("SELECT 41 + 1").firstRow?.decode(Int.self, at: 0) == 42)
            await pool.close()
        }
    }
}
