import CareerDomain
import EventStore
import Logging
import NIOConcurrencyHelpers
import PostgresClient
import Projections

/// The hot standbys reads may go to, and what the daemon knows of each (see the QueryDaemon
/// catalog, "Read replicas"). `refresh` probes the primary and every standby once; the
/// `ReplicaMonitorService` calls it every `probeInterval`.
public final class ReplicaSet: Sendable {
    public let replicas: [Replica]
    /// A standby further behind than this (time since it first missed a committed event) is
    /// taken out of rotation, and returns once it is within it again.
    public let maxLag: Duration
    /// The longest a read waits for a standby, or the primary's read models, to reach the
    /// position the client asked for.
    public let maxWait: Duration
    public let probeInterval: Duration
    let clock: @Sendable () -> ContinuousClock.Instant
    let lag = NIOLockedValueBox(ReplicaLag())
    let turn = NIOLockedValueBox(0)
    let logger: Logger

    /// No standbys: every read goes to the primary.
    public static let none = ReplicaSet(replicas: [])

    init(
        replicas: [Replica], maxLag: Duration = .seconds(5), maxWait: Duration = .seconds(1), probeInterval: Duration = .milliseconds(250),
        clock: @escaping @Sendable () -> ContinuousClock.Instant = { .now }, logger: Logger = Logger(label: "riwayat.replicas")
    ) {
        self.replicas = replicas
        self.maxLag = maxLag
        self.maxWait = maxWait
        self.probeInterval = probeInterval
        self.clock = clock
        self.logger = logger
    }

    /// Standbys reached with `conninfos` (as the service's role), named `standby-1`, … in order.
    public convenience init(
        conninfos: [String], maxConnections: Int = 16, statementTimeout: Duration? = nil, maxLag: Duration = .seconds(5),
        maxWait: Duration = .seconds(1), probeInterval: Duration = .milliseconds(250),
        today: @escaping @Sendable () -> CivilDate = EmployeeProjection.utcToday,
        clock: @escaping @Sendable () -> ContinuousClock.Instant = { .now }, logger: Logger = Logger(label: "riwayat.replicas")
    ) {
        let replicas = conninfos.enumerated().map { index, conninfo in
            Replica(
                name: "standby-\(index + 1)", conninfo: conninfo, maxConnections: maxConnections, statementTimeout: statementTimeout,
                today: today, logger: logger)
        }
        self.init(replicas: replicas, maxLag: maxLag, maxWait: maxWait, probeInterval: probeInterval, clock: clock, logger: logger)
    }

    public var isEmpty: Bool { replicas.isEmpty }

    /// A standby in rotation whose replayed log (or read models, with `readModels`) has reached
    /// `position`, taking turns among those that qualify.
    func standby(reaching position: Int64, readModels: Bool) -> ReadSource? {
        let start = turn.withLockedValue { turn in
            defer { turn &+= 1 }
            return turn
        }
        for offset in replicas.indices {
            let replica = replicas[(start &+ offset) % replicas.count]
            let status = replica.status
            let reached = readModels ? status.projected : status.replayed
            guard status.inRotation, reached >= position else { continue }
            var source = replica.source
            source.position = reached
            return source
        }
        return nil
    }

    /// The standby named `name`.
    func replica(named name: String) -> Replica? {
        replicas.first { $0.name == name }
    }

    func close() async {
        for replica in replicas { await replica.close() }
    }
}
