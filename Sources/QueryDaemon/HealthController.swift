import Hummingbird
import PostgresClient

/// `/healthz` (the process is up) and `/readyz` (the database answers).
struct HealthController<Context: RequestContext> {
    let pool: PostgresConnectionPool

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("healthz") { _, _ in
            "ok\n"
        }
        routes.get("readyz") { _, _ -> Response in
            do {
                try await pool.query("SELECT 1")
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ready\n")))
            } catch {
                return Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "database unreachable\n")))
            }
        }
        return routes
    }
}
