import Foundation
import Hummingbird

/// The access log (admins).
struct AdminController {
    let services: DaemonServices

    var routes: RouteCollection<RiwayatRequestContext> {
        let routes = RouteCollection(context: RiwayatRequestContext.self)
        routes.get("v1/admin/access-log") { request, context in
            _ = try context.require(.admin)
            let limit = try request.integer("limit", in: 1...10_000) ?? 100
            let nip: String? = request.uri.queryParameters.get("nip").map { String($0) }
            let rows = try await services.pool.query("""
                SELECT id, at::text, token_name, nip, action, coalesce(remote, ''), coalesce(request_id, '') FROM access_log
                WHERE (\(nip)::text IS NULL OR nip = \(nip)) ORDER BY id DESC LIMIT \(limit)
                """)
            let entries: [[String: Any]] = try rows.map { row in
                let (id, at, token, who, action, remote, requestID) = try row.decode((Int, String, String, String, String, String, String).self)
                return ["id": id, "at": at, "token": token, "nip": who, "action": action, "remote": remote, "requestId": requestID]
            }
            return JSONBody.response(["entries": entries])
        }
        return routes
    }
}
