import CareerLog
import EventStore
import PostgresClient
import Projections

/// Where a request's reads go: the primary or one hot standby, with the log position every read
/// from it reflects at least (replay and commits only move forward, so a position seen before a
/// query is a lower bound for what the query sees).
public struct ReadSource: Sendable {
    /// `primary`, or the standby's name (`standby-1`, …) as `/readyz` shows it.
    public let name: String
    public let pool: PostgresConnectionPool
    public let store: EventStore
    public let log: CareerLog
    public let reports: WorkforceReports
    /// The log position the answer reflects at least (stated in `Riwayat-Log-Position`).
    public var position: Int64 = 0

    init(name: String, pool: PostgresConnectionPool, reports: WorkforceReports) {
        self.name = name
        self.pool = pool
        self.store = EventStore(pool: pool)
        self.log = CareerLog(store: store)
        self.reports = reports
    }

    /// Whether this is a standby (and so read-only, with no temporary tables).
    public var isStandby: Bool { name != Self.primaryName }

    static let primaryName = "primary"

    /// The source chosen for the request being answered (set by `ReadRoutingMiddleware`).
    @TaskLocal static var current: ReadSource?
}

extension DaemonServices {
    /// Where this request's reads go: the standby or primary chosen for it, else the primary.
    public var reads: ReadSource { ReadSource.current ?? primaryReads }
}
