import CareerDomain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresClient
import TestSupport
import Testing

@testable import QueryDaemon

/// Every operation of the OpenAPI document, called by every kind of caller: the roles it names
/// (`x-roles`) get an answer, everyone else 401 or 403, and every answer is documented. The
/// router and the document hold the same operations, so a route cannot be added without it.
@Suite("Route matrix from the OpenAPI document")
struct RouteMatrixTests {
    /// A request that succeeds for each operation of the document (`METHOD /path`).
    static func samples(
        _ fixture: DaemonFixture, event: (id: UUID, position: Int64, hash: String)
    ) -> [String: (uri: String, body: String?)] {
        let nip = DaemonFixture.nip
        return [
            "GET /healthz": ("/healthz", nil),
            "GET /readyz": ("/readyz", nil),
            "GET /metrics": ("/metrics", nil),
            "GET /openapi.json": ("/openapi.json", nil),
            "GET /openapi.yaml": ("/openapi.yaml", nil),
            "GET /v1/employees/{nip}": ("/v1/employees/\(nip)?explain=true", nil),
            "GET /v1/employees/{nip}/trail": ("/v1/employees/\(nip)/trail?limit=2", nil),
            "GET /v1/employees/{nip}/findings": ("/v1/employees/\(nip)/findings", nil),
            "POST /v1/employees/{nip}/events": (
                "/v1/employees/\(nip)/events",
                #"{"events":[{"type":"AwardGranted","effectiveDate":"2025-08-17","payload":{"name":"Satyalancana Karya Satya XX Tahun"}}]}"#
            ),
            "GET /v1/units/{unit}/findings": ("/v1/units/Dinas%20Pendidikan/findings", nil),
            "GET /v1/findings": ("/v1/findings?agency=Pemerintah%20Kabupaten%20Sleman&state=open&limit=5", nil),
            "GET /v1/reports/headcount": ("/v1/reports/headcount?asOf=2020-12-31&by=unit,grade", nil),
            "GET /v1/reports/flows": ("/v1/reports/flows?from=2020&to=2025", nil),
            "GET /v1/reports/promotion-velocity": ("/v1/reports/promotion-velocity", nil),
            "GET /v1/reports/training-coverage": ("/v1/reports/training-coverage?year=2024", nil),
            "GET /v1/reports/retirement-forecast": ("/v1/reports/retirement-forecast?from=2040&years=2", nil),
            "GET /v1/reports/talent-boxes": ("/v1/reports/talent-boxes", nil),
            "GET /v1/reports/promotion-eligible": ("/v1/reports/promotion-eligible?asOf=2025-06-01", nil),
            "GET /v1/log/head": ("/v1/log/head", nil),
            "GET /v1/log/seal": ("/v1/log/seal", nil),
            "GET /v1/log/inclusion": (
                "/v1/log/inclusion?eventId=\(event.id.uuidString)&position=\(event.position)&hash=\(event.hash)", nil
            ),
            "GET /v1/admin/access-log": ("/v1/admin/access-log?limit=5", nil),
            "GET /v1/log/checkpoint": ("/v1/log/checkpoint", nil),
            "GET /v1/log/checkpoint/cosigned": ("/v1/log/checkpoint/cosigned", nil),
            "POST /v1/log/checkpoint/cosignature": ("/v1/log/checkpoint/cosignature", fixture.cosignedNote),
            "GET /v1/employees/{nip}/dossier": ("/v1/employees/\(nip)/dossier", nil),
            "GET /v1/log/checkpoint/{size}": ("/v1/log/checkpoint/\(fixture.treeSize)", nil),
            "GET /v1/log/proof/inclusion": ("/v1/log/proof/inclusion?eventId=\(event.id.uuidString)&treeSize=\(fixture.treeSize)", nil),
            "GET /v1/log/proof/consistency": ("/v1/log/proof/consistency?from=\(event.position)&to=\(fixture.treeSize)", nil),
            "GET /v1/reports/competency-gaps": ("/v1/reports/competency-gaps", nil),
            "GET /v1/reports/competency-gaps/people": ("/v1/reports/competency-gaps/people", nil),
            "GET /v1/reports/succession": ("/v1/reports/succession", nil),
            "GET /v1/reports/selections": ("/v1/reports/selections", nil),
            "GET /v1/reports/equal-opportunity": ("/v1/reports/equal-opportunity?from=2020&to=2025&perUnit=true", nil),
            "GET /v1/reports/mentoring": ("/v1/reports/mentoring", nil),
            "GET /v1/employees/{nip}/merit": ("/v1/employees/\(nip)/merit", nil),
            "GET /v1/agencies/{agency}/events": ("/v1/agencies/Pemerintah%20Kabupaten%20Sleman/events", nil),
            "POST /v1/agencies/{agency}/events": (
                "/v1/agencies/Pemerintah%20Kabupaten%20Sleman/events",
                #"{"events":[{"type":"CompetencyStandardDeclared","effectiveDate":"2025-01-02","payload":{"title":"Analis Kebijakan","#
                    + #""levels":[{"competency":"integritas","level":3}]}}]}"#
            ),
        ]
    }

    @Test func everyOperationAnswersEachCallerAsTheDocumentSays() async throws {
        var made = try await DaemonFixture.make()
        // A writer limited to another agency: refused wherever writing is what it would do.
        made.tokens["elsewhere"] = try await made.services.tokens.create(
            .init(
                name: "elsewhere", person: "system:elsewhere", roles: [.writer],
                scope: WriteScope(agencies: ["Pemerintah Kota Yogyakarta"]))
        ).secret
        made.tokens["revoked"] = try await made.services.tokens.create(
            .init(name: "revoked", person: "system:revoked", roles: Set(Role.allCases))
        ).secret
        _ = try await made.services.tokens.revoke("revoked")
        let fixture = made
        let document = try await DaemonTests.openAPI(fixture)
        let conformance = OpenAPIConformance(document: document)
        #expect(document["openapi"] as? String == "3.1.0")

        // The router and the document name the same operations (the web pages are not API).
        let routed = Set(
            buildRouter(services: fixture.services, pages: false).routes.map { route in
                let path = route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
                return "\(route.method.rawValue) /" + path.joined(separator: "/")
            })
        var documented = [String: [String: Any]]()
        for (path, item) in document["paths"] as? [String: [String: Any]] ?? [:] {
            for (method, operation) in item {
                if let operation = operation as? [String: Any] { documented["\(method.uppercased()) \(path)"] = operation }
            }
        }
        let undocumented = routed.subtracting(documented.keys), unrouted = Set(documented.keys).subtracting(routed)
        #expect(undocumented.isEmpty, "routed but not documented: \(undocumented)")
        #expect(unrouted.isEmpty, "documented but not routed: \(unrouted)")

        let stored = try #require(try await fixture.services.store.readAll(after: 2, limit: 1).first)
        let samples = Self.samples(fixture, event: (stored.id, stored.position, PostgresBytes.hex(stored.hash)))
        let callers: [String?] = [nil, "bogus", "revoked", "elsewhere"] + Role.allCases.map(\.rawValue)
        let operations = documented.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value["x-roles"] as? [String]) }
        try await fixture.app.test(.router) { client in
            for (operation, roles) in operations {
                guard let sample = samples[operation] else {
                    Issue.record("no sample request for \(operation): add one to RouteMatrixTests.samples")
                    continue
                }
                let parts = operation.split(separator: " ")
                let method = HTTPRequest.Method(rawValue: String(parts[0])) ?? .get
                let path = String(parts[1])
                #expect(roles != nil, "\(operation) names no x-roles")
                for caller in callers {
                    var headers = fixture.headers(caller)
                    if caller == "bogus" { headers[.authorization] = "Bearer rwy_" + String(repeating: "0", count: 48) }
                    try await client.execute(
                        uri: sample.uri, method: method, headers: headers, body: sample.body.map { ByteBuffer(string: $0) }
                    ) { response in
                        let who = "\(operation) as \(caller ?? "anonymous")"
                        let status = Int(response.status.code)
                        #expect(
                            conformance.response(path: path, method: method.rawValue, status: status) != nil,
                            "\(who): \(status) is not documented")
                        DaemonTests.expectConforms(response, path, method, conformance)
                        let allowed = roles ?? []
                        if allowed.isEmpty {
                            #expect(status == 200, "\(who): \(status)")
                        } else if caller == nil || caller == "bogus" || caller == "revoked" {
                            #expect(status == 401, "\(who): \(status)")
                            #expect(response.headers[.wwwAuthenticate] != nil)
                        } else if caller == "elsewhere" {
                            #expect(
                                status == (allowed.contains("writer") && (method == .get || !path.hasSuffix("/events")) ? 200 : 403),
                                "\(who): \(status) \(String(buffer: response.body))")
                        } else if let caller, allowed.contains(caller) {
                            #expect(status < 300, "\(who): \(status) \(String(buffer: response.body))")
                        } else {
                            #expect(status == 403, "\(who): \(status)")
                        }
                    }
                }
            }
        }
        await fixture.services.pool.close()
    }

    @Test func everyQueryParameterWithHostileValuesGetsADocumentedAnswerNeverAServerError() async throws {
        var made = try await DaemonFixture.make()
        made.tokens["all"] = try await made.services.tokens.create(.init(name: "all", person: "system:all", roles: Set(Role.allCases)))
            .secret
        let fixture = made
        let document = try await DaemonTests.openAPI(fixture)
        let conformance = OpenAPIConformance(document: document)
        let stored = try #require(try await fixture.services.store.readAll(after: 2, limit: 1).first)
        let samples = Self.samples(fixture, event: (stored.id, stored.position, PostgresBytes.hex(stored.hash)))
        let hostile = [
            "", "%00", "%0A%0D", String(repeating: "9", count: 10_000), "-1", "1e99", "%27%3B%20DROP%20TABLE%20events%3B--", "%F0%9F%92%A9",
            "%FF", "null", "true",
        ]
        var cases = [(operation: String, path: String, uri: String)]()
        for (path, item) in document["paths"] as? [String: [String: Any]] ?? [:] {
            guard let operation = item["get"] as? [String: Any], let sample = samples["GET \(path)"] else { continue }
            let names = (operation["parameters"] as? [[String: Any]] ?? []).compactMap { parameter -> String? in
                let resolved = conformance.followed(parameter)
                return resolved?["in"] as? String == "query" ? resolved?["name"] as? String : nil
            }
            let base = sample.uri.split(separator: "?").first.map(String.init) ?? sample.uri
            for name in names {
                for value in hostile { cases.append(("GET \(path)", path, "\(base)?\(name)=\(value)")) }
                cases.append(("GET \(path)", path, "\(base)?\(name)=1&\(name)=2"))
            }
        }
        #expect(cases.count > 100)
        let all = cases
        try await fixture.app.test(.router) { client in
            for item in all {
                try await client.execute(uri: item.uri, method: .get, headers: fixture.headers("all")) { response in
                    let status = Int(response.status.code)
                    #expect(status < 500, "\(item.uri.prefix(120)): \(status) \(String(buffer: response.body).prefix(200))")
                    #expect(
                        conformance.response(path: item.path, method: "GET", status: status) != nil,
                        "\(item.uri.prefix(120)): \(status) is not documented")
                    DaemonTests.expectConforms(response, item.path, .get, conformance)
                }
            }
        }
        await fixture.services.pool.close()
    }

    @Test func aParameterTheOperationDoesNotTakeIsRefusedAndFormEncodedValuesAreRead() async throws {
        var made = try await DaemonFixture.make()
        made.tokens["all"] = try await made.services.tokens.create(.init(name: "all", person: "system:all", roles: Set(Role.allCases)))
            .secret
        let fixture = made
        let stored = try #require(try await fixture.services.store.readAll(after: 2, limit: 1).first)
        let samples = Self.samples(fixture, event: (stored.id, stored.position, PostgresBytes.hex(stored.hash)))
        let before = try await fixture.services.pool.query("SELECT count(*) FROM access_log").firstRow?.decode(Int.self, at: 0) ?? -1
        let (refused, personal) = try await fixture.app.test(.router) { client in
            var refused = 0, personal = 0
            for (operation, sample) in samples {
                let method: HTTPRequest.Method = operation.hasPrefix("POST") ? .post : .get
                let uri = sample.uri + (sample.uri.contains("?") ? "&" : "?") + "agncy=Sleman"
                try await client.execute(
                    uri: uri, method: method, headers: fixture.headers("all"), body: sample.body.map { ByteBuffer(string: $0) }
                ) { response in
                    let body = String(buffer: response.body)
                    #expect(
                        response.status == .badRequest && body.contains("agncy"), "\(operation): \(response.status) \(body.prefix(200))")
                }
                refused += 1
                if DocumentedOperation.find(method: method.rawValue, path: String(uri.split(separator: "?")[0]))?.personal == true {
                    personal += 1
                }
            }
            // `+` is a space, as forms and most HTTP libraries send it.
            var totals = [Int]()
            for agency in ["Pemerintah+Kabupaten+Sleman", "Pemerintah%20Kabupaten%20Sleman"] {
                try await client.execute(uri: "/v1/findings?agency=\(agency)", method: .get, headers: fixture.headers("all")) { response in
                    let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                    totals.append(body?["total"] as? Int ?? -1)
                }
            }
            #expect(totals[0] == totals[1] && totals[0] > 0, "\(totals)")
            try await client.execute(uri: "/v1/findings?agency=%E2%82", method: .get, headers: fixture.headers("all")) { response in
                #expect(response.status == .badRequest)
            }
            // A parameter without a name is named as such.
            try await client.execute(uri: "/v1/findings?=1", method: .get, headers: fixture.headers("all")) { response in
                let body = String(buffer: response.body)
                #expect(response.status == .badRequest && body.contains(#""field":"query""#) && body.contains("without a name"), "\(body)")
            }
            // Every unknown parameter is named, once.
            try await client.execute(
                uri: "/v1/findings?foo=1&asof=2020-01-01&foo=2&rule=P-4Y", method: .get, headers: fixture.headers("all")
            ) {
                response in
                let body = String(buffer: response.body)
                #expect(response.status == .badRequest && body.contains(#""field":"foo""#), "\(body)")
                #expect(body.contains("is not a parameter of this operation, nor asof; it takes "), "\(body)")
            }
            return (refused, personal)
        }
        #expect(refused == samples.count && personal == 13)
        // The refusals on operations that name employees are on record like any other refusal.
        let after = try await fixture.services.pool.query("SELECT count(*) FROM access_log WHERE status = 400").firstRow?.decode(
            Int.self, at: 0)
        #expect(after == personal + 3, "\(before)")  // and the three refused findings lists above
        await fixture.services.pool.close()
    }
}
