import Foundation
import Hummingbird
import PostgresClient
import Projections

/// `/healthz` (the process is up), `/readyz` (database reachable and projections caught up
/// within a bound), `/metrics` (Prometheus exposition).
struct HealthController {
    let services: DaemonServices

    var routes: RouteCollection<RiwayatRequestContext> {
        let routes = RouteCollection(context: RiwayatRequestContext.self)
        routes.get("healthz") { _, _ in
            JSONBody.raw("ok\n", contentType: "text/plain")
        }
        routes.get("readyz") { _, _ -> Response in
            if let broken = services.integrity.broken {
                return JSONBody.response(
                    ["ready": false, "reason": "log integrity broken at position \(broken.position) (\(broken.kind)): \(broken.detail)"],
                    status: .serviceUnavailable)
            }
            do {
                let status = try await ProjectionStatus.employees(store: services.store)
                guard status.lagEvents <= services.maxProjectionLag else {
                    return JSONBody.response(
                        ["ready": false, "reason": "projections are \(status.lagEvents) events behind"], status: .serviceUnavailable)
                }
                var body: JSONObject = ["ready": true, "projectionLag": status.lagEvents]
                if !services.replicas.isEmpty { body["replicas"] = services.replicas.replicas.map(Self.json) }
                return JSONBody.response(body)
            } catch {
                return JSONBody.response(["ready": false, "reason": "database unreachable"], status: .serviceUnavailable)
            }
        }
        routes.get("metrics") { _, _ in
            var buffer = [UInt8]()
            services.registry.emit(into: &buffer)
            return JSONBody.raw(String(decoding: buffer, as: UTF8.self), contentType: "text/plain; version=0.0.4")
        }
        return routes
    }

    /// A standby as `/readyz` shows it (the daemon is ready without standbys: the primary reads).
    static func json(_ replica: Replica) -> JSONObject {
        let status = replica.status
        var object: JSONObject = [
            "name": replica.name, "inRotation": status.inRotation, "replayedPosition": status.replayed,
            "readModelsPosition": status.projected, "lagEvents": status.lagEvents, "lagSeconds": status.lagSeconds,
        ]
        if let reason = status.reason { object["reason"] = reason }
        return object
    }
}
