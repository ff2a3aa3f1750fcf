import CareerDomain
import CareerLog
import EventStore
import Foundation
import Hummingbird
import NIOCore
import PostgresClient
import Projections

/// Employee state, career trail, findings, and appending events.
struct EmployeeController {
    let services: DaemonServices

    var routes: RouteCollection<RiwayatRequestContext> {
        let routes = RouteCollection(context: RiwayatRequestContext.self)
        routes.get("v1/employees/:nip", use: state)
        routes.get("v1/employees/:nip/trail", use: trail)
        routes.get("v1/employees/:nip/findings", use: findings)
        routes.get("v1/units/:unit/findings", use: unitFindings)
        routes.post("v1/employees/:nip/events", use: append)
        return routes
    }

    func nip(_ context: RiwayatRequestContext) throws -> NIP {
        let text = context.parameters.get("nip") ?? ""
        do {
            return try NIP(text)
        } catch let error as DomainError {
            throw Problem.badRequest(field: "nip", rule: error.rule)
        }
    }

    func state(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        let principal = try context.require(.inspector)
        let nip = try nip(context)
        let asOf = try request.date("asOf") ?? services.today()
        let knownAt = try request.timestamp("knownAt")
        let explain = request.uri.queryParameters.get("explain") == "true"
        let key = "state/\(nip.digits)/\(asOf)/\(knownAt.map(String.init) ?? "-")/\(explain)"
        let answer = try await services.cachedAnswer(key, request: request) {
            guard let answer = try await EmployeeTimeline(log: services.log).state(of: nip, asOf: asOf, knownAt: knownAt) else {
                throw Problem.notFound("no records for NIP \(nip)")
            }
            var body = EmployeeJSON.state(answer.state)
            body["lastPosition"] = answer.lastPosition
            if let knownAt { body["knownAt"] = knownAt }
            if explain {
                body["explain"] = answer.fieldSources.mapValues(EmployeeJSON.source)
                body["events"] = answer.applied.map(EmployeeJSON.source)
            }
            return CachedAnswer(json: body, basis: .stream(nip.digits, lastPosition: answer.lastPosition))
        }
        try await services.tokens.logAccess(principal: principal, nip: nip.digits, action: "state", remote: context.remoteAddress, requestID: context.id)
        return answer.response
    }

    func trail(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        let principal = try context.require(.inspector)
        let nip = try nip(context)
        let limit = try request.integer("limit", in: 1...1000) ?? 100
        let offset = try request.integer("offset", in: 0...1_000_000) ?? 0
        let answer = try await services.cachedAnswer("trail/\(nip.digits)/\(offset)/\(limit)", request: request) {
            let stored = try await services.store.readStream(nip.digits, limit: 100_000)
            guard let last = stored.last else { throw Problem.notFound("no records for NIP \(nip)") }
            let page = CareerTrailPage(stored: stored, offset: offset, limit: limit)
            return CachedAnswer(json: page.json(nip: nip), basis: .stream(nip.digits, lastPosition: last.position))
        }
        try await services.tokens.logAccess(principal: principal, nip: nip.digits, action: "trail", remote: context.remoteAddress, requestID: context.id)
        return answer.response
    }

    func findings(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        let principal = try context.require(.inspector)
        let nip = try nip(context)
        try await services.tokens.logAccess(principal: principal, nip: nip.digits, action: "findings", remote: context.remoteAddress, requestID: context.id)
        let rows = try await services.pool.query("""
            SELECT nip, rule_id, severity, message, event_ids::text, state, coalesce(unit, '') FROM findings WHERE nip = \(nip.digits) ORDER BY rule_id, message
            """)
        return JSONBody.response(["nip": nip.digits, "findings": try rows.map(EmployeeJSON.finding)])
    }

    func unitFindings(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        _ = try context.require(.inspector)
        let unit = context.parameters.get("unit") ?? ""
        let limit = try request.integer("limit", in: 1...10_000) ?? 1000
        let rows = try await services.pool.query("""
            SELECT nip, rule_id, severity, message, event_ids::text, state, coalesce(unit, '') FROM findings WHERE unit = \(unit)
            ORDER BY nip, rule_id LIMIT \(limit)
            """)
        return JSONBody.response(["unit": unit, "findings": try rows.map(EmployeeJSON.finding)])
    }

    func append(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        let principal = try context.require(.writer)
        let nip = try nip(context)
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw Problem(status: .contentTooLarge, title: "Content Too Large", detail: "the request body is over \(context.maxUploadSize) bytes",
                          field: "body", rule: "must be at most \(context.maxUploadSize) bytes")
        }
        let submission = try AppendSubmission(body: Data(buffer: body), nip: nip, recordedBy: principal.name)
        do {
            let result = try await services.log.record(submission.records, expectedVersion: submission.expectedVersion)
            if let last = result.positions.max() { services.heads.appended(to: nip.digits, lastPosition: last) }
            return JSONBody.response([
                "nip": nip.digits, "positions": result.positions, "streamVersion": result.streamVersion, "alreadyStored": result.alreadyStored,
            ], status: result.alreadyStored == result.positions.count ? .ok : .created)
        } catch let error as DomainError {
            throw Problem.unprocessable(field: error.field, rule: error.rule)
        } catch let error as EventStoreError {
            switch error.code {
            case .versionConflict, .idempotencyConflict:
                throw Problem(status: .conflict, title: "Conflict", detail: error.description, field: "expectedVersion", rule: error.description)
            case .invalidEvent(let field, let rule):
                throw Problem.unprocessable(field: field, rule: rule)
            }
        }
    }
}
