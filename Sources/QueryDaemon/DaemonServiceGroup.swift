import EventStore
import Logging
import Metrics
import Projections
import ServiceLifecycle

/// The daemon's services: the HTTP application (with its log follower), the projection runner
/// and the lag gauges, shut down gracefully on SIGTERM or SIGINT.
public func buildServiceGroup(
    configuration: DaemonConfiguration, services: DaemonServices, projection: EmployeeProjection?, logger: Logger,
    afterRebuild: @escaping @Sendable () -> Void = {}, onServing: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) -> ServiceGroup {
    var list: [any Service] = [buildApplication(configuration: configuration, services: services, logger: logger, onServing: onServing)]
    if let projection {
        list.append(ProjectionService(runner: ProjectionRunner(projection: projection, afterRebuild: afterRebuild)))
        list.append(LagGaugeService(store: projection.store))
    }
    return ServiceGroup(services: list, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
}

/// The projection runner as a service: stops when the group shuts down.
struct ProjectionService: Service {
    let runner: ProjectionRunner

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await runner.run()
        }
    }
}

/// Publishes the projection lag (events and seconds) as gauges every two seconds.
struct LagGaugeService: Service {
    let store: EventStore

    func run() async throws {
        let events = Gauge(label: "riwayat_projection_lag_events")
        let seconds = Gauge(label: "riwayat_projection_lag_seconds")
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            if let status = try? await ProjectionStatus.employees(store: store) {
                events.record(status.lagEvents)
                seconds.record(status.lagSeconds)
            }
            try? await Task.sleep(for: .seconds(2))
        }
    }
}
