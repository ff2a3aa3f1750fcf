import DequeModule
import Logging
import NIOConcurrencyHelpers
import NIOPosix

/// A bounded pool of libpq connections whose blocking calls run on the pool's own threads.
///
/// At most `maxConnections` connections exist; callers beyond that wait in line. A connection
/// is used by one thread at a time. A connection found broken (its backend was terminated, the
/// server restarted) is closed and replaced by a new one on the next checkout.
public final class PostgresConnectionPool: Sendable {
    /// How to reach the database and how many connections to keep.
    public struct Configuration: Sendable {
        /// A URL or conninfo string; empty means libpq's environment (`PGHOST`, …).
        public var conninfo: String
        public var maxConnections: Int
        public var applicationName: String
        /// The longest a statement on these connections may run (`statement_timeout`); `nil`: no limit.
        public var statementTimeout: Duration?
        /// The longest a caller waits for a free connection before failing with `.timeout`;
        /// `nil`: as long as it takes (a waiting task that is cancelled stops waiting either way).
        public var acquireTimeout: Duration?
        /// Seconds to reach the server before a connection attempt fails (`connect_timeout`).
        public var connectTimeout: Int

        public init(
            conninfo: String, maxConnections: Int = 8, applicationName: String = "riwayat", statementTimeout: Duration? = nil,
            acquireTimeout: Duration? = nil, connectTimeout: Int = 10
        ) {
            self.conninfo = conninfo
            self.maxConnections = max(1, maxConnections)
            self.applicationName = applicationName
            self.statementTimeout = statementTimeout
            self.acquireTimeout = acquireTimeout
            self.connectTimeout = connectTimeout
        }

        /// Opens a connection with these settings.
        func connect() throws -> PostgresConnection {
            let connection = try PostgresConnection(conninfo: conninfo, applicationName: applicationName, connectTimeout: connectTimeout)
            if let statementTimeout {
                let milliseconds =
                    statementTimeout.components.seconds * 1000 + statementTimeout.components.attoseconds / 1_000_000_000_000_000
                try connection.runScript("SET statement_timeout = \(max(1, milliseconds))")
            }
            return connection
        }
    }

    enum Lease: Sendable {
        case existing(PostgresConnection)
        case create
    }

    struct Waiter {
        var id: Int
        var continuation: CheckedContinuation<Lease, any Error>
    }

    struct State {
        var idle: [PostgresConnection] = []
        var open = 0
        var waiters: Deque<Waiter> = []
        var nextWaiter = 0
        var closed = false
    }

    public let configuration: Configuration
    let threadPool: NIOThreadPool
    let state = NIOLockedValueBox(State())
    let logger: Logger

    public init(configuration: Configuration, logger: Logger = Logger(label: "riwayat.postgres")) {
        self.configuration = configuration
        self.logger = logger
        self.threadPool = NIOThreadPool(numberOfThreads: configuration.maxConnections)
        threadPool.start()
    }

    /// Runs `body` with a connection, on one of the pool's threads. An open transaction left
    /// behind by `body` is rolled back before the connection returns to the pool.
    public func withConnection<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        let lease = try await acquire()
        let configuration = self.configuration
        let outcome: (Result<T, any Error>, PostgresConnection?)
        do {
            outcome = try await threadPool.runIfActive {
                let connection: PostgresConnection
                do {
                    switch lease {
                    case .existing(let existing) where existing.checkAlive():
                        connection = existing
                    case .existing(let broken):
                        broken.close()
                        connection = try configuration.connect()
                    case .create:
                        connection = try configuration.connect()
                    }
                } catch {
                    return (.failure(error), nil)
                }
                let result = Result { try body(connection) }
                connection.rollbackQuietly()
                if connection.isBroken {
                    connection.close()
                    return (result, nil)
                }
                return (result, connection)
            }
        } catch {
            release(nil)
            throw PostgresError(code: .poolClosed, message: "the connection pool is shut down")
        }
        if outcome.1 == nil, case .failure(let error) = outcome.0 {
            logger.debug("connection dropped from pool", metadata: ["error": "\(error)"])
        }
        release(outcome.1)
        return try outcome.0.get()
    }

    /// Runs `body` in a transaction on a pooled connection.
    public func withTransaction<T: Sendable>(
        isolation: PostgresIsolationLevel = .readCommitted,
        _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            try connection.withTransaction(isolation: isolation, body)
        }
    }

    /// Runs one statement on a pooled connection.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRows {
        try await withConnection { try $0.query(query) }
    }

    /// Connections open now (idle or in use).
    public var openConnections: Int { state.withLockedValue { $0.open } }

    /// Callers waiting in line for a connection now.
    public var waitingCallers: Int { state.withLockedValue { $0.waiters.count } }

    /// Closes idle connections, fails waiters and stops the threads. Connections in use close
    /// when they come back.
    public func close() async {
        let (idle, waiters) = state.withLockedValue { state -> ([PostgresConnection], Deque<Waiter>) in
            state.closed = true
            let idle = state.idle
            state.open -= idle.count
            state.idle = []
            let waiters = state.waiters
            state.waiters = []
            return (idle, waiters)
        }
        for waiter in waiters {
            waiter.continuation.resume(throwing: PostgresError(code: .poolClosed, message: "the connection pool is shut down"))
        }
        if !idle.isEmpty {
            try? await threadPool.runIfActive { for connection in idle { connection.close() } }
        }
        try? await threadPool.shutdownGracefully()
    }

    /// A connection to use, or the right to open one; waits in line when all are in use, until
    /// one is released, the wait times out (`acquireTimeout`) or the task is cancelled.
    private func acquire() async throws -> Lease {
        let id = state.withLockedValue { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Lease, any Error>) in
                let lease: Result<Lease, any Error>? = state.withLockedValue { state in
                    if state.closed {
                        return .failure(PostgresError(code: .poolClosed, message: "the connection pool is shut down"))
                    }
                    if let connection = state.idle.popLast() { return .success(.existing(connection)) }
                    if state.open < configuration.maxConnections {
                        state.open += 1
                        return .success(.create)
                    }
                    // Checked under the lock: a cancellation handler that ran before this point
                    // found nobody to remove.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let lease {
                    continuation.resume(with: lease)
                } else if let timeout = configuration.acquireTimeout {
                    Task { [weak self] in
                        try? await Task.sleep(for: timeout)
                        let busy = self?.configuration.maxConnections ?? 0
                        self?.abandon(
                            id,
                            PostgresError(code: .timeout, message: "no database connection became free within \(timeout) (\(busy) in use)"))
                    }
                }
            }
        } onCancel: {
            abandon(id, CancellationError())
        }
    }

    /// Takes waiter `id` out of line, if still waiting, and fails its wait with `error`.
    private func abandon(_ id: Int, _ error: any Error) {
        let waiter = state.withLockedValue { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(throwing: error)
    }

    private func release(_ connection: PostgresConnection?) {
        let handOff: (Waiter, Lease)? = state.withLockedValue { state in
            if let connection, !state.closed {
                if let waiter = state.waiters.popFirst() { return (waiter, .existing(connection)) }
                state.idle.append(connection)
                return nil
            }
            if connection == nil, !state.closed, let waiter = state.waiters.popFirst() {
                return (waiter, .create)
            }
            state.open -= 1
            return nil
        }
        if let connection, handOff == nil, state.withLockedValue({ $0.closed }) {
            connection.close()
        }
        if let (waiter, lease) = handOff { waiter.continuation.resume(returning: lease) }
    }
}
