import CareerDomain
import CareerLog
import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PostgresClient
import Projections
import Prometheus

/// What the daemon's controllers use.
public struct DaemonServices: Sendable {
    public let pool: PostgresConnectionPool
    public let store: EventStore
    public let log: CareerLog
    public let tokens: TokenStore
    /// Where every access to personal data is recorded before it is answered.
    public let accessLog: AccessLogWriter
    /// Per-token limits on expensive routes.
    public let limiter: RateLimiter
    public let reports: WorkforceReports
    public let registry: PrometheusCollectorRegistry
    /// The streams changed since start, followed from the log (see `StreamHeadsService`).
    public let heads: StreamHeads
    /// Encoded answers kept while their basis is unchanged.
    public let cache: ResponseCache
    /// The date "now" means for state queries (UTC today).
    public var today: @Sendable () -> CivilDate
    /// `/readyz` fails when the projections are further behind than this.
    public var maxProjectionLag: Int64
    /// Signed-in sessions of the web pages.
    public let sessions: PageSessions
    /// Page cookies carry `Secure`: set when the daemon is reached over TLS (through a proxy).
    public var secureCookies: Bool
    /// The Merkle tree over the log and the checkpoints signed of it.
    public let tree: LogTree
    public let checkpoints: LogCheckpoints
    /// The checkpoint signing key (from a key file outside the database), if the daemon signs.
    public var signer: NoteSigner?
    /// The witnesses whose cosignatures the daemon accepts and serves.
    public var witnesses: [NoteVerifier] = []
    /// Whether the log still checks out (see `LogTreeService`).
    public let integrity = LogIntegrity()
    /// The hot standbys reads may go to (none: every read goes to the primary).
    public let replicas: ReplicaSet
    /// Reads from the primary (`reads` is the source chosen for the request being answered).
    public let primaryReads: ReadSource
    /// What each token appended lately: its reads are answered at least that fresh.
    public let recentAppends = RecentAppends()

    /// `pool`: as the app role; `accessLog`: a writer connected as the access-log role.
    public init(
        pool: PostgresConnectionPool, accessLog: AccessLogWriter, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        today: @escaping @Sendable () -> CivilDate = EmployeeProjection.utcToday, maxProjectionLag: Int64 = 10_000,
        cache: ResponseCache = ResponseCache(), limiter: RateLimiter = RateLimiter(), heads: StreamHeads = StreamHeads(),
        sessions: PageSessions = PageSessions(), secureCookies: Bool = false, signer: NoteSigner? = nil, replicas: ReplicaSet = .none
    ) {
        self.pool = pool
        self.store = EventStore(pool: pool)
        self.log = CareerLog(store: store)
        self.tokens = TokenStore(pool: pool)
        self.accessLog = accessLog
        self.limiter = limiter
        self.reports = WorkforceReports(pool: pool, today: today)
        self.registry = registry
        self.heads = heads
        self.cache = cache
        self.today = today
        self.maxProjectionLag = maxProjectionLag
        self.sessions = sessions
        self.secureCookies = secureCookies
        self.tree = LogTree(pool: pool)
        self.checkpoints = LogCheckpoints(pool: pool)
        self.signer = signer
        self.replicas = replicas
        self.primaryReads = ReadSource(name: ReadSource.primaryName, pool: pool, reports: reports)
    }
}
