import CareerDomain
import CareerLog
import EventStore
import Foundation
import Hummingbird
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
        guard let answer = try await EmployeeTimeline(log: services.log).state(of: nip, asOf: asOf, knownAt: knownAt) else {
            throw Problem.notFound("no records for NIP \(nip)")
        }
        try await services.tokens.logAccess(principal: principal, nip: nip.digits, action: "state", remote: context.remoteAddress, requestID: context.id)
        var body = EmployeeJSON.state(answer.state)
        if let knownAt { body["knownAt"] = knownAt }
        if explain {
            body["explain"] = answer.fieldSources.mapValues(EmployeeJSON.source)
            body["events"] = answer.applied.map(EmployeeJSON.source)
        }
        return JSONBody.response(body)
    }

    func trail(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        let principal = try context.require(.inspector)
        let nip = try nip(context)
        let limit = try request.integer("limit", in: 1...1000) ?? 100
        let offset = try request.integer("offset", in: 0...1_000_000) ?? 0
        let stored = try await services.store.readStream(nip.digits, limit: 100_000)
        guard !stored.isEmpty else { throw Problem.notFound("no records for NIP \(nip)") }
        try await services.tokens.logAccess(principal: principal, nip: nip.digits, action: "trail", remote: context.remoteAddress, requestID: context.id)
        let records = stored.compactMap { try? CareerRecord(recorded: $0) }
        let hashes = Dictionary(uniqueKeysWithValues: stored.map { ($0.id, $0.hash) })
        var changedBy = [UUID: [[String: Any]]]()
        for record in records {
            switch record.event {
            case .corrected(let correction): changedBy[correction.target, default: []].append(["kind": "corrected", "by": record.id.uuidString.lowercased(), "reason": correction.reason])
            case .rescinded(let rescission): changedBy[rescission.target, default: []].append(["kind": "rescinded", "by": record.id.uuidString.lowercased(), "reason": rescission.reason])
            default: break
            }
        }
        let ordered = records.enumerated().sorted { ($0.element.effectiveDate, $0.offset) < ($1.element.effectiveDate, $1.offset) }.map(\.element)
        let page = ordered.dropFirst(offset).prefix(limit)
        let items: [[String: Any]] = page.map { record in
            var item = EmployeeJSON.source(record)
            item["hash"] = hashes[record.id].map { PostgresBytes.hex($0) } ?? ""
            item["decree"] = record.decree.map { ["number": $0.number, "date": $0.date.description, "signedBy": $0.signedBy] } ?? NSNull()
            item["recordedBy"] = record.recordedBy
            item["payload"] = RawJSON(text: (try? String(decoding: record.event.encodedPayload(), as: UTF8.self)) ?? "{}")
            item["changedBy"] = changedBy[record.id] ?? []
            return item
        }
        return JSONBody.response(["nip": nip.digits, "total": ordered.count, "offset": offset, "limit": limit, "events": items])
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
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let submission = try AppendSubmission(body: Data(buffer: body), nip: nip, recordedBy: principal.name)
        do {
            let result = try await services.log.record(submission.records, expectedVersion: submission.expectedVersion)
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
