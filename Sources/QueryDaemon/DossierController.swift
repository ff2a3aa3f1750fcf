import EventStore
import Foundation
import HTTPTypes
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
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[.contentDisposition] = "attachment; filename=\"dossier-\(nip.digits).json\""
            let response = Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: try await services.dossierFile(of: nip)))
            return PersonalAnswer(response: response, nips: [nip.digits])
        }
    }
}
