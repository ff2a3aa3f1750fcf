import EventStore
import Foundation
import Hummingbird

/// An employee's career dossier: the events with inclusion proofs against the latest signed
/// checkpoint, to archive and check offline (`riwayat proof verify`). Personal data: on record.
struct DossierController {
    let services: DaemonServices

    var routes: RouteCollection<RiwayatRequestContext> {
        let routes = RouteCollection(context: RiwayatRequestContext.self)
        routes.get("v1/employees/:nip/dossier", use: dossier)
        return routes
    }

    func dossier(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.personal("dossier", request, context, nip: context.parameters.get("nip")) {
            let principal = try context.require(.inspector)
            try services.limiter.admit(principal, "proofs")
            let nip = try EmployeeController(services: services).nip(context)
            guard try await services.store.streamVersion(nip.digits) > 0 else { throw Problem.notFound("no records for NIP \(nip)") }
            guard let dossier = try await services.dossier(of: nip.digits) else {
                var problem = Problem(
                    status: .serviceUnavailable, title: "Service Unavailable",
                    detail: "no signed checkpoint holds every event of this employee yet; try again in a few seconds")
                problem.retryAfterSeconds = 3
                throw problem
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var response = JSONBody.raw(String(decoding: try encoder.encode(dossier), as: UTF8.self), contentType: "application/json")
            response.headers[.contentDisposition] = "attachment; filename=\"dossier-\(nip.digits).json\""
            return PersonalAnswer(response: response, nips: [nip.digits])
        }
    }
}
