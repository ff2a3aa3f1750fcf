import CareerDomain
import Foundation
import Hummingbird
import PostgresClient

/// The admin's pages: the access log with filters (person, NIP, token, period) and the tokens
/// (list, create, revoke). Both name people: each view is itself in the access log.
struct AdminPagesController {
    let services: DaemonServices

    struct CreateForm: Decodable {
        var csrf: String?
        var name: String?
        var person: String?
        var inspector: String?
        var analyst: String?
        var writer: String?
        var admin: String?
        var agencies: String?
        var units: String?
        var expiresDays: String?
    }

    struct RevokeForm: Decodable {
        var csrf: String?
    }

    var routes: RouteCollection<RiwayatRequestContext> {
        let routes = RouteCollection(context: RiwayatRequestContext.self)
        routes.get("admin/access-log", use: accessLog)
        routes.get("admin/tokens", use: tokens)
        routes.post("admin/tokens", use: create)
        routes.post("admin/tokens/:id/revoke", use: revoke)
        return routes
    }

    func accessLog(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.personalPage("page-access-log", request, context) { visit in
            _ = try visit.context.require(.admin)
            let cleaned = request.withoutEmptyParameters
            let nip = try cleaned.query("nip", maxLength: 40), person = try cleaned.query("person", maxLength: 100)
            let token = try cleaned.query("token", maxLength: 100)
            let from = try cleaned.date("from"), to = try cleaned.date("to")
            if let from, let to, from > to { throw Problem.badRequest(field: "from", rule: "must not be after to (\(to))") }
            let fromText = from?.description, toText = to.map { $0.adding(days: 1).description }
            let tokenID = token.flatMap(UUID.init(uuidString:))
            let rows = try await services.pool.query(
                """
                SELECT id, at, token_name, person, action, nip, array_to_string(nips, ', '), query, status, remote
                FROM access_log
                WHERE (\(nip)::text IS NULL OR nips @> ARRAY[\(nip)::text] OR nip = \(nip))
                  AND (\(person)::text IS NULL OR person = \(person))
                  AND (\(token)::text IS NULL OR token_name = \(token) OR token_id = \(tokenID))
                  AND (\(fromText)::date IS NULL OR at >= \(fromText)::date)
                  AND (\(toText)::date IS NULL OR at < \(toText)::date)
                ORDER BY id DESC LIMIT 200
                """)
            var named = Set<String>()
            let entries: [[String: Any]] = try rows.map { row in
                // A list page's entry may name hundreds of NIPs: the first five are shown (and named in
                // this page's own entry), the rest counted, so the page stays small.
                let all = try row.decode(String.self, at: 6).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                let shown = Array(all.prefix(5))
                let nips = shown.joined(separator: ", ") + (all.count > 5 ? " … (+\(all.count - 5))" : "")
                let people = [try row.decode(String?.self, at: 5), try row.decode(String?.self, at: 3)].compactMap { $0 }
                named.formUnion((shown + people).filter { (try? NIP($0)) != nil })
                let status = try row.decode(Int.self, at: 8)
                return [
                    "id": try row.decode(Int64.self, at: 0), "at": try row.decode(PostgresTimestamp.self, at: 1).iso8601,
                    "token": try row.decode(String?.self, at: 2) ?? "–", "person": try row.decode(String?.self, at: 3) ?? "–",
                    "action": try row.decode(String.self, at: 4), "nips": nips, "query": try row.decode(String?.self, at: 7) ?? "",
                    "status": status, "refused": status >= 400, "remote": try row.decode(String?.self, at: 9) ?? "",
                ]
            }
            let data: [String: Any] = [
                "nip": nip ?? "", "person": person ?? "", "token": token ?? "", "from": from?.description ?? "",
                "to": to?.description ?? "", "entries": entries, "count": entries.count,
            ]
            return (visit.page("access-log", title: visit.language("access.title"), data), named.sorted())
        }
    }

    func tokens(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.personalPage("page-tokens", request, context) { visit in
            _ = try visit.context.require(.admin)
            return try await tokenList(visit, created: nil, error: nil)
        }
    }

    /// The token list, with a just-created secret (shown once) or the reason a creation failed.
    func tokenList(
        _ visit: PageVisit, created: (name: String, secret: String)?, error: [String: String]?
    ) async throws -> (page: Response, nips: [String]) {
        let now = Date()
        let listed = try await services.tokens.list()
        let formatter = ISO8601DateFormatter()
        let rows: [[String: Any]] = listed.map { token in
            [
                "id": token.id.uuidString.lowercased(), "name": token.name, "person": token.person,
                "roles": token.roles.joined(separator: ", "),
                "scope": (token.agencies + token.units).isEmpty ? "–" : (token.agencies + token.units).joined(separator: ", "),
                "created": formatter.string(from: token.createdAt), "expires": token.expiresAt.map(formatter.string(from:)) ?? "–",
                "active": token.isActive(at: now), "revoked": token.revokedAt.map(formatter.string(from:)) ?? "",
            ]
        }
        var data: [String: Any] = ["tokens": rows]
        if let created { data["created"] = ["name": created.name, "secret": created.secret] }
        if let error { data["error"] = error }
        let people = listed.map(\.person).filter { (try? NIP($0)) != nil }
        return (visit.page("tokens", title: visit.language("tokens.title"), status: error == nil ? .ok : .badRequest, data), people)
    }

    func create(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.personalPage("page-token-create", request, context) { visit in
            let admin = try visit.context.require(.admin)
            let form = try await visit.form(CreateForm.self, csrf: \.csrf)
            func list(_ text: String?) -> Set<String> {
                Set((text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            }
            var roles = Set<Role>()
            if form.inspector != nil { roles.insert(.inspector) }
            if form.analyst != nil { roles.insert(.analyst) }
            if form.writer != nil { roles.insert(.writer) }
            if form.admin != nil { roles.insert(.admin) }
            let agencies = list(form.agencies), units = list(form.units)
            var expires: Date?
            if let days = form.expiresDays?.trimmingCharacters(in: .whitespaces), !days.isEmpty {
                guard let count = Int(days), (1...3650).contains(count) else {
                    return try await tokenList(visit, created: nil, error: ["field": "expiresDays", "rule": "must be 1 to 3650 days"])
                }
                expires = Date().addingTimeInterval(Double(count) * 86400)
            }
            let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else {
                return try await tokenList(visit, created: nil, error: ["field": "name", "rule": "must not be empty"])
            }
            do {
                let grant = TokenStore.Grant(
                    name: name, person: (form.person ?? "").trimmingCharacters(in: .whitespaces), roles: roles,
                    scope: agencies.isEmpty && units.isEmpty ? nil : WriteScope(agencies: agencies, units: units), expiresAt: expires,
                    createdBy: admin.person)
                let (_, secret) = try await services.tokens.create(grant)
                return try await tokenList(visit, created: (name, secret), error: nil)
            } catch let error as DomainError {
                return try await tokenList(visit, created: nil, error: ["field": error.field, "rule": error.rule])
            }
        }
    }

    func revoke(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.personalPage("page-token-revoke", request, context) { visit in
            _ = try visit.context.require(.admin)
            _ = try await visit.form(RevokeForm.self, csrf: \.csrf)
            guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
                throw Problem.badRequest(field: "id", rule: "must be a token id (UUID)")
            }
            guard try await services.tokens.revoke(id.uuidString) != nil else { throw Problem.notFound("no token \(id)") }
            return (visit.redirect("/admin/tokens"), [])
        }
    }
}
