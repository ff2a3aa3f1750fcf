import CareerDomain
import CareerLog
import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresClient
import Projections
import QueryDaemon
import TestSupport
import Testing

/// The daemon's answer cache: answers are kept only while what they were computed from is
/// unchanged, as seen by the log follower that `buildApplication` runs.
@Suite("Query daemon: answer cache")
struct DaemonCacheTests {
    static let statePath = "/v1/employees/\(DaemonFixture.nip)"

    /// The full application (router plus the log follower), tested through the router.
    static func application(_ fixture: DaemonFixture) -> some ApplicationProtocol {
        buildApplication(configuration: .init(), services: fixture.services, logger: Logger(label: "test"))
    }

    static func get(
        _ client: some TestClientProtocol, _ path: String, _ headers: HTTPFields
    ) async throws -> (cache: String, body: [String: Any], text: String) {
        try await client.execute(uri: path, method: .get, headers: headers) { response in
            #expect(response.status == .ok)
            return (response.headers[HTTPField.Name("Riwayat-Cache")!] ?? "", json(response.body), String(buffer: response.body))
        }
    }

    static func award(_ nip: String, _ name: String) throws -> NewEvent {
        guard let nip = try? NIP(nip) else { throw PostgresError(code: .protocolViolation, message: "bad fixture NIP") }
        return try CareerRecord(
            nip: nip, effectiveDate: CivilDate(year: 2025, month: 8, day: 17) ?? CivilDate(dayNumber: 0), decree: nil,
            recordedBy: "197001011995031002", event: .awardGranted(AwardGranted(name: name))
        ).newEvent()
    }

    @Test func anAnswerIsKeptUntilItsStreamChangesEvenWhenAnotherProcessAppends() async throws {
        let fixture = try await DaemonFixture.make(followerSilence: .seconds(300))
        let inspector = fixture.headers("inspector")
        try await Self.application(fixture).test(.router) { client in
            #expect(await eventually { fixture.services.heads.current != nil })
            let first = try await Self.get(client, Self.statePath, inspector)
            let second = try await Self.get(client, Self.statePath, inspector)
            #expect(first.cache == "miss")
            #expect(second.cache == "hit")
            #expect(second.text == first.text)
            var bypass = inspector
            bypass[.cacheControl] = "no-cache"
            #expect(try await Self.get(client, Self.statePath, bypass).cache == "miss")

            // Another writer (not this daemon) appends: the follower must drop the answer.
            let other = EventStore(pool: fixture.database.pool(maxConnections: 1))
            let appended = try await other.append(
                [Self.award(DaemonFixture.nip, "Satyalancana Karya Satya X Tahun")], to: DaemonFixture.nip)
            #expect(await eventually { fixture.services.heads.current ?? 0 >= appended.positions[0] })
            let after = try await Self.get(client, Self.statePath, inspector)
            #expect(after.cache == "miss")
            #expect(after.body["lastPosition"] as? Int == Int(appended.positions[0]))
            #expect((after.body["awards"] as? [String])?.contains("Satyalancana Karya Satya X Tahun") == true)
            await other.pool.close()
        }
        // Every read is on record, served from the cache or not.
        let reads = try await fixture.services.pool.query("SELECT count(*) FROM access_log WHERE action = 'state'").firstRow?.decode(
            Int.self, at: 0)
        #expect(reads == 4)
        await fixture.services.pool.close()
    }

    @Test func aWriterReadsItsOwnAppendAtOnceAndOtherEmployeesStayCached() async throws {
        var made = try await DaemonFixture.make(followerSilence: .seconds(300))
        made.tokens["both"] = try await made.services.tokens.create(
            .init(name: "both", person: "197001011995031002", roles: [.writer, .inspector])
        ).secret
        let fixture = made
        let headers = fixture.headers("both")
        let trailPath = "\(Self.statePath)/trail"
        try await Self.application(fixture).test(.router) { client in
            #expect(await eventually { fixture.services.heads.current != nil })
            let others = try await fixture.services.pool.query("SELECT DISTINCT stream FROM events WHERE stream <> \(DaemonFixture.nip)")
                .map { try $0.decode(String.self, at: 0) }
            #expect(!others.isEmpty)
            for path in [Self.statePath, trailPath] + others.map({ "/v1/employees/\($0)" }) {
                _ = try await Self.get(client, path, headers)
            }
            let before = try await Self.get(client, trailPath, headers)
            #expect(before.cache == "hit")
            let body =
                #"{"events":[{"type":"AwardGranted","effectiveDate":"2025-08-17","payload":{"name":"Satyalancana Karya Satya XX Tahun"}}]}"#
            try await client.execute(uri: "\(Self.statePath)/events", method: .post, headers: headers, body: ByteBuffer(string: body)) {
                response in
                #expect(response.status == .created)
            }
            // No waiting for the follower: this daemon's own append invalidates at once.
            let state = try await Self.get(client, Self.statePath, headers)
            let trail = try await Self.get(client, trailPath, headers)
            #expect(state.cache == "miss" && trail.cache == "miss")
            #expect((state.body["awards"] as? [String])?.contains("Satyalancana Karya Satya XX Tahun") == true)
            #expect(trail.body["total"] as? Int == (before.body["total"] as? Int ?? 0) + 1)
            for nip in others {
                #expect(try await Self.get(client, "/v1/employees/\(nip)", headers).cache == "hit")
            }
        }
        await fixture.services.pool.close()
    }

    @Test func aReportIsKeptUntilTheLogMoves() async throws {
        let fixture = try await DaemonFixture.make(followerSilence: .seconds(300))
        let analyst = fixture.headers("analyst")
        let path = "/v1/reports/headcount?asOf=2020-12-31&by=unit"
        try await Self.application(fixture).test(.router) { client in
            #expect(await eventually { fixture.services.heads.current != nil })
            let first = try await Self.get(client, path, analyst)
            let second = try await Self.get(client, path, analyst)
            #expect([first.cache, second.cache] == ["miss", "hit"])
            var csv = analyst
            csv[.accept] = "text/csv"
            #expect(try await Self.get(client, path, csv).cache == "miss")
            let appended = try await fixture.services.store.append(
                [Self.award(DaemonFixture.nip, "Satyalancana Karya Satya X Tahun")], to: DaemonFixture.nip)
            #expect(await eventually { fixture.services.heads.current ?? 0 >= appended.positions[0] })
            // The read models have not applied the new event: recomputed, not kept stale.
            let third = try await Self.get(client, path, analyst)
            #expect(third.cache == "miss")
            #expect(third.body["position"] as? Int == first.body["position"] as? Int)
            #expect(try await Self.get(client, path, analyst).cache == "miss")
            try await EmployeeProjection(store: fixture.services.store, today: { WorkforceReportTests.day("2026-01-01") }).applyNext()
            let caughtUp = try await Self.get(client, path, analyst)
            #expect(caughtUp.body["position"] as? Int == Int(appended.positions[0]))
            #expect(try await Self.get(client, path, analyst).cache == "hit")
        }
        await fixture.services.pool.close()
    }
}

/// What a client sees when the database is gone: a problem document with 503 and Retry-After.
@Suite("Query daemon: database unavailable")
struct DaemonDatabaseFailureTests {
    @Test func aLostDatabaseIsA503ProblemNotACrashOrABare500() async throws {
        let fixture = try await DaemonFixture.make()
        let document = try await DaemonTests.openAPI(fixture)
        let conformance = OpenAPIConformance(document: document)
        await fixture.services.pool.close()
        try await fixture.app.test(.router) { client in
            let requests: [(HTTPRequest.Method, String, String, String, String?)] = [
                (.get, "/v1/employees/\(DaemonFixture.nip)", "/v1/employees/{nip}", "inspector", nil),
                (.get, "/v1/reports/headcount?asOf=2020-12-31", "/v1/reports/headcount", "analyst", nil),
                (
                    .post, "/v1/employees/\(DaemonFixture.nip)/events", "/v1/employees/{nip}/events", "writer",
                    #"{"events":[{"type":"AwardGranted","effectiveDate":"2025-08-17","payload":{"name":"x"}}]}"#
                ),
            ]
            for (method, path, documented, role, body) in requests {
                try await client.execute(
                    uri: path, method: method, headers: fixture.headers(role), body: body.map { ByteBuffer(string: $0) }
                ) { response in
                    #expect(response.status == .serviceUnavailable, "\(path)")
                    #expect(response.headers[.retryAfter] == "5")
                    #expect(json(response.body)["status"] as? Int == 503)
                    DaemonTests.expectConforms(response, documented, method, conformance)
                }
            }
        }
    }
}
