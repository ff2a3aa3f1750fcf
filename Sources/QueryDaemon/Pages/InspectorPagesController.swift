import CareerDomain
import CareerLog
import EventStore
import Foundation
import Hummingbird
import NIOCore
import PostgresClient
import Projections

/// The inspector's pages: NIP look-up, the employee page (state on a date as known at a time,
/// the career timeline, the trail with corrections beside what they fix, the findings) and the
/// findings of an agency or unit. Each page that names an employee is in the access log.
struct InspectorPagesController {
    let services: DaemonServices

    var routes: RouteCollection<RiwayatRequestContext> {
        let routes = RouteCollection(context: RiwayatRequestContext.self)
        routes.get("employees", use: lookUp)
        routes.get("employees/:nip", use: employee)
        routes.get("employees/:nip/dossier.json", use: dossier)
        routes.get("findings", use: findings)
        return routes
    }

    /// The look-up form; a valid NIP goes to its page, an invalid one is explained. A look-up
    /// names a NIP: it is on record, refusals too.
    func lookUp(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        let asked = try? request.query("nip", maxLength: 40)?.trimmingCharacters(in: .whitespaces)
        guard let text = asked ?? nil, !text.isEmpty else {
            return try await services.page(request, context) { visit in
                _ = try visit.context.require(.inspector)
                return visit.page("lookup", title: visit.language("lookup.title"), [:])
            }
        }
        return try await services.personalPage("page-lookup", request, context, nip: text) { visit in
            _ = try visit.context.require(.inspector)
            do {
                let nip = try NIP(text)
                return (visit.redirect("/employees/\(nip.digits)"), [nip.digits])
            } catch let error as DomainError {
                let data: [String: Any] = ["nip": text, "error": ["field": "nip", "rule": error.rule]]
                return (visit.page("lookup", title: visit.language("lookup.title"), status: .badRequest, data), [])
            }
        }
    }

    func employee(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.personalPage("page-employee", request, context, nip: context.parameters.get("nip")) { visit in
            _ = try visit.context.require(.inspector)
            let nip = try EmployeeController(services: services).nip(context)
            let cleaned = request.withoutEmptyParameters
            let asOf = try cleaned.date("asOf") ?? services.today()
            let knownDay = try cleaned.date("knownAt")
            // "As known at" a day: what was recorded by the end of that day (UTC).
            let knownAt = knownDay.map { Int64($0.dayNumber + 1) * 86_400_000_000 - 1 }
            let stored = try await services.reads.store.readStream(nip.digits, limit: 1_000_000)
            guard !stored.isEmpty else { throw Problem.notFound("no records for NIP \(nip)") }
            let history = StoredHistory(stored, nip: nip)
            let explained = EmployeeTimeline.explain(records: history.records, nip: nip, asOf: asOf, knownAt: knownAt)
            var query = FindingsQuery()
            query.nip = nip.digits
            query.limit = 1000
            query.knownAt = knownAt
            let (_, findings) = try await query.run(on: services.reads.pool)
            var page = EmployeePage(
                nip: nip, stored: stored, history: history, explained: explained, findings: findings, asOf: asOf, knownDay: knownDay,
                knownAt: knownAt, language: visit.language)
            page.proof = try await proofStatus(lastPosition: stored.last?.position ?? 0)
            let merit = try await MeritProfile.read(nip.digits, on: services.reads.pool)
            page.merit = merit
            // The trail also names who recorded each event and the operators, the merit section the
            // relatives: every NIP shown is on record.
            var named = Set(merit.nips(of: nip.digits) + FindingsQuery.people(in: findings))
            for record in history.records {
                for person in [record.recordedBy, record.operatorName ?? ""] where (try? NIP(person)) != nil { named.insert(person) }
            }
            return (visit.page("employee", title: "NIP \(nip.digits)", page.data), named.sorted())
        }
    }

    /// The latest signed checkpoint and whether it holds every event of the employee.
    func proofStatus(lastPosition: Int64) async throws -> EmployeePage.ProofStatus {
        let latest = try await services.checkpoints.latest()
        var status = EmployeePage.ProofStatus(
            checkpointSize: latest?.size,
            covered: services.integrity.broken == nil && (latest.map { $0.size >= lastPosition } ?? false),
            verifierKey: services.signer?.verifier.text, integrityBroken: services.integrity.broken.map { "\($0.kind) (\($0.position))" })
        if let cosigned = try await services.verifiedCosigned() {
            status.witnessed = "\(cosigned.witnesses.joined(separator: ", ")) (\(cosigned.size))"
        }
        // The note's text is everything before the blank line that opens its signatures.
        if let text = latest?.note.components(separatedBy: "\n\n").first, let checkpoint = try? LogCheckpoint(text: text + "\n") {
            status.root = Data(checkpoint.root).base64EncodedString()
        }
        return status
    }

    /// The career dossier as a file (as `GET /v1/employees/{nip}/dossier`), on record.
    func dossier(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.personalPage("page-dossier", request, context, nip: context.parameters.get("nip")) { visit in
            try services.limiter.admit(try visit.context.require(.inspector), "proofs")
            let nip = try EmployeeController(services: services).nip(context)
            var headers = PageRenderer.headers(contentType: "application/json")
            headers[.contentDisposition] = "attachment; filename=\"dossier-\(nip.digits).json\""
            return (
                Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: try await services.dossierFile(of: nip))),
                [nip.digits]
            )
        }
    }

    func findings(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.personalPage("page-findings", request, context) { visit in
            let principal = try visit.context.require(.inspector)
            try services.limiter.admit(principal, "lists")
            let cleaned = request.withoutEmptyParameters
            var query = try FindingsController.filters(cleaned)
            query.unit = try cleaned.query("unit")
            query.limit = 50
            let (total, rows) = try await query.run(on: services.reads.pool)
            let page = FindingsPage(query: query, total: total, rows: rows, request: cleaned, language: visit.language)
            return (visit.page("findings", title: visit.language("findings.title"), page.data), FindingsQuery.people(in: rows))
        }
    }
}

extension Request {
    /// The request with the query parameters that have no value left out: an empty field of a
    /// page's filter form means "any". The copy has no body: it is for reading the query.
    var withoutEmptyParameters: Request {
        guard let query = uri.query else { return self }
        let kept = query.split(separator: "&").filter { part in
            guard let equals = part.firstIndex(of: "=") else { return false }
            return part.index(after: equals) < part.endIndex
        }
        var head = self.head
        head.path = uri.path + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        return Request(head: head, body: RequestBody(buffer: ByteBuffer()))
    }
}
