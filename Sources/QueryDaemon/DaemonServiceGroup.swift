import EventStore
import Logging
import Metrics
import PostgresClient
import Projections
import ServiceLifecycle

/// The daemon's services: the HTTP application (with its log follower), the Merkle tree and its
/// checkpoints, the projection runner and the lag gauges, shut down gracefully on SIGTERM or SIGINT.
/// `background`: connections without the requests' statement timeout for the work that reads the
/// whole log (the tree's first growth and its self-check take minutes on a national register);
/// without it, the requests' pool.
public func buildServiceGroup(
    configuration: DaemonConfiguration, services: DaemonServices, projection: EmployeeProjection?, logger: Logger,
    background: PostgresConnectionPool? = nil,
    afterRebuild: @escaping @Sendable () -> Void = {}, onServing: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) -> ServiceGroup {
    var list: [any Service] = [
        buildApplication(configuration: configuration, services: services, logger: logger, onServing: onServing),
        LogTreeService(
            tree: background.map { LogTree(pool: $0) } ?? services.tree,
            checkpoints: background.map { LogCheckpoints(pool: $0) } ?? services.checkpoints, signer: services.signer,
            integrity: services.integrity, logger: logger),
    ]
    if !services.replicas.isEmpty {
        list.append(ReplicaMonitorService(replicas: services.replicas, primary: services.pool))
    }
    if let projection {
        list.append(ProjectionService(runner: ProjectionRunner(projection: projection, afterRebuild: afterRebuild)))
        list.append(LagGaugeService(store: projection.store))
    }
    return ServiceGroup(services: list, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
}
