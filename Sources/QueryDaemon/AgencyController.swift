import CareerDomain
import CareerLog
import EventStore
import Foundation
import Hummingbird
import NIOCore
import PostgresClient

/// An agency's stream (`instansi:<agency>`): open selections, competency standards and the
/// career pattern, appended through the agency write gate and read back as a trail.
struct AgencyController {
    let services: DaemonServices

    var routes: RouteCollection<RiwayatRequestContext> {
        let routes = RouteCollection(context: RiwayatRequestContext.self)
        routes.get("v1/agencies/:agency/events", use: trail)
        routes.post("v1/agencies/:agency/events", use: append)
        return routes
    }

    /// The `agency` path parameter, percent-decoded, held to the limits of an agency's name.
    func agency(_ context: RiwayatRequestContext) throws -> String {
        guard let agency = (context.parameters.get("agency") ?? "").removingPercentEncoding else {
            throw Problem.badRequest(field: "agency", rule: "is not valid percent-encoded text")
        }
        if let problem = AgencyRecord.problem(withName: agency) { throw Problem.badRequest(field: "agency", rule: problem) }
        return agency
    }

    /// The agency's events in stream order. Selections name candidates and committee members:
    /// personal data, recorded in the access log with every NIP the page names.
    func trail(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.personal("agency-trail", request, context) {
            _ = try context.require(.inspector)
            let agency = try agency(context)
            let limit = try request.integer("limit", in: 1...1000) ?? 100
            let offset = try request.integer("offset", in: 0...1_000_000) ?? 0
            let stored = try await services.reads.store.readStream(AgencyRecord.stream(of: agency), fromVersion: offset + 1, limit: limit)
            var nips = [String]()
            var events = [JSONObject]()
            for event in stored {
                var item: JSONObject = [
                    "id": event.id.uuidString.lowercased(), "position": event.position, "version": event.version, "type": event.type,
                    "schemaVersion": event.schemaVersion,
                    "effectiveDate": event.effectiveDate.map { CivilDate(dayNumber: $0.daysSinceUnixEpoch).description },
                    "recordedAt": event.recordedAt.iso8601, "payload": RawJSON(text: event.payload.text),
                    "metadata": RawJSON(text: event.metadata.text),
                ]
                if let record = try? AgencyRecord(recorded: event) {
                    for nip in record.event.namedPeople.map(\.digits) where !nips.contains(nip) { nips.append(nip) }
                } else {
                    item["unreadable"] = true
                }
                events.append(item)
            }
            let body: JSONObject = ["agency": agency, "offset": offset, "limit": limit, "events": events]
            return PersonalAnswer(response: JSONBody.response(body), nips: nips)
        }
    }

    /// Appends through the agency write gate (a scoped writer needs the agency in its scope).
    /// Every attempt is recorded in the access log, stored or refused.
    func append(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.personal("agency-append", request, context) {
            let principal = try context.require(.writer)
            let agency = try agency(context)
            let body = try await request.jsonBody(upTo: context.maxUploadSize)
            let submission: AgencySubmission
            do {
                submission = try SubmissionReader.agencyRequest(body, agency: agency, mintID: EventID.next)
            } catch let error as DomainError {
                throw Problem.badRequest(field: error.field, rule: error.rule)
            }
            do {
                let result = try await services.log.record(
                    agency: submission.records, by: principal.recorder, expectedVersion: submission.expectedVersion, today: services.today()
                )
                var response = JSONBody.response(
                    [
                        "agency": agency, "positions": result.positions, "streamVersion": result.streamVersion,
                        "alreadyStored": result.alreadyStored,
                    ], status: result.alreadyStored == result.positions.count ? .ok : .created)
                services.appended(result.positions, by: principal, response: &response)
                let named = submission.records.flatMap { $0.record.event.namedPeople.map(\.digits) }
                return PersonalAnswer(response: response, nips: Array(Set(named)).sorted())
            } catch {
                throw Problem.append(error, ids: submission.records.map(\.record.id))
            }
        }
    }
}
