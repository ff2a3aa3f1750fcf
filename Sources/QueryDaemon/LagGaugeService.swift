import EventStore
import Logging
import Metrics
import Projections
import ServiceLifecycle

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
