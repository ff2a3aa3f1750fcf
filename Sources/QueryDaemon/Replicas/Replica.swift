import CareerDomain
import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresClient
import Projections

/// One hot standby the daemon may read from: its request connections, a connection of its own
/// for probing it, and what the last probe found.
public final class Replica: Sendable {
    /// What the daemon knows of the standby.
    public struct Status: Sendable, Hashable {
        /// The log position it has replayed (its `event_log_head`).
        public var replayed: Int64 = 0
        /// The position its read models reflect (the projection checkpoint it replayed).
        public var projected: Int64 = 0
        /// Whether reads go to it.
        public var inRotation = false
        /// Why it is out of rotation.
        public var reason: String? = "not probed yet"
        /// Events it misses, and for how long it has been missing some.
        public var lagEvents: Int64 = 0
        public var lagSeconds: Double = 0
    }

    public let name: String
    let source: ReadSource
    let probe: PostgresConnectionPool
    let state = NIOLockedValueBox(Status())

    init(
        name: String, conninfo: String, maxConnections: Int, statementTimeout: Duration?, today: @escaping @Sendable () -> CivilDate,
        logger: Logger
    ) {
        self.name = name
        let pool = PostgresConnectionPool(
            configuration: .init(
                conninfo: conninfo, maxConnections: maxConnections, applicationName: "riwayat-\(name)", statementTimeout: statementTimeout,
                acquireTimeout: .seconds(10), connectTimeout: 5),
            logger: logger)
        self.source = ReadSource(name: name, pool: pool, reports: WorkforceReports(pool: pool, today: today))
        // A probe that cannot answer within two seconds counts as a standby gone.
        self.probe = PostgresConnectionPool(
            configuration: .init(
                conninfo: conninfo, maxConnections: 1, applicationName: "riwayat-\(name)-probe", statementTimeout: .seconds(2),
                acquireTimeout: .seconds(2), connectTimeout: 2),
            logger: logger)
    }

    /// The last probe's findings.
    public var status: Status { state.withLockedValue { $0 } }

    /// A read from it failed as a lost standby would: out of rotation until the next probe.
    func failed(_ reason: String) {
        state.withLockedValue { status in
            status.inRotation = false
            status.reason = reason
        }
    }

    func close() async {
        await source.pool.close()
        await probe.close()
    }
}
