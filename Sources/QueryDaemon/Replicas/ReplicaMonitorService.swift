import Metrics
import PostgresClient
import ServiceLifecycle

/// Probes the primary and every standby each `probeInterval` (see `ReplicaSet.refresh`) and
/// publishes each standby's lag and place in rotation as gauges; closes the standbys' connections
/// on shutdown.
struct ReplicaMonitorService: Service {
    let replicas: ReplicaSet
    let primary: PostgresConnectionPool

    func run() async throws {
        let gauges = replicas.replicas.map { replica in
            let dimensions = [("replica", replica.name)]
            return (
                replica,
                Gauge(label: "riwayat_replica_lag_events", dimensions: dimensions),
                Gauge(label: "riwayat_replica_lag_seconds", dimensions: dimensions),
                Gauge(label: "riwayat_replica_in_rotation", dimensions: dimensions)
            )
        }
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            await replicas.refresh(primary: primary)
            for (replica, events, seconds, inRotation) in gauges {
                let status = replica.status
                events.record(status.lagEvents)
                seconds.record(status.lagSeconds)
                inRotation.record(status.inRotation ? 1 : 0)
            }
            try? await Task.sleep(for: replicas.probeInterval)
        }
        await replicas.close()
    }
}
