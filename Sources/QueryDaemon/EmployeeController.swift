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
        try await services.personal("state", request, context, nip: context.parameters.get("nip")) {
            _ = try context.require(.inspector)
            let nip = try nip(context)
            let asOf = try request.date("asOf") ?? services.today()
            let knownAt = try request.timestamp("knownAt")
            let explain = try request.flag("explain")
            let key = "state/\(nip.digits)/\(asOf)/\(knownAt.map(String.init) ?? "-")/\(explain)"
            let answer = try await services.cachedAnswer(key, request: request) {
                let history = try await services.reads.log.storedHistory(of: nip)
                guard let lastPosition = history.lastPosition else { throw Problem.notFound("no records for NIP \(nip)") }
                let explained = EmployeeTimeline.explain(records: history.records, nip: nip, asOf: asOf, knownAt: knownAt)
                var body = EmployeeJSON.state(explained.state)
                body["lastPosition"] = lastPosition
                if let knownAt { body["knownAt"] = PostgresTimestamp(microsecondsSinceUnixEpoch: knownAt).iso8601 }
                body["unreadableEvents"] = history.unreadable.map { item in
                    ["id": item.id.uuidString.lowercased(), "position": item.position, "type": item.type, "reason": item.reason]
                        as JSONObject
                }
                if explain {
                    body["explain"] = explained.fieldSources.mapValues(EmployeeJSON.source)
                    body["events"] = explained.applied.map(EmployeeJSON.source)
                }
                var answer = CachedAnswer(json: body, basis: .stream(nip.digits, lastPosition: lastPosition))
                // The state names the declared relatives and the mentors too.
                let state = explained.state
                answer.nips = Array(Set(state.familyTies.keys.map(\.digits) + state.mentors.map(\.digits))).sorted()
                return answer
            }
            return PersonalAnswer(response: answer.response, nips: [nip.digits] + answer.nips)
        }
    }

    func trail(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.personal("trail", request, context, nip: context.parameters.get("nip")) {
            _ = try context.require(.inspector)
            let nip = try nip(context)
            let limit = try request.integer("limit", in: 1...1000) ?? 100
            let offset = try request.integer("offset", in: 0...1_000_000) ?? 0
            let answer = try await services.cachedAnswer("trail/\(nip.digits)/\(offset)/\(limit)", request: request) {
                let stored = try await services.reads.store.readStream(nip.digits, limit: 1_000_000)
                guard let last = stored.last else { throw Problem.notFound("no records for NIP \(nip)") }
                let page = CareerTrailPage(stored: stored, offset: offset, limit: limit)
                return CachedAnswer(json: page.json(nip: nip), basis: .stream(nip.digits, lastPosition: last.position))
            }
            return PersonalAnswer(response: answer.response, nips: [nip.digits])
        }
    }

    /// Appends through the write gate. Every attempt, stored or refused, is recorded in the access
    /// log: a refusal can describe the employee's stored history (a death, an appointment date).
    func append(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.personal("append", request, context, nip: context.parameters.get("nip")) {
            let principal = try context.require(.writer)
            let nip = try nip(context)
            let body = try await request.jsonBody(upTo: context.maxUploadSize)
            let submission: Submission
            do {
                submission = try SubmissionReader.request(body, nip: nip, mintID: EventID.next)
            } catch let error as DomainError {
                throw Problem.badRequest(field: error.field, rule: error.rule)
            }
            do {
                let result = try await services.log.record(
                    submission.records, by: principal.recorder, expectedVersion: submission.expectedVersion, today: services.today())
                if let last = result.positions.max() { services.heads.appended(to: nip.digits, lastPosition: last) }
                var response = JSONBody.response(
                    [
                        "nip": nip.digits, "positions": result.positions, "streamVersion": result.streamVersion,
                        "alreadyStored": result.alreadyStored,
                    ], status: result.alreadyStored == result.positions.count ? .ok : .created)
                services.appended(result.positions, by: principal, response: &response)
                return PersonalAnswer(response: response, nips: [nip.digits])
            } catch {
                throw Problem.append(error, ids: submission.records.map(\.record.id))
            }
        }
    }
}
