import CareerDomain
import CareerLog
import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresClient
import Projections
import TestSupport
import Testing

@testable import QueryDaemon

/// A daemon over the hand-written history, with one token per role.
struct DaemonFixture {
    let database: TestDatabase
    let services: DaemonServices
    var tokens: [String: String] = [:]
    /// The tree size of the checkpoint the fixture signed (the whole hand-written history).
    var treeSize: Int64 = 0
    /// That checkpoint with the fixture witness's cosignature line.
    var cosignedNote = ""
    static let nip = "198001012005011001"
    static let signer = Result { try NoteSigner.generate(name: "riwayat.test/daemon") }
    static let witness = Result { try NoteSigner.generate(name: "witness.test/inspectorate", witness: true) }

    /// `followerSilence`: how long the log follower may go unheard before cached answers stop
    /// being served (tests of the cache use a long one, so a busy machine cannot turn a hit into
    /// a miss; the follower's wake-ups by NOTIFY are what they test).
    static func make(followerSilence: Duration = .seconds(3)) async throws -> DaemonFixture {
        let database = try await TestCluster.shared.makeDatabase()
        let signer = try signer.get()
        var services = DaemonServices(
            pool: database.appPool(), accessLog: AccessLogWriter(conninfo: database.accessLogConninfo),
            today: { WorkforceReportTests.day("2026-01-01") }, limiter: RateLimiter(burst: 200),
            heads: StreamHeads(maxSilence: followerSilence),
            signer: signer)
        let witness = try witness.get()
        services.witnesses = [witness.verifier]
        for career in try WorkforceReportTests.history() { try await services.log.record(career, by: .test) }
        try await EmployeeProjection(store: services.store, today: { WorkforceReportTests.day("2026-01-01") }).applyNext()
        // The Merkle tree over the history and a checkpoint of it, as the daemon's tree service makes them.
        try await services.tree.extend()
        _ = try await services.checkpoints.publish(tree: services.tree, signer: signer)
        var fixture = DaemonFixture(database: database, services: services)
        fixture.treeSize = try await services.tree.size()
        // A witness cosigned it.
        let note = try await services.checkpoints.note(size: fixture.treeSize) ?? ""
        let checkpoint = try LogCheckpoint(text: (note.components(separatedBy: "\n\n").first ?? "") + "\n")
        fixture.cosignedNote = note + (try witness.cosign(checkpoint.text, time: 1_780_000_000))
        try await services.checkpoints.addCosignature(
            size: fixture.treeSize, witness: witness.name, line: String(fixture.cosignedNote.split(separator: "\n").last ?? "") + "\n")
        for role in Role.allCases {
            fixture.tokens[role.rawValue] = try await services.tokens.create(
                .init(name: role.rawValue, person: "system:\(role.rawValue)", roles: [role])
            ).secret
        }
        return fixture
    }

    var app: some ApplicationProtocol {
        Application(router: buildRouter(services: services))
    }

    func headers(_ role: String?, accept: String? = nil) -> HTTPFields {
        var fields = HTTPFields()
        if let role, let token = tokens[role] { fields[.authorization] = "Bearer \(token)" }
        if let accept { fields[.accept] = accept }
        fields[.contentType] = "application/json"
        return fields
    }

    func head() async throws -> Int64 { try await services.store.head().position }
}

func json(_ buffer: ByteBuffer) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(buffer: buffer))) as? [String: Any] ?? [:]
}

@Suite("Query daemon")
struct DaemonTests {
    static func openAPI(_ fixture: DaemonFixture) async throws -> [String: Any] {
        let body = try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in response.body }
        }
        return json(body)
    }

    /// The response's content type is documented for its status, and a JSON body matches the schema.
    static func expectConforms(_ response: TestResponse, _ path: String, _ method: HTTPRequest.Method, _ conformance: OpenAPIConformance) {
        let contentType = response.headers[.contentType] ?? ""
        let where_ = "\(method) \(path) \(response.status.code) \(contentType)"
        guard
            let schema = conformance.schema(
                path: path, method: method.rawValue, status: Int(response.status.code), contentType: contentType)
        else {
            Issue.record("\(where_): this content type is not documented")
            return
        }
        guard contentType.contains("json") else { return }
        do {
            let value = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
            let violations = conformance.violations(of: value, against: schema)
            #expect(violations.isEmpty, "\(where_): \(violations.prefix(5))")
        } catch {
            Issue.record("\(where_): the body is not JSON")
        }
    }

    @Test func stateAndTrailAnswerAndEveryPersonalReadIsLogged() async throws {
        let fixture = try await DaemonFixture.make()
        try await fixture.app.test(.router) { client in
            try await client.execute(
                uri: "/v1/employees/\(DaemonFixture.nip)?asOf=2010-01-01&explain=true", method: .get, headers: fixture.headers("inspector")
            ) { response in
                #expect(response.status == .ok)
                let state = json(response.body)
                #expect(state["grade"] as? String == "III/b")
                #expect(state["status"] as? String == "CPNS")
                #expect((state["explain"] as? [String: Any])?["grade"] != nil)
                #expect((state["events"] as? [Any])?.count == 2)
            }
            try await client.execute(
                uri: "/v1/employees/\(DaemonFixture.nip)?knownAt=2000-01-01T00:00:00Z", method: .get, headers: fixture.headers("inspector")
            ) { response in
                #expect(json(response.body)["status"] as? String == "not appointed")
            }
            try await client.execute(uri: "/v1/employees/\(DaemonFixture.nip)/trail", method: .get, headers: fixture.headers("inspector")) {
                response in
                let trail = json(response.body)
                let events = trail["events"] as? [[String: Any]] ?? []
                #expect(trail["total"] as? Int == 6)
                #expect(events.map { $0["effectiveDate"] as? String ?? "" } == events.map { $0["effectiveDate"] as? String ?? "" }.sorted())
                #expect(events.allSatisfy { ($0["hash"] as? String)?.count == 64 })
            }
            let conformance = OpenAPIConformance(document: try await Self.openAPI(fixture))
            try await client.execute(uri: "/v1/employees/199901012020011009", method: .get, headers: fixture.headers("inspector")) {
                response in
                #expect(response.status == .notFound)
                Self.expectConforms(response, "/v1/employees/{nip}", .get, conformance)
            }
            try await client.execute(
                uri: "/v1/employees/\(DaemonFixture.nip)?asOf=yesterday", method: .get, headers: fixture.headers("inspector")
            ) { response in
                #expect(response.status == .badRequest)
                #expect(json(response.body)["field"] as? String == "asOf")
                Self.expectConforms(response, "/v1/employees/{nip}", .get, conformance)
            }
        }
        // Every read is on record, refused ones with their status: who, which NIP, what.
        let logged = try await fixture.services.pool.query(
            """
            SELECT token_name, person, nip, array_to_string(nips, ','), action, status FROM access_log ORDER BY id
            """
        ).map { try $0.decode((String, String, String, String, String, Int).self) }
        #expect(logged.map(\.4) == ["state", "state", "trail", "state", "state"])
        #expect(logged.map(\.5) == [200, 200, 200, 404, 400])
        #expect(logged.allSatisfy { $0.0 == "inspector" && $0.1 == "system:inspector" })
        #expect(logged.map(\.2) == [DaemonFixture.nip, DaemonFixture.nip, DaemonFixture.nip, "199901012020011009", DaemonFixture.nip])
        #expect(logged.map(\.3) == [DaemonFixture.nip, DaemonFixture.nip, DaemonFixture.nip, "199901012020011009", DaemonFixture.nip])
        await fixture.services.pool.close()
    }

    @Test func appendsAreIdempotentConflictCheckedAndBadInputStoresNothing() async throws {
        let fixture = try await DaemonFixture.make()
        let before = try await fixture.head()
        let path = "/v1/employees/\(DaemonFixture.nip)/events"
        let award =
            #"{"expectedVersion":6,"events":[{"id":"6f1c2a0e-0000-4000-8000-0000000000aa","type":"AwardGranted","#
            + #""effectiveDate":"2025-08-17","payload":{"name":"Satyalancana Karya Satya XX Tahun"}}]}"#
        var cases: [(body: String, status: HTTPResponse.Status, field: String?)] = [
            ("{not json", .badRequest, "body"),
            (
                #"{"events":[{"type":"GradePromoted","effectiveDate":"2020-04-01","payload":{"from":"III/c","to":"II/e","#
                    + #""kind":"regular"}}]}"#,
                .badRequest, "events[0].payload.to"
            ),
            (
                #"{"events":[{"type":"AwardGranted","effectiveDate":20200401,"payload":{"name":"x"}}]}"#, .badRequest,
                "events[0].effectiveDate"
            ),
            (#"{"events":[],"extra":1}"#, .badRequest, "extra"),
            (
                #"{"events":[{"type":"AwardGranted","effectiveDate":"2020-01-01","payload":{"name":"x"},"admin":true}]}"#, .badRequest,
                "events[0].admin"
            ),
            (#"{"expectedVersion":true,"events":[]}"#, .badRequest, "expectedVersion"),
            (
                #"{"events":[{"type":"PerformanceRated","effectiveDate":"2025-01-15","payload":{"year":2024,"results":"meets","#
                    + #""behaviour":"meets","predikat":"Baik","appraiser":"198001012005011001"}}]}"#,
                .unprocessableContent, "events[0].payload.appraiser"
            ),
            (
                #"{"events":[{"type":"AwardGranted","effectiveDate":"2025-01-01","payload":{"name":"x'); DROP TABLE events; --"}}],"#
                    + #""expectedVersion":2}"#,
                .conflict, "expectedVersion"
            ),
        ]
        cases.append((award, .created, nil))
        cases.append((award, .ok, nil))
        // The same id with other content: the id is the field at fault.
        cases.append((award.replacingOccurrences(of: "XX", with: "XXX"), .conflict, "events[0].id"))
        let requests = cases
        let conformance = OpenAPIConformance(document: try await Self.openAPI(fixture))
        try await fixture.app.test(.router) { client in
            for item in requests {
                try await client.execute(uri: path, method: .post, headers: fixture.headers("writer"), body: ByteBuffer(string: item.body))
                { response in
                    #expect(response.status == item.status, "\(item.body)")
                    Self.expectConforms(response, "/v1/employees/{nip}/events", .post, conformance)
                    if let field = item.field {
                        #expect(response.headers[.contentType] == "application/problem+json")
                        #expect(json(response.body)["field"] as? String == field, "\(item.body): \(String(buffer: response.body))")
                    }
                }
            }
            var plain = fixture.headers("writer")
            plain[.contentType] = "text/plain"
            try await client.execute(uri: path, method: .post, headers: plain, body: ByteBuffer(string: award)) { response in
                #expect(response.status == .unsupportedMediaType)
                Self.expectConforms(response, "/v1/employees/{nip}/events", .post, conformance)
            }
            try await client.execute(
                uri: "/v1/employees/12345/events", method: .post, headers: fixture.headers("writer"), body: ByteBuffer(string: award)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(json(response.body)["field"] as? String == "nip")
            }
            let huge =
                #"{"events":[{"type":"AwardGranted","effectiveDate":"2025-01-01","payload":{"name":""#
                + String(repeating: "x", count: 2 << 20) + #""}}]}"#
            try await client.execute(uri: path, method: .post, headers: fixture.headers("writer"), body: ByteBuffer(string: huge)) {
                response in
                #expect(response.status == .contentTooLarge)
                #expect(json(response.body)["field"] as? String == "body")
                Self.expectConforms(response, "/v1/employees/{nip}/events", .post, conformance)
            }
        }
        #expect(try await fixture.head() == before + 1)
        await fixture.services.pool.close()
    }

    @Test func reportsComeAsCSVAndTheLogProvesInclusion() async throws {
        let fixture = try await DaemonFixture.make()
        let event = try #require(try await fixture.services.store.readAll(after: 2, limit: 1).first)
        let seal = try await fixture.services.store.seal()
        try await fixture.app.test(.router) { client in
            try await client.execute(
                uri: "/v1/reports/headcount?asOf=2020-12-31&by=unit", method: .get, headers: fixture.headers("analyst", accept: "text/csv")
            ) { response in
                #expect(
                    String(buffer: response.body) == """
                        agency,unit,headcount,log_position,as_of
                        Pemerintah Kabupaten Sleman,Dinas Kesehatan,1,12,2020-12-31
                        Pemerintah Kabupaten Sleman,Dinas Pendidikan,2,12,2020-12-31

                        """)
                #expect(response.headers[CachedAnswer.positionHeader] == "12")
            }
            // A CSV without rows still says what it reflects, in its headers (cached or not).
            for _ in 0..<2 {
                try await client.execute(
                    uri: "/v1/reports/retirement-forecast?from=2020&years=3", method: .get,
                    headers: fixture.headers("analyst", accept: "text/csv")
                ) { response in
                    #expect(String(buffer: response.body) == "year,agency,unit,post_kind,retirements,log_position,as_of\n")
                    #expect(response.headers[CachedAnswer.positionHeader] == "12")
                    #expect(response.headers[CachedAnswer.asOfHeader] == fixture.services.today().description)
                }
            }
            try await client.execute(uri: "/v1/reports/headcount?by=nonsense", method: .get, headers: fixture.headers("analyst")) {
                response in
                #expect(response.status == .badRequest)
                #expect(json(response.body)["field"] as? String == "by")
            }
            let hash = PostgresBytes.hex(event.hash)
            let query = "eventId=\(event.id.uuidString)&position=\(event.position)&hash=\(hash)&seal=\(seal.description)"
            try await client.execute(uri: "/v1/log/inclusion?\(query)", method: .get, headers: fixture.headers("inspector")) { response in
                #expect(json(response.body)["included"] as? Bool == true)
            }
            let wrong = "eventId=\(event.id.uuidString)&position=\(event.position)&hash=\(String(repeating: "0", count: 64))"
            try await client.execute(uri: "/v1/log/inclusion?\(wrong)", method: .get, headers: fixture.headers("inspector")) { response in
                #expect(json(response.body)["included"] as? Bool == false)
            }
        }
        await fixture.services.pool.close()
    }

    @Test func theLiveServerAnswers() async throws {
        let fixture = try await DaemonFixture.make()
        try await fixture.app.test(.live) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/employees/\(DaemonFixture.nip)", method: .get, headers: fixture.headers("inspector")) {
                response in
                #expect(json(response.body)["nip"] as? String == DaemonFixture.nip)
            }
        }
        let remote = try await fixture.services.pool.query("SELECT remote FROM access_log").firstRow?.decode(String?.self, at: 0)
        #expect(remote?.contains("127.0.0.1") == true)
        await fixture.services.pool.close()
    }
}
