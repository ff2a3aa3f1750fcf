import Foundation
import Hummingbird
import PostgresClient

/// The access log (admins).
struct AdminController {
    let services: DaemonServices

    var routes: RouteCollection<RiwayatRequestContext> {
        let routes = RouteCollection(context: RiwayatRequestContext.self)
        routes.get("v1/admin/access-log") { request, context in
            // The log names who was read: reading it is a personal read too.
            try await services.personal("access-log", request, context) {
                _ = try context.require(.admin)
                let limit = try request.integer("limit", in: 1...10_000) ?? 100
                let nip = try request.query("nip", maxLength: 40)
                let person = try request.query("person", maxLength: 100)
                let rows = try await services.pool.query(
                    """
                    SELECT id, at, token_id, token_name, person, action, nip, array_to_string(nips, ','), query, status, remote, request_id
                    FROM access_log
                    WHERE (\(nip)::text IS NULL OR nips @> ARRAY[\(nip)::text] OR nip = \(nip)) AND (\(person)::text IS NULL OR person
                        = \(person))
                    ORDER BY id DESC LIMIT \(limit)
                    """)
                var named = Set<String>()
                let entries: [JSONObject] = try rows.map { row in
                    let nips = try row.decode(String.self, at: 7).split(separator: ",").map(String.init)
                    named.formUnion(nips)
                    if let asked = try row.decode(String?.self, at: 6) { named.insert(asked) }
                    func text(_ index: Int) throws -> String? { try row.decode(String?.self, at: index) }
                    return [
                        "id": try row.decode(Int64.self, at: 0), "at": try row.decode(PostgresTimestamp.self, at: 1).iso8601,
                        "tokenId": try row.decode(UUID?.self, at: 2).map { $0.uuidString.lowercased() }, "token": try text(3),
                        "person": try text(4), "action": try row.decode(String.self, at: 5), "nip": try text(6), "nips": nips,
                        "query": try text(8), "status": try row.decode(Int.self, at: 9), "remote": try text(10), "requestId": try text(11),
                    ]
                }
                return PersonalAnswer(response: JSONBody.response(["entries": entries]), nips: named.sorted())
            }
        }
        return routes
    }
}
