import CareerDomain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import NIOCore
import PostgresClient
import Projections
import QueryDaemon
import TestSupport
import Testing

/// Personal data never leaves unrecorded: every answered read has its entry, durably.
@Suite("The access log")
struct AccessLogTests {
    @Test func noAnsweredReadLacksItsEntryAfterTheDatabaseCrashes() async throws {
        let cluster = try PrivateCluster()
        defer { cluster.remove() }
        let database = cluster.database
        let services = DaemonServices(
            pool: database.appPool(maxConnections: 8), accessLog: AccessLogWriter(conninfo: database.accessLogConninfo),
            today: { WorkforceReportTests.day("2026-01-01") })
        for career in try WorkforceReportTests.history() { try await services.log.record(career, by: .test) }
        let token = try await services.tokens.create(.init(name: "inspector", person: "system:inspector", roles: [.inspector])).secret
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(token)"
        let fixed = headers
        let answered = NIOLockedValueBox(0)
        let app = Application(router: buildRouter(services: services))
        try await app.test(.router) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        for request in 0..<25 {
                            let path =
                                (worker + request) % 2 == 0
                                ? "/v1/employees/\(DaemonFixture.nip)" : "/v1/employees/\(DaemonFixture.nip)/trail"
                            try await client.execute(uri: path, method: .get, headers: fixed) { response in
                                if response.status == .ok { answered.withLockedValue { $0 += 1 } }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        await services.pool.close()
        // Straight after the last answer: the server dies without a checkpoint, then recovers.
        try cluster.crash()
        try cluster.restart()
        let connection = try database.connect()
        defer { connection.close() }
        let entries = try connection.query("SELECT count(*) FROM access_log WHERE status = 200").firstRow?.decode(Int.self, at: 0) ?? -1
        #expect(answered.withLockedValue { $0 } == 200)
        #expect(entries == answered.withLockedValue { $0 })
    }

    @Test func listsRefusalsAndUnknownNIPsAreRecordedWithWhoAndWhat() async throws {
        var made = try await DaemonFixture.make()
        made.tokens["both"] = try await made.services.tokens.create(
            .init(name: "both", person: "197001011995031002", roles: [.inspector, .analyst])
        ).secret
        let fixture = made
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/v1/units/Dinas%20Pendidikan/findings", method: .get, headers: fixture.headers("both")) {
                response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/reports/promotion-eligible?asOf=2025-06-01", method: .get, headers: fixture.headers("both"))
            { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/employees/\(DaemonFixture.nip)", method: .get, headers: fixture.headers("analyst")) {
                response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/v1/employees/\(DaemonFixture.nip)/trail", method: .get, headers: fixture.headers(nil)) {
                response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/employees/199901012020011009/findings", method: .get, headers: fixture.headers("both")) {
                response in
                #expect(response.status == .notFound)
            }
            // A revoked token's refusal names the token; the scheme's case does not matter.
            _ = try await fixture.services.tokens.revoke("both")
            try await Task.sleep(for: TokenStore.cacheLifetime + .milliseconds(50))
            try await client.execute(uri: "/v1/employees/\(DaemonFixture.nip)", method: .get, headers: fixture.headers("both")) {
                response in
                #expect(response.status == .unauthorized)
            }
            var lower = HTTPFields()
            lower[.authorization] = "bearer \(fixture.tokens["inspector"] ?? "")"
            try await client.execute(uri: "/v1/employees/\(DaemonFixture.nip)", method: .get, headers: lower) { response in
                #expect(response.status == .ok)
            }
        }
        let rows = try await fixture.services.pool.query(
            """
            SELECT action, status, coalesce(person,
                '-'), coalesce(nip, '-'), array_to_string(nips, ','), coalesce(query, '') FROM access_log ORDER BY id
            """
        ).map { try $0.decode((String, Int, String, String, String, String).self) }
        #expect(rows.map(\.0) == ["unit-findings", "promotion-eligible", "state", "trail", "findings", "state", "state"])
        #expect(rows.map(\.1) == [200, 200, 403, 401, 404, 401, 200])
        #expect(
            rows.map(\.2) == [
                "197001011995031002", "197001011995031002", "system:analyst", "-", "197001011995031002", "197001011995031002",
                "system:inspector",
            ])
        #expect(rows[0].5 == "/v1/units/Dinas%20Pendidikan/findings")
        // The unit's list names every NIP it held; the refused reads name the NIP asked for.
        let listed = try await fixture.services.pool.query("SELECT DISTINCT nip FROM findings WHERE unit = 'Dinas Pendidikan' ORDER BY 1")
            .map { try $0.decode(String.self, at: 0) }
        #expect(rows[0].4 == listed.joined(separator: ","))
        #expect(rows[2].3 == DaemonFixture.nip && rows[3].3 == DaemonFixture.nip && rows[4].3 == "199901012020011009")
        await fixture.services.pool.close()
    }

    @Test func everyWriteAttemptStoredOrRefusedIsRecordedSinceARefusalCanDescribeTheHistory() async throws {
        let fixture = try await DaemonFixture.make()
        let nip = DaemonFixture.nip
        let award = #"{"events":[{"type":"AwardGranted","effectiveDate":"2025-08-17","payload":{"name":"Satyalancana"}}]}"#
        // Dated before the appointment: the refusal names the stored appointment's TMT.
        let early = #"{"events":[{"type":"AwardGranted","effectiveDate":"2000-01-01","payload":{"name":"Satyalancana"}}]}"#
        let stale = #"{"expectedVersion":1,"events":[{"type":"AwardGranted","effectiveDate":"2025-08-18","payload":{"name":"X"}}]}"#
        let statuses = try await fixture.app.test(.router) { client in
            var statuses = [Int]()
            for (token, body) in [("writer", award), ("writer", early), ("writer", stale), ("inspector", award), (nil, award)] {
                let status = try await client.execute(
                    uri: "/v1/employees/\(nip)/events", method: .post, headers: fixture.headers(token), body: ByteBuffer(string: body)
                ) { $0.status.code }
                statuses.append(status)
            }
            return statuses
        }
        #expect(statuses == [201, 422, 409, 403, 401])
        let rows = try await fixture.services.pool.query(
            "SELECT action, status, coalesce(nip, '-'), array_to_string(nips, ',') FROM access_log ORDER BY id"
        ).map { try $0.decode((String, Int, String, String).self) }
        #expect(rows.map(\.0) == Array(repeating: "append", count: 5))
        #expect(rows.map(\.1) == statuses)
        #expect(rows.allSatisfy { $0.2 == nip && $0.3 == nip })
        await fixture.services.pool.close()
    }

    @Test func aRevokedOrExpiredTokenStopsWorkingWithinASecond() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let tokens = TokenStore(pool: database.appPool())
        let (_, secret) = try await tokens.create(
            .init(name: "clerk", person: "197001011995031002", roles: [.writer], expiresAt: Date().addingTimeInterval(3600)))
        #expect(try await tokens.authenticate(secret)?.person == "197001011995031002")
        #expect(try await tokens.revoke("clerk")?.revokedAt != nil)
        // The revocation holds once the cached answer is older than the cache's lifetime (one second).
        try await Task.sleep(for: TokenStore.cacheLifetime + .milliseconds(50))
        #expect(try await tokens.authenticate(secret) == nil)

        let (_, expiring) = try await tokens.create(
            .init(name: "temp", person: "system:temp", roles: [.analyst], expiresAt: Date().addingTimeInterval(3600)))
        let owner = try database.connect()
        defer { owner.close() }
        try owner.runScript("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE name = 'temp'")
        #expect(try await TokenStore(pool: database.appPool()).authenticate(expiring) == nil)
        let listed = try await tokens.list()
        #expect(listed.map(\.name).sorted() == ["clerk", "temp"])
        #expect(listed.allSatisfy { !$0.isActive() })
        await tokens.pool.close()
    }

    @Test func tokenCommandsCreateListAndRevokeForAPerson() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let binary = try RiwayatBinary.path()
        let created = try RiwayatBinary.run(
            binary,
            [
                "token", "create", "--name", "bkd-sleman", "--person", "197001011995031002", "--role", "writer",
                "--agency", "Pemerintah Kabupaten Sleman", "--expires", "90d",
            ], databaseURL: database.appConninfo)
        #expect(created.status == 0 && created.output.hasPrefix("rwy_"), "\(created.output)")
        let refused = try RiwayatBinary.run(
            binary, ["token", "create", "--name", "x", "--person", "Budi", "--role", "writer"], databaseURL: database.appConninfo)
        #expect(refused.status != 0 && refused.output.contains("--person"), "\(refused.output)")
        let listed = try RiwayatBinary.run(binary, ["token", "list"], databaseURL: database.appConninfo)
        #expect(
            listed.output.contains("bkd-sleman") && listed.output.contains("197001011995031002")
                && listed.output.contains("agency:Pemerintah Kabupaten Sleman"))
        #expect(listed.output.contains("active") && !listed.output.contains("rwy_"), "\(listed.output)")
        let revoked = try RiwayatBinary.run(binary, ["token", "revoke", "bkd-sleman"], databaseURL: database.appConninfo)
        #expect(revoked.status == 0, "\(revoked.output)")
        #expect(try RiwayatBinary.run(binary, ["token", "list"], databaseURL: database.appConninfo).output.contains("revoked"))
        let secret = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await TokenStore(pool: database.appPool()).authenticate(secret) == nil)
    }
}
