import CareerDomain
import Foundation
import Hummingbird
import Projections

/// Findings for inspectors: of one employee, of a unit, or of any slice (agency, unit where the
/// event took effect or where the employee is now, rule, severity, state, TMT period), paged
/// with totals. Every answer names employees: each is on record in the access log.
struct FindingsController {
    let services: DaemonServices

    var routes: RouteCollection<RiwayatRequestContext> {
        let routes = RouteCollection(context: RiwayatRequestContext.self)
        routes.get("v1/employees/:nip/findings", use: employee)
        routes.get("v1/units/:unit/findings", use: unit)
        routes.get("v1/findings", use: list)
        return routes
    }

    func employee(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.personal("findings", request, context, nip: context.parameters.get("nip")) {
            _ = try context.require(.inspector)
            let nip = try EmployeeController(services: services).nip(context)
            guard try await services.reads.store.streamVersion(nip.digits) > 0 else { throw Problem.notFound("no records for NIP \(nip)") }
            var query = FindingsQuery()
            query.nip = nip.digits
            query.limit = 10_000
            query.knownAt = try request.timestamp("knownAt")
            let (_, rows) = try await query.run(on: services.reads.pool)
            return PersonalAnswer(
                response: JSONBody.response(["nip": nip.digits, "findings": rows.map(EmployeeJSON.finding)]),
                nips: [nip.digits] + FindingsQuery.people(in: rows).filter { $0 != nip.digits })
        }
    }

    func unit(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.personal("unit-findings", request, context) {
            let principal = try context.require(.inspector)
            try services.limiter.admit(principal, "lists")
            var query = try Self.filters(request)
            let unit = try Self.unitParameter(context)
            if try request.query("where") == "current" { query.currentUnit = unit } else { query.unit = unit }
            return try await answer(query, extra: ["unit": unit])
        }
    }

    func list(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.personal("findings-list", request, context) {
            let principal = try context.require(.inspector)
            try services.limiter.admit(principal, "lists")
            var query = try Self.filters(request)
            query.unit = try request.query("unit")
            query.currentUnit = try request.query("currentUnit")
            return try await answer(query, extra: [:])
        }
    }

    func answer(_ query: FindingsQuery, extra: JSONObject) async throws -> PersonalAnswer {
        let (total, rows) = try await query.run(on: services.reads.pool)
        var body = extra
        body["total"] = total
        body["offset"] = query.offset
        body["limit"] = query.limit
        body["findings"] = rows.map(EmployeeJSON.finding)
        return PersonalAnswer(response: JSONBody.response(body), nips: FindingsQuery.people(in: rows))
    }

    /// The filters every findings list takes.
    static func filters(_ request: Request) throws -> FindingsQuery {
        var query = FindingsQuery()
        query.agency = try request.query("agency")
        query.currentAgency = try request.query("currentAgency")
        query.rule = try request.query("rule", maxLength: 20)
        if let severity = try request.query("severity") {
            guard Finding.Severity(rawValue: severity) != nil else {
                throw Problem.badRequest(field: "severity", rule: "must be info, warning or serious")
            }
            query.severity = severity
        }
        if let state = try request.query("state") {
            guard ["open", "explained"].contains(state) else { throw Problem.badRequest(field: "state", rule: "must be open or explained") }
            query.state = state
        }
        if let location = try request.query("where"), !["event", "current"].contains(location) {
            throw Problem.badRequest(field: "where", rule: "must be event or current")
        }
        query.from = try request.date("from")
        query.to = try request.date("to")
        if let from = query.from, let to = query.to, from > to {
            throw Problem.badRequest(field: "from", rule: "must not be after to (\(to))")
        }
        query.knownAt = try request.timestamp("knownAt")
        query.offset = try request.integer("offset", in: 0...1_000_000) ?? 0
        query.limit = try request.integer("limit", in: 1...1000) ?? 100
        return query
    }

    /// The `unit` path parameter, percent-decoded: 1 to 200 characters, no control characters.
    static func unitParameter(_ context: RiwayatRequestContext) throws -> String {
        let raw = context.parameters.get("unit") ?? ""
        guard let unit = raw.removingPercentEncoding else {
            throw Problem.badRequest(field: "unit", rule: "is not valid percent-encoded text")
        }
        if let problem = PathText.problem(unit, maxLength: 200) { throw Problem.badRequest(field: "unit", rule: problem) }
        return unit
    }
}
