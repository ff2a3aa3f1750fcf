import CareerDomain
import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import NIOCore
import PostgresClient
import Projections
import TestSupport
import Testing

@testable import QueryDaemon

/// A primary with a streaming hot standby, and a daemon reading from the standby.
final class ReplicaFixture: @unchecked Sendable {
    let primary: PrivateCluster
    let standby: StandbyCluster
    let services: DaemonServices
    /// Moves the replica set's clock on (lag is measured on it).
    let clockOffset = NIOLockedValueBox(Duration.zero)
    var tokens: [String: String] = [:]
    static let nip = DaemonFixture.nip
    static let award = #"{"events":[{"type":"AwardGranted","effectiveDate":"2025-01-01","payload":{"name":"Satyalancana"}}]}"#

    init(replicaConninfos: ((StandbyCluster, PrivateCluster) -> [String])? = nil) async throws {
        primary = try await onThread { try PrivateCluster() }
        let primary = self.primary
        do {
            standby = try await onThread { try primary.startStandby() }
        } catch {
            // Never leave the primary running behind a standby that could not be made.
            primary.remove()
            throw error
        }
        let offset = clockOffset
        let database = primary.database
        let replicas = ReplicaSet(
            conninfos: replicaConninfos?(standby, primary) ?? [standby.appConninfo], maxConnections: 4, maxLag: .seconds(5),
            maxWait: .milliseconds(300), today: { WorkforceReportTests.day("2026-01-01") },
            clock: { ContinuousClock.now + offset.withLockedValue { $0 } })
        services = DaemonServices(
            pool: database.appPool(), accessLog: AccessLogWriter(conninfo: database.accessLogConninfo),
            today: { WorkforceReportTests.day("2026-01-01") }, limiter: RateLimiter(burst: 200), replicas: replicas)
        do {
            for career in try WorkforceReportTests.history() { try await services.log.record(career, by: .test) }
            try await project()
            for (name, roles) in [("inspector", Set([Role.inspector])), ("writer", [.writer]), ("both", [.writer, .inspector, .analyst])] {
                tokens[name] = try await services.tokens.create(.init(name: name, person: "system:\(name)", roles: roles)).secret
            }
        } catch {
            primary.remove()  // the standby too
            throw error
        }
    }

    var app: some ApplicationProtocol { Application(router: buildRouter(services: services)) }

    func headers(_ token: String, minimum: Int64? = nil) -> HTTPFields {
        var fields = HTTPFields()
        fields[.authorization] = "Bearer \(tokens[token] ?? "")"
        fields[.contentType] = "application/json"
        if let minimum { fields[ReadRoutingMiddleware.minimumHeader] = String(minimum) }
        return fields
    }

    /// The read models catch up with the log (on the primary; the standby replays them).
    func project() async throws {
        try await EmployeeProjection(store: services.store, today: { WorkforceReportTests.day("2026-01-01") }).applyNext()
    }

    func head() async throws -> Int64 { try await services.store.head().position }

    /// Probes until the standby is in rotation with everything the primary has (log and read models).
    func caughtUp() async throws -> Bool {
        let head = try await head()
        return await eventually {
            await services.replicas.refresh(primary: services.pool)
            let status = services.replicas.replicas[0].status
            return status.inRotation && status.replayed == head && status.projected == head
        }
    }

    func remove() {
        primary.remove()
    }
}

@Suite("Read replicas", .serialized)
struct ReplicaTests {
    @Test func readsGoToTheStandbyAndEveryAnswerStatesAPositionItReflects() async throws {
        let fixture = try await ReplicaFixture()
        defer { fixture.remove() }
        #expect(try await fixture.caughtUp())
        let head = try await fixture.head()
        try await fixture.app.test(.router) { client in
            for path in [
                "/v1/employees/\(ReplicaFixture.nip)", "/v1/employees/\(ReplicaFixture.nip)/trail", "/v1/reports/headcount?by=unit",
                "/v1/findings", "/v1/employees/\(ReplicaFixture.nip)/findings",
            ] {
                try await client.execute(uri: path, method: .get, headers: fixture.headers("both")) { response in
                    #expect(response.status == .ok, "\(path)")
                    #expect(response.headers[ReadRoutingMiddleware.sourceHeader] == "standby-1", "\(path)")
                    #expect(response.headers[CachedAnswer.positionHeader] == String(head), "\(path)")
                }
            }
            // A report at an earlier position needs temporary tables: the primary answers it.
            try await client.execute(uri: "/v1/reports/headcount?atPosition=\(head - 1)", method: .get, headers: fixture.headers("both")) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[ReadRoutingMiddleware.sourceHeader] == "primary")
                #expect(response.headers[CachedAnswer.positionHeader] == String(head - 1))
            }
            // The log's proofs and the administration never read from a standby.
            try await client.execute(uri: "/v1/log/head", method: .get, headers: fixture.headers("both")) { response in
                #expect(response.headers[ReadRoutingMiddleware.sourceHeader] == nil)
            }
        }
        let ready = try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { json($0.body) }
        }
        let replica = (ready["replicas"] as? [[String: Any]])?.first
        #expect(replica?["name"] as? String == "standby-1")
        #expect(replica?["inRotation"] as? Bool == true)
        #expect(replica?["replayedPosition"] as? Int == Int(head))
    }

    @Test func aClientThatAppendedReadsItsWriteWhileTheStandbyLags() async throws {
        let fixture = try await ReplicaFixture()
        defer { fixture.remove() }
        #expect(try await fixture.caughtUp())
        let before = try await fixture.head()
        try await onThread { try fixture.standby.pauseReplay() }
        let path = "/v1/employees/\(ReplicaFixture.nip)"
        try await fixture.app.test(.router) { client in
            let appended = try await client.execute(
                uri: path + "/events", method: .post, headers: fixture.headers("both"), body: ByteBuffer(string: ReplicaFixture.award)
            ) { response in
                #expect(response.status == .created)
                return Int64(response.headers[CachedAnswer.positionHeader] ?? "") ?? 0
            }
            #expect(appended == before + 1)
            // Another client, with no claim: the standby answers, and says how far it reflects the log.
            try await client.execute(uri: path + "/trail", method: .get, headers: fixture.headers("inspector")) { response in
                #expect(response.headers[ReadRoutingMiddleware.sourceHeader] == "standby-1")
                let stated = Int64(response.headers[CachedAnswer.positionHeader] ?? "") ?? -1
                #expect(stated == before)
                // Nothing the answer holds is older than stated: every event of the stream up to it.
                let positions = (json(response.body)["events"] as? [[String: Any]])?.compactMap { $0["position"] as? Int } ?? []
                let expected = try await fixture.services.store.readStream(ReplicaFixture.nip, limit: 1000).map(\.position)
                    .filter { $0 <= stated }
                #expect(positions.map(Int64.init).sorted() == expected.sorted())
            }
            // The client that appended sees its write without asking (the standby has not replayed it).
            try await client.execute(uri: path, method: .get, headers: fixture.headers("both")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[ReadRoutingMiddleware.sourceHeader] == "primary")
                #expect(json(response.body)["lastPosition"] as? Int == Int(appended))
                #expect((Int64(response.headers[CachedAnswer.positionHeader] ?? "") ?? 0) >= appended)
            }
            // Any client naming the position (as one behind another daemon would) sees it too.
            try await client.execute(uri: path, method: .get, headers: fixture.headers("inspector", minimum: appended)) { response in
                #expect(response.headers[ReadRoutingMiddleware.sourceHeader] == "primary")
                #expect(json(response.body)["lastPosition"] as? Int == Int(appended))
            }
            // Read models not yet at the position: waited for, then refused rather than answered stale.
            try await client.execute(
                uri: path + "/findings", method: .get, headers: fixture.headers("inspector", minimum: appended)
            ) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
            }
            try await fixture.project()
            try await client.execute(
                uri: path + "/findings", method: .get, headers: fixture.headers("inspector", minimum: appended)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[ReadRoutingMiddleware.sourceHeader] == "primary")
                #expect(response.headers[CachedAnswer.positionHeader] == String(appended))
            }
            // A position the log has not reached, or no position at all, is the client's mistake.
            for bad in ["\(appended + 1000)", "soon", "-1"] {
                var headers = fixture.headers("inspector")
                headers[ReadRoutingMiddleware.minimumHeader] = bad
                try await client.execute(uri: path, method: .get, headers: headers) { response in
                    #expect(response.status == .badRequest, "\(bad)")
                    #expect(json(response.body)["field"] as? String == "Riwayat-Min-Position")
                }
            }
        }
        // Replay resumes: the standby answers the position again.
        try await onThread { try fixture.standby.resumeReplay() }
        #expect(try await fixture.caughtUp())
        let head = try await fixture.head()
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: path, method: .get, headers: fixture.headers("inspector", minimum: head)) { response in
                #expect(response.headers[ReadRoutingMiddleware.sourceHeader] == "standby-1")
                #expect(json(response.body)["lastPosition"] as? Int == Int(head))
            }
        }
    }

    @Test func anAnswerFromAStandbyBehindTheFollowerIsNeverKept() async throws {
        let fixture = try await ReplicaFixture()
        defer { fixture.remove() }
        #expect(try await fixture.caughtUp())
        try await onThread { try fixture.standby.pauseReplay() }
        // Written by another process before the daemon's log follower started at the new head:
        // the follower will never report this stream as changed.
        let nip = try NIP(ReplicaFixture.nip)
        let before = try await fixture.services.store.readStream(ReplicaFixture.nip, limit: 1000).last?.position ?? 0
        let award = try SubmissionReader.request(Array(ReplicaFixture.award.utf8), nip: nip, mintID: EventID.next)
        _ = try await fixture.services.log.record(award.records, by: .test, today: WorkforceReportTests.day("2026-01-01"))
        let head = try await fixture.head()
        fixture.services.heads.read(through: head)
        await fixture.services.replicas.refresh(primary: fixture.services.pool)
        let path = "/v1/employees/\(ReplicaFixture.nip)"
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: path, method: .get, headers: fixture.headers("inspector")) { response in
                #expect(response.headers[ReadRoutingMiddleware.sourceHeader] == "standby-1")
                #expect(json(response.body)["lastPosition"] as? Int == Int(before))
            }
        }
        try await onThread { try fixture.standby.resumeReplay() }
        try await fixture.project()
        #expect(try await fixture.caughtUp())
        fixture.services.heads.read(through: head)
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: path, method: .get, headers: fixture.headers("inspector", minimum: head)) { response in
                #expect(response.headers[CachedAnswer.cacheHeader] == "miss")
                #expect(json(response.body)["lastPosition"] as? Int == Int(head))
            }
        }
    }

    @Test func aStoppedStandbyLeavesRotationAndReturnsByItself() async throws {
        let fixture = try await ReplicaFixture()
        defer { fixture.remove() }
        #expect(try await fixture.caughtUp())
        try await onThread { try fixture.standby.stop() }
        await fixture.services.replicas.refresh(primary: fixture.services.pool)
        let status = fixture.services.replicas.replicas[0].status
        #expect(!status.inRotation)
        #expect(status.reason?.hasPrefix("unreachable") == true)
        let path = "/v1/employees/\(ReplicaFixture.nip)"
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: path, method: .get, headers: fixture.headers("inspector")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[ReadRoutingMiddleware.sourceHeader] == "primary")
            }
            let ready = try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                return json(response.body)
            }
            let replica = (ready["replicas"] as? [[String: Any]])?.first
            #expect(replica?["inRotation"] as? Bool == false)
            #expect((replica?["reason"] as? String)?.hasPrefix("unreachable") == true)
        }
        // Written while it was away: it streams what it missed when it comes back.
        try await fixture.app.test(.router) { client in
            try await client.execute(
                uri: path + "/events", method: .post, headers: fixture.headers("writer"), body: ByteBuffer(string: ReplicaFixture.award)
            ) { #expect($0.status == .created) }
        }
        try await fixture.project()
        try await onThread { try fixture.standby.start() }
        #expect(try await fixture.caughtUp())
        let head = try await fixture.head()
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: path, method: .get, headers: fixture.headers("inspector")) { response in
                #expect(response.headers[ReadRoutingMiddleware.sourceHeader] == "standby-1")
                #expect(json(response.body)["lastPosition"] as? Int == Int(head))
            }
        }
    }

    @Test func aReadTheStandbyFailsIsAnsweredByThePrimaryOnPagesAndTheAPI() async throws {
        let fixture = try await ReplicaFixture()
        defer { fixture.remove() }
        #expect(try await fixture.caughtUp())
        // Gone between two probes: the monitor still has it in rotation.
        try await onThread { try fixture.standby.stop() }
        #expect(fixture.services.replicas.replicas[0].status.inRotation)
        let path = "/v1/employees/\(ReplicaFixture.nip)"
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: path + "/trail", method: .get, headers: fixture.headers("both")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[ReadRoutingMiddleware.sourceHeader] == "primary")
            }
            #expect(!fixture.services.replicas.replicas[0].status.inRotation)
        }
        // Back in rotation by the monitor's word, still stopped: the page falls back too.
        fixture.services.replicas.replicas[0].state.withLockedValue { $0.inRotation = true }
        try await fixture.app.test(.router) { client in
            var browser = PageBrowser()
            _ = try await browser.signIn(client, token: fixture.tokens["both"] ?? "")
            let page = try await browser.get(client, "/employees/\(ReplicaFixture.nip)")
            #expect(page.status == .ok)
            #expect(page.headers[ReadRoutingMiddleware.sourceHeader] == "primary")
        }
    }

    @Test func aStandbyTooFarBehindLeavesRotationUntilItCatchesUp() async throws {
        let fixture = try await ReplicaFixture()
        defer { fixture.remove() }
        #expect(try await fixture.caughtUp())
        try await onThread { try fixture.standby.pauseReplay() }
        try await fixture.app.test(.router) { client in
            try await client.execute(
                uri: "/v1/employees/\(ReplicaFixture.nip)/events", method: .post, headers: fixture.headers("writer"),
                body: ByteBuffer(string: ReplicaFixture.award)
            ) { #expect($0.status == .created) }
        }
        await fixture.services.replicas.refresh(primary: fixture.services.pool)
        #expect(fixture.services.replicas.replicas[0].status.inRotation, "a moment behind is within the bound")
        #expect(fixture.services.replicas.replicas[0].status.lagEvents == 1)
        fixture.clockOffset.withLockedValue { $0 = .seconds(6) }
        await fixture.services.replicas.refresh(primary: fixture.services.pool)
        let status = fixture.services.replicas.replicas[0].status
        #expect(!status.inRotation)
        #expect(status.lagSeconds >= 6)
        #expect(status.reason?.contains("behind the primary") == true)
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/v1/employees/\(ReplicaFixture.nip)", method: .get, headers: fixture.headers("inspector")) {
                response in
                #expect(response.headers[ReadRoutingMiddleware.sourceHeader] == "primary")
            }
        }
        try await onThread { try fixture.standby.resumeReplay() }
        try await fixture.project()
        #expect(try await fixture.caughtUp())
        #expect(fixture.services.replicas.replicas[0].status.lagSeconds == 0)
    }

    @Test func aServerThatIsNotAStandbyIsNeverReadFrom() async throws {
        // The primary itself given as a replica: it accepts writes, so it is no standby of it.
        let fixture = try await ReplicaFixture(replicaConninfos: { _, primary in [primary.database.appConninfo] })
        defer { fixture.remove() }
        await fixture.services.replicas.refresh(primary: fixture.services.pool)
        let status = fixture.services.replicas.replicas[0].status
        #expect(!status.inRotation)
        #expect(status.reason?.hasPrefix("not a standby") == true)
    }

    @Test func laggingIsMeasuredFromTheFirstHeadTheStandbyMisses() {
        let start = ContinuousClock.now
        var lag = ReplicaLag(capacity: 3)
        #expect(lag.behind(replayed: 0, now: start) == .zero)
        lag.observe(primary: 10, at: start)
        lag.observe(primary: 10, at: start + .seconds(1))
        lag.observe(primary: 12, at: start + .seconds(2))
        lag.observe(primary: 15, at: start + .seconds(3))
        #expect(lag.behind(replayed: 15, now: start + .seconds(9)) == .zero)
        #expect(lag.behind(replayed: 12, now: start + .seconds(9)) == .seconds(6))
        #expect(lag.behind(replayed: 10, now: start + .seconds(9)) == .seconds(7))
        #expect(lag.events(replayed: 10) == 5)
        // Older than what is kept: at least as old as the oldest kept.
        lag.observe(primary: 20, at: start + .seconds(4))
        #expect(lag.observations.count == 3)
        #expect(lag.behind(replayed: 5, now: start + .seconds(9)) == .seconds(7))
    }

    @Test func onlyReadsOfStateTrailFindingsReportsAndPagesMayGoToAStandby() {
        #expect(ReadRoutingMiddleware.basis(of: "/v1/employees/198001012005011001") == .log)
        #expect(ReadRoutingMiddleware.basis(of: "/v1/employees/198001012005011001/trail") == .log)
        #expect(ReadRoutingMiddleware.basis(of: "/v1/agencies/BKN/events") == .log)
        #expect(ReadRoutingMiddleware.basis(of: "/v1/employees/198001012005011001/findings") == .readModels)
        #expect(ReadRoutingMiddleware.basis(of: "/v1/reports/headcount") == .readModels)
        #expect(ReadRoutingMiddleware.basis(of: "/employees/198001012005011001") == .readModels)
        #expect(ReadRoutingMiddleware.basis(of: "/dashboard") == .readModels)
        for primaryOnly in [
            "/v1/employees/198001012005011001/dossier", "/v1/log/head", "/v1/admin/access-log", "/admin/tokens", "/signin", "/healthz",
            "/employees/198001012005011001/dossier.json", "/", "/openapi.json",
        ] {
            #expect(ReadRoutingMiddleware.basis(of: primaryOnly) == nil, "\(primaryOnly)")
        }
    }
}
