import Foundation
import NIOPosix
import PostgresClient

/// A bulk load into an empty log, in one transaction, as when a register is first migrated in
/// from another system.
///
/// The table is locked and all five of its indexes and its append trigger are dropped at the
/// start; every event goes in through one COPY, fed batch by batch as `append` is called, and the
/// indexes are built once at the end: about half the server time of keeping even two of them up
/// to date row by row, and the server works through one batch while the next is being checked
/// and hashed. The unique indexes, built again at the end, check every position, stream version
/// and event id; then `riwayat_check_first_load()` checks the whole log as the trigger checks an
/// append (positions from 1, the hash chain, stream versions from 1, the server's time; migration
/// 0010), moves the head, and the trigger is created again from its definition. Everything is
/// one transaction: a failure, a cancelled load or a killed process leaves the log empty with its
/// indexes and trigger in place, and the load can simply run again.
public final class FirstLoad: @unchecked Sendable {
    /// Built after the rows, in this order (the keys first: they check the load).
    static let deferredIndexes = [
        "events_pkey", "events_stream_version_key", "events_event_id_key", "events_type_position", "events_effective_date",
    ]
    /// The append trigger: dropped for the load (PostgreSQL would keep a copy of every row for
    /// its transition table even if it were only disabled), the load checked as a whole instead.
    static let appendTrigger = "events_append"

    private let thread: NIOThreadPool
    // Used only from `thread`.
    private let connection: PostgresConnection
    private var position: Int64 = 0
    private var lastHash = EventHash.genesis
    private var recordedAt = PostgresTimestamp(microsecondsSinceUnixEpoch: 0)
    private var versions = [String: Int]()
    private var stored = [UUID: (content: Int, position: Int64)]()
    private var rebuild = [String]()
    /// After the indexes: the whole-load check, then the trigger's definition (when dropped).
    private var check = [String]()
    private var restore = [String]()
    /// The load's one COPY, opened by the first rows.
    private var copy: PostgresCopyWriter?
    /// Whether the load's transaction is open: nothing may be written outside it.
    private var isOpen = false

    private init(connection: PostgresConnection, thread: NIOThreadPool) {
        self.connection = connection
        self.thread = thread
    }

    deinit {
        let connection = self.connection
        thread.shutdownGracefully { _ in connection.close() }
    }

    /// Opens a first load, or returns `nil` when it does not apply: the log is not empty, other
    /// sessions are using the table, or this role may not change its indexes. Then append in
    /// batches (`EventStore.appendBatch`) instead.
    public static func begin(store: EventStore) async throws -> FirstLoad? {
        // The load's own thread: libpq blocks, and one connection is used by one thread.
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        let conninfo = store.pool.configuration.conninfo
        let connection: PostgresConnection
        do {
            connection = try await thread.runIfActive { try PostgresConnection(conninfo: conninfo, applicationName: "riwayat-first-load") }
        } catch {
            try? await thread.shutdownGracefully()
            throw error
        }
        let load = FirstLoad(connection: connection, thread: thread)
        let opened = try await load.thread.runIfActive { try load.open() }
        if !opened {
            await load.rollback()
            store.logger.info("not a first load: appending in batches")
        }
        return opened ? load : nil
    }

    /// On the load's thread: locks the table, checks that the log is empty, drops the deferred
    /// indexes. Returns false (the transaction left open for `rollback`) when it does not apply.
    private func open() throws -> Bool {
        // Cheap refusal first: a log with events is never locked for this.
        guard try EventStore.head(on: connection).position == 0 else { return false }
        try connection.runScript("BEGIN; SET LOCAL lock_timeout = '2s'")
        let delegated =
            try connection.query("SELECT to_regprocedure('riwayat_first_load_begin()') IS NOT NULL").firstRow?.decode(Bool.self, at: 0)
            ?? false
        if delegated {
            // The owner's part runs in the owner's functions (migration 0011), so the service's
            // role can load: begin locks the log and drops its indexes and trigger; the finish
            // rebuilds them, checks the whole log, and must run before the commit can succeed.
            do {
                guard try connection.query("SELECT riwayat_first_load_begin()").firstRow?.decode(Bool.self, at: 0) == true else {
                    return false
                }
            } catch let error as PostgresError
                where error.sqlState == SQLState.insufficientPrivilege || error.sqlState == SQLState("55P03")
            {
                return false
            }
            try connection.runScript("SET LOCAL lock_timeout = 0")
            lastHash = try EventStore.head(on: connection).hash
            recordedAt = PostgresTimestamp(
                microsecondsSinceUnixEpoch: try connection.query(
                    "SELECT (extract(epoch FROM now()) * 1000000)::bigint"
                ).firstRow?.decode(Int64.self, at: 0) ?? 0)
            check = ["SELECT riwayat_first_load_finish()"]
            isOpen = true
            return true
        }
        do {
            try connection.query("LOCK TABLE events IN ACCESS EXCLUSIVE MODE")
            try connection.query("SELECT pg_advisory_xact_lock(\(AppendTransaction.appendLock))")
            // Both locks held: from here on the load waits for nobody but its own server.
            try connection.runScript("SET LOCAL lock_timeout = 0")
            let head = try EventStore.head(on: connection)
            guard head.position == 0 else { return false }
            lastHash = head.hash
            recordedAt = PostgresTimestamp(
                microsecondsSinceUnixEpoch: try connection.query(
                    "SELECT (extract(epoch FROM now()) * 1000000)::bigint"
                ).firstRow?.decode(Int64.self, at: 0) ?? 0)
            for name in Self.deferredIndexes {
                let row = try connection.query(
                    """
                    SELECT pg_get_indexdef(c.oid), con.conname IS NOT NULL, pg_get_constraintdef(con.oid)
                    FROM pg_class c LEFT JOIN pg_constraint con ON con.conindid = c.oid AND con.conrelid = 'events'::regclass
                    WHERE c.relname = \(name) AND c.relkind = 'i'
                    """
                ).firstRow
                guard let row else { continue }
                if try row.decode(Bool.self, at: 1) {
                    let definition = try row.decode(String.self, at: 2)
                    try connection.runScript("ALTER TABLE events DROP CONSTRAINT \(PostgresQuery.quoteIdentifier(name))")
                    rebuild.append("ALTER TABLE events ADD CONSTRAINT \(PostgresQuery.quoteIdentifier(name)) \(definition)")
                } else {
                    try connection.runScript("DROP INDEX \(PostgresQuery.quoteIdentifier(name))")
                    rebuild.append(try row.decode(String.self, at: 0))
                }
            }
            try dropAppendTrigger()
            isOpen = true
            return true
        } catch let error as PostgresError
            where error.sqlState == SQLState.insufficientPrivilege || error.sqlState == SQLState("55P03")
        {
            // Not the table's owner, or the table is in use (lock_not_available).
            return false
        }
    }

    /// Drops the append trigger when the schema has the whole-load check (migration 0010) to run
    /// in its place at the commit; on an older schema the trigger stays and checks the COPY.
    private func dropAppendTrigger() throws {
        let checkExists = try connection.query("SELECT to_regprocedure('riwayat_check_first_load()') IS NOT NULL")
        guard try checkExists.firstRow?.decode(Bool.self, at: 0) == true,
            let definition = try connection.query(
                """
                SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t
                WHERE t.tgrelid = 'events'::regclass AND t.tgname = \(Self.appendTrigger)
                """
            ).firstRow?.decode(String.self, at: 0)
        else { return }
        try connection.runScript("DROP TRIGGER \(PostgresQuery.quoteIdentifier(Self.appendTrigger)) ON events")
        check = ["SELECT riwayat_check_first_load()"]
        restore = [definition]
    }

    /// Makes room for about `events` events (the load's bookkeeping then never grows in steps).
    public func reserve(events: Int) async throws {
        try await thread.runIfActive { self.stored.reserveCapacity(events) }
    }

    /// Appends `requests` (each all or nothing, as `appendBatch`); an event id seen before in
    /// this load with the same content is an idempotent re-send, with other content a conflict.
    /// The rows go out on the load's one COPY; the server's verdict on them comes with `commit`.
    /// Throws when the database fails; then call `rollback`.
    public func append(_ requests: [AppendRequest]) async throws -> [Result<AppendResult, EventStoreError>] {
        try await thread.runIfActive { try self.write(requests) }
    }

    private func write(_ requests: [AppendRequest]) throws -> [Result<AppendResult, EventStoreError>] {
        guard isOpen else {
            throw PostgresError(code: .invalidQuery, message: "the first load was committed or rolled back already")
        }
        var outcomes = [Result<AppendResult, EventStoreError>]()
        var plan = AppendPlan(position: position, recordedAt: recordedAt, versions: versions)
        versions = [:]  // the plan holds the only copy while it adds (no copy on write)
        for request in requests {
            if let problem = AppendTransaction.validate(request) {
                outcomes.append(.failure(problem))
                continue
            }
            let planned = plan.rows.count
            outcomes.append(
                plan.add(request) { event in
                    self.stored[event.id].map { ($0.position, $0.content == Self.content(of: event, in: request.stream)) }
                })
            plan.rows.withUnsafeBufferPointer { rows in
                for index in planned..<rows.count {
                    stored[rows[index].id] = (Self.content(of: rows[index]), rows[index].position)
                }
            }
        }
        position = plan.position
        versions = plan.versions
        var rows = [RecordedEvent]()
        swap(&rows, &plan.rows)  // the only reference: written without copying a row
        if !rows.isEmpty {
            let writer: PostgresCopyWriter
            if let copy {
                writer = copy
            } else {
                writer = try connection.beginCopyIn(AppendTransaction.copyStatement)
                try writer.write(PostgresBinaryCopy.header)
                copy = writer
            }
            lastHash = try AppendTransaction.write(consume rows, chainedTo: lastHash, into: writer)
        }
        return outcomes
    }

    /// Ends the COPY, builds the deferred indexes, checks the whole load, restores the append
    /// trigger and commits: the whole load becomes visible at once. A task cancelled before the
    /// commit leaves the load rolled back, as if `rollback` had been called.
    public func commit() async throws {
        try await whileOpen {
            if let copy = self.copy {
                self.copy = nil
                try copy.write(PostgresBinaryCopy.trailer)
                try copy.finish()
            }
            for statement in self.rebuild + self.check { try self.connection.runScript(statement) }
        }
        // The check can wait on other sessions' locks; an interrupt that came meanwhile wins.
        if Task.isCancelled {
            await rollback()
            throw CancellationError()
        }
        try await whileOpen {
            for statement in self.restore { try self.connection.runScript(statement) }
            try self.connection.runScript("COMMIT")
            self.isOpen = false
        }
    }

    /// Runs `body` on the load's thread while the load is open; a failure rolls the load back.
    private func whileOpen(_ body: @escaping @Sendable () throws -> Void) async throws {
        try await thread.runIfActive {
            guard self.isOpen else {
                throw PostgresError(code: .invalidQuery, message: "the first load was committed or rolled back already")
            }
            do {
                try body()
            } catch {
                self.isOpen = false
                self.copy?.abort()
                self.copy = nil
                self.connection.rollbackQuietly()
                throw error
            }
        }
    }

    /// Abandons the load: the log stays empty, its indexes as they were.
    public func rollback() async {
        _ = try? await thread.runIfActive {
            self.isOpen = false
            self.copy?.abort()
            self.copy = nil
            self.connection.rollbackQuietly()
        }
    }

    /// A fingerprint of what an event id stands for (this process only): its stream, type,
    /// schema version, date, and the bytes of its payload and metadata.
    static func content(of event: NewEvent, in stream: String) -> Int {
        content(
            stream: stream, type: event.type, schemaVersion: event.schemaVersion, effectiveDate: event.effectiveDate,
            payload: event.payload.text, metadata: event.metadata.text)
    }

    /// The fingerprint of a planned row (the same as of the event it was planned from). Inlined,
    /// so that a row read where it lies is not copied to be passed.
    @inline(__always)
    static func content(of row: RecordedEvent) -> Int {
        content(
            stream: row.stream, type: row.type, schemaVersion: row.schemaVersion, effectiveDate: row.effectiveDate,
            payload: row.payload.text, metadata: row.metadata.text)
    }

    @inline(__always)
    private static func content(
        stream: String, type: String, schemaVersion: Int, effectiveDate: PostgresDate?, payload: String, metadata: String
    ) -> Int {
        var hasher = Hasher()
        // Bytes, not `String`'s own hashing (which treats canonically equivalent texts as one):
        // the store compares what it keeps byte for byte.
        combine(stream, into: &hasher)
        combine(type, into: &hasher)
        combine(payload, into: &hasher)
        combine(metadata, into: &hasher)
        hasher.combine(schemaVersion)
        hasher.combine(effectiveDate?.daysSinceUnixEpoch)
        return hasher.finalize()
    }

    @inline(__always)
    private static func combine(_ text: String, into hasher: inout Hasher) {
        let utf8 = text.utf8
        hasher.combine(utf8.count)
        let done: Void? = utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        if done == nil {  // a string not stored as UTF-8: its bytes, the same way
            Array(utf8).withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }
}
