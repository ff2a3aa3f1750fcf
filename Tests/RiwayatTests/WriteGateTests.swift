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
import QueryDaemon
import TestSupport
import Testing

/// Every way in passes one gate: the career rules against the stored history, the server's
/// identity, the writer's scope.
@Suite("The write gate")
struct WriteGateTests {
    static let appointment =
        #"{"type":"CpnsAppointed","effectiveDate":"2015-05-01","decree":{"number":"800/1/BKD/2015","date":"2015-04-20","#
        + #""signedBy":"Bupati Sleman"},"payload":{"grade":"III/a","education":"S1","post":{"title":"Guru Ahli Pertama","#
        + #""kind":"Fungsional","level":"Ahli Pertama","org":{"unit":"Dinas Pendidikan","agency":"Pemerintah Kabupaten Sleman"}}}}"#

    static func file(_ lines: [String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/riwayat-append-\(UUID().uuidString).jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theAppendCommandStoresNothingWhenItCannotWriteTheAccessLog() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let binary = try RiwayatBinary.path()
        let good = try Self.file([#"{"nip":"198609262015051001","expectedVersion":"noStream","events":[\#(Self.appointment)]}"#])
        defer { try? FileManager.default.removeItem(atPath: good) }
        // The access log as the service's role, which may not write it.
        let refused = try RiwayatBinary.run(
            binary, ["append", good], databaseURL: database.appConninfo, accessLogURL: database.appConninfo)
        #expect(refused.status != 0)
        #expect(refused.output.contains("cannot write the access log"), "\(refused.output)")
        let connection = try database.connect()
        defer { connection.close() }
        #expect(try connection.query("SELECT count(*) FROM events").firstRow?.decode(Int.self, at: 0) == 0)
    }

    @Test func theAppendCommandRefusesWhatTheRulesRefuseAndStoresNothing() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let binary = try RiwayatBinary.path()
        let nip = "198609262015051001"
        let good = try Self.file([#"{"nip":"\#(nip)","expectedVersion":"noStream","events":[\#(Self.appointment)]}"#])
        defer { try? FileManager.default.removeItem(atPath: good) }
        let stored = try RiwayatBinary.run(
            binary, ["append", good], databaseURL: database.appConninfo, accessLogURL: database.accessLogConninfo)
        #expect(stored.status == 0, "\(stored.output)")
        let rating =
            #"{"type":"PerformanceRated","effectiveDate":"2017-01-15","payload":{"year":2016,"results":"meets","behaviour":"meets","#
            + #""predikat":"Baik","appraiser":"\#(nip)"}}"#
        let poisoned: [(String, String)] = [
            (
                #"{"nip":"\#(nip)","events":[{"type":"GradePromoted","effectiveDate":"2019-04-01","decree":{"number":"1","#
                    + #""date":"2019-03-01","signedBy":"B"},"payload":{"from":"III/a","to":"II/e","kind":"regular"}}]}"#,
                "line 1: events[0].payload.to: grade II/e does not exist"
            ),
            (
                #"{"nip":"12345","events":[{"type":"Whatever","effectiveDate":"2019-04-01","payload":{}}]}"#,
                "line 1: nip: NIP must have 18 digits, got 5"
            ),
            (
                #"{"nip":"\#(nip)","events":[{"type":"Whatever","effectiveDate":"2019-04-01","payload":{}}]}"#,
                "line 1: events[0].type: unknown event type Whatever"
            ),
            (
                #"{"nip":"\#(nip)","events":[{"type":"TrainingCompleted","effectiveDate":"2019-04-05","payload":{"name":"X","#
                    + #""kind":"technical","hours":-5,"organiser":"B","period":{"start":"2019-04-01","end":"2019-04-05"}}}]}"#,
                "line 1: events[0].payload.hours: training hours (JP) must lie between 1 and 1000, got -5"
            ),
            (#"{"nip":"\#(nip)","events":[\#(rating)]}"#, "line 1: events[0].payload.appraiser: appraiser must differ from appraisee"),
            (
                #"{"nip":"198602302015051001","events":[\#(Self.appointment)]}"#,
                "line 1: nip: NIP 1986… birth date 1986-02-30 is not a date"
            ),
            // Two "events" members: refused by name, not a crash.
            (#"{"nip":"\#(nip)","events":[\#(Self.appointment)],"events":[]}"#, "line 1: events: is given twice"),
            (
                #"{"nip":"\#(nip)","events":[{"type":"AwardGranted","effectiveDate":"2025-08-17","recordedBy":"197001011995031002","#
                    + #""payload":{"name":"X"}}]}"#,
                "line 1: events[0].recordedBy: is set by the server"
            ),
        ]
        let before = try CareerImportTests.contents(database)
        for (line, expected) in poisoned {
            let path = try Self.file([line])
            defer { try? FileManager.default.removeItem(atPath: path) }
            let outcome = try RiwayatBinary.run(
                binary, ["append", path], databaseURL: database.appConninfo, accessLogURL: database.accessLogConninfo)
            #expect(outcome.status == 1, "\(line): \(outcome.output)")
            #expect(outcome.output.contains(expected), "\(line): \(outcome.output)")
            #expect(!outcome.output.contains("Fatal error"), "\(outcome.output)")
        }
        #expect(try CareerImportTests.contents(database) == before)
        // Lines are stored one by one: a refused line stops the command, which says what stayed.
        let other = "199001012015051002"
        let line = #"{"nip":"\#(other)","expectedVersion":"noStream","events":[\#(Self.appointment)]}"#
        let mixed = try Self.file([line, line])
        defer { try? FileManager.default.removeItem(atPath: mixed) }
        let partly = try RiwayatBinary.run(
            binary, ["append", mixed], databaseURL: database.appConninfo, accessLogURL: database.accessLogConninfo)
        #expect(partly.status == 1)
        #expect(partly.output.contains("line 1: \(other) v1: positions "), "\(partly.output)")
        #expect(partly.output.contains("line 2: ") && partly.output.contains("; the line before it stays stored"), "\(partly.output)")
        #expect(try CareerImportTests.contents(database).count == before.count + 1)
        // Each attempt is on record in the access log, stored or refused, as the command's account.
        let attempts = try database.connect().query(
            "SELECT nip, status, query FROM access_log WHERE action = 'cli:append' AND query LIKE \("append \(mixed)%") ORDER BY id"
        ).map { "\(try $0.decode(String.self, at: 0)) \(try $0.decode(Int.self, at: 1)) \(try $0.decode(String.self, at: 2))" }
        #expect(attempts == ["\(other) 201 append \(mixed) line 1", "\(other) 422 append \(mixed) line 2"], "\(attempts)")
        // What the command stored is recorded as the command's account, from the command line.
        let metadata = try database.connect().query("SELECT metadata::text FROM events").firstRow?.decode(String.self, at: 0) ?? ""
        #expect(metadata.contains(#""recordedBy":"system:cli."#) && metadata.contains(#""source":"cli""#), "\(metadata)")
    }

    @Test func aCSVPayloadCellCannotAddMembersToItsLine() async throws {
        let csv = #"""
            id,nip,type,schemaVersion,effectiveDate,decreeNumber,decreeDate,decreeSignedBy,operator,payload
            6f1c2a0e-0000-4000-8000-000000000101,198609262015051001,CpnsAppointed,1,2015-05-01,800/1,2015-04-20,Bupati,,\#
            "{""education"":""S1"",""grade"":""III/a"",""post"":{""kind"":""Fungsional"",""org"":{""agency"":""Sleman"",\#
            ""unit"":""Disdik""},""title"":""Guru""}}"
            6f1c2a0e-0000-4000-8000-000000000102,198609262015051001,AwardGranted,1,2025-08-17,,,,,\#
            "{""name"":""X""},""nip"":""199001012015051002"""
            6f1c2a0e-0000-4000-8000-000000000103,198609262015051001,AwardGranted,1,2025-08-17,,,,,\#
            "{""name"":""X""},""id"":""6f1c2a0e-0000-4000-8000-000000000999"""
            6f1c2a0e-0000-4000-8000-000000000104,198609262015051001,AwardGranted,1,2025-08-17,,,,,"{""name"":""X"",""name"":""Y""}"
            """#
        let path = FileManager.default.temporaryDirectory.path + "/riwayat-inject-\(UUID().uuidString).csv"
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try await TestCluster.shared.makeDatabase()
        let store = EventStore(pool: database.appPool())
        let report = try await CareerImporter(log: CareerLog(store: store), recorder: .testImport).run(path: path, skipInvalid: true)
        #expect(report.rejected.map(\.line) == [3, 4, 5])
        // A problem inside the cell is named from the record's root.
        #expect(report.rejected.map(\.error.field) == ["payload", "payload", "payload.name"], "\(report.rejected)")
        #expect(report.appended == 1)
        #expect(try await store.streamVersion("199001012015051002") == 0)
        await store.pool.close()
    }

    @Test func anImportIntoAPopulatedStoreIsJudgedAgainstTheStoredHistory() async throws {
        let (first, lines) = try CareerImportTests.generatedFile(employees: 30, seed: 41)
        defer { try? FileManager.default.removeItem(atPath: first) }
        let database = try await TestCluster.shared.makeDatabase()
        let store = EventStore(pool: database.appPool())
        let log = CareerLog(store: store)
        #expect(try await CareerImporter(log: log, recorder: .testImport).run(path: first, skipInvalid: false).appended == lines)
        let careers = WorkforceGenerator(seed: 41, employees: 30).generate()
        let living = try #require(careers.first { !$0.records.contains { if case .separated = $0.event { true } else { false } } })
        let state = CareerFold.state(of: living.records, nip: living.nip, asOf: CivilDate.today())
        // A monthly sync: a new rating for an employee already stored is judged and taken...
        let rating = CareerRecord(
            id: UUID(), nip: living.nip, effectiveDate: CivilDate.today(), recordedBy: "",
            event: .performanceRated(
                PerformanceRated(
                    year: CivilDate.today().year - 1, results: .meets, behaviour: .meets, predikat: .baik,
                    appraiser: try NIP("197001011995031002"))),
            operatorName: "197001011995031002")
        // ...while a second appointment of a stored employee, and an event before their CPNS TMT, are refused.
        var again = try #require(living.records.first)
        again.id = UUID()
        let early = CareerRecord(
            id: UUID(), nip: living.nip, effectiveDate: (state.serviceStart ?? CivilDate.today()).adding(years: -3), recordedBy: "",
            event: .awardGranted(AwardGranted(name: "X")))
        let sync = FileManager.default.temporaryDirectory.path + "/riwayat-sync-\(UUID().uuidString).jsonl"
        try ([rating, again, early].map { String(decoding: try $0.jsonLine(), as: UTF8.self) }.joined(separator: "\n") + "\n")
            .write(toFile: sync, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: sync) }
        let report = try await CareerImporter(log: log, recorder: .testImport).run(path: sync, skipInvalid: true)
        #expect(report.rejected.map(\.line) == [2, 3], "\(report.rejected)")
        #expect(report.rejected.first?.error.rule == "employee \(living.nip) already has a CPNS appointment")
        #expect(report.rejected.last?.error.field == "effectiveDate")
        #expect(report.appended == 1)
        // Importing the first file again stores nothing and refuses nothing: its lines are stored.
        let rerun = try await CareerImporter(log: log, recorder: .testImport).run(path: first, skipInvalid: false)
        #expect(rerun.rejected.isEmpty && rerun.appended == 0 && rerun.alreadyPresent == lines)
        await store.pool.close()
    }

    @Test func theServerRecordsWhoWroteAndAWriterStaysInItsScope() async throws {
        var made = try await DaemonFixture.make()
        let nip = DaemonFixture.nip
        // The employee's own token: whatever the body says, the record is theirs.
        made.tokens["self"] = try await made.services.tokens.create(.init(name: "self", person: nip, roles: [.writer])).secret
        made.tokens["sleman"] = try await made.services.tokens.create(
            .init(
                name: "sleman", person: "197001011995031002", roles: [.writer], scope: WriteScope(agencies: ["Pemerintah Kabupaten Sleman"])
            )
        ).secret
        made.tokens["kota"] = try await made.services.tokens.create(
            .init(
                name: "kota", person: "197001011995031003", roles: [.writer], scope: WriteScope(units: ["Dinas Kesehatan Kota"]))
        ).secret
        let fixture = made
        let award =
            #"{"events":[{"type":"AwardGranted","effectiveDate":"2025-08-17","operator":"Siti, loket BKD","#
            + #""payload":{"name":"Satyalancana Karya Satya XX Tahun"}}]}"#
        try await fixture.app.test(.router) { client in
            for (token, status) in [("self", HTTPResponse.Status.created), ("sleman", .created), ("kota", .forbidden)] {
                try await client.execute(
                    uri: "/v1/employees/\(nip)/events", method: .post, headers: fixture.headers(token), body: ByteBuffer(string: award)
                ) { response in
                    #expect(response.status == status, "\(token): \(String(buffer: response.body))")
                }
            }
        }
        // An event re-sent by another writer (a retry through another clerk's token) is stored
        // once, as whoever recorded it first; other content under its id is a conflict.
        let id = "0190f5a2-7c1e-7a3b-9c4d-5e6f7a8b9c0d"
        let named = award.replacingOccurrences(of: #"{"type""#, with: #"{"id":"\#(id)","type""#)
        try await fixture.app.test(.router) { client in
            for (token, body, status) in [
                ("sleman", named, HTTPResponse.Status.created), ("self", named, .ok),
                ("self", named.replacingOccurrences(of: "XX Tahun", with: "XXX Tahun"), .conflict),
            ] {
                try await client.execute(
                    uri: "/v1/employees/\(nip)/events", method: .post, headers: fixture.headers(token), body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == status, "\(token): \(String(buffer: response.body))")
                }
            }
        }
        let resentID = try #require(UUID(uuidString: id))
        let resent = try fixture.database.connect().query("SELECT metadata::text FROM events WHERE event_id = \(resentID)")
            .map { try $0.decode(String.self, at: 0) }
        #expect(resent.count == 1 && resent[0].contains(#""recordedBy":"197001011995031002""#), "\(resent)")
        let rows = try fixture.database.connect().query(
            """
            SELECT metadata::text FROM events
            WHERE stream = \(nip) AND event_type = 'AwardGranted' AND event_id <> \(resentID) ORDER BY position
            """
        ).map { try $0.decode(String.self, at: 0) }
        #expect(rows.count == 2)
        let tokens = try await fixture.services.tokens.list()
        for (row, name) in zip(rows, ["self", "sleman"]) {
            let token = try #require(tokens.first { $0.name == name })
            #expect(row.contains(#""recordedBy":"\#(token.person)""#), "\(row)")
            #expect(row.contains(#""tokenId":"\#(token.id.uuidString.lowercased())""#), "\(row)")
            #expect(row.contains(#""operator":"Siti, loket BKD""#) && row.contains(#""source":"api""#), "\(row)")
        }
        // The employee's own award is a finding (P-SELF): the body could not hide who wrote it.
        let records = try await fixture.services.log.history(of: try NIP(nip))
        let findings = PolicyRules.findings(for: records, nip: try NIP(nip), rules: [SelfRecorded()])
        #expect(findings.count == 1)
        await fixture.services.pool.close()
    }

    @Test func aStreamWithAnUnreadableEventStaysReadableAndTheEventCanBeRescinded() async throws {
        let fixture = try await DaemonFixture.make()
        let nip = DaemonFixture.nip
        // Written below the gate, as before the gate existed: a promotion to a grade that does not exist.
        let bad = NewEvent(
            type: "GradePromoted", effectiveDate: PostgresDate(daysSinceUnixEpoch: 18_000),
            payload: PostgresJSON(text: #"{"from":"III/c","kind":"regular","to":"II/e"}"#),
            metadata: PostgresJSON(text: #"{"recordedBy":"x"}"#))
        try await fixture.services.store.append([bad], to: nip)
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/v1/employees/\(nip)", method: .get, headers: fixture.headers("inspector")) { response in
                #expect(response.status == .ok)
                let unreadable = json(response.body)["unreadableEvents"] as? [[String: Any]] ?? []
                #expect(unreadable.map { $0["id"] as? String } == [bad.id.uuidString.lowercased()])
                #expect((unreadable.first?["reason"] as? String)?.contains("II/e") == true)
            }
            let rescind =
                #"{"events":[{"type":"Rescinded","effectiveDate":"2025-09-01","decree":{"number":"800/9/BKD/2025","date":"2025-08-25","#
                + #""signedBy":"Kepala BKD"},"payload":{"target":"\#(bad.id.uuidString.lowercased())","#
                + #""reason":"grade II/e does not exist"}}]}"#
            try await client.execute(
                uri: "/v1/employees/\(nip)/events", method: .post, headers: fixture.headers("writer"), body: ByteBuffer(string: rescind)
            ) { response in
                #expect(response.status == .created, "\(String(buffer: response.body))")
            }
        }
        await fixture.services.pool.close()
    }

    @Test func anImportRefusesAnIdTakenEarlierInTheFileOrStoredForOtherContent() async throws {
        let (path, lines) = try CareerImportTests.generatedFile(employees: 5, seed: 43)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try await TestCluster.shared.makeDatabase()
        let store = EventStore(pool: database.appPool())
        let log = CareerLog(store: store)
        #expect(try await CareerImporter(log: log, recorder: .testImport).run(path: path, skipInvalid: false).appended == lines)
        let careers = WorkforceGenerator(seed: 43, employees: 5).generate()
        let first = try #require(careers.first), second = try #require(careers.last)
        // An award reusing an id stored for another employee; one reusing a stored id of the same
        // employee with other content; two new lines sharing an id.
        let taken = try #require(second.records.last?.id)
        let stored = try #require(first.records.dropFirst().first?.id)
        func award(_ id: UUID, _ name: String) throws -> String {
            String(
                decoding: try CareerRecord(
                    id: id, nip: first.nip, effectiveDate: CivilDate.today(), recordedBy: "", event: .awardGranted(AwardGranted(name: name))
                ).jsonLine(), as: UTF8.self)
        }
        let shared = UUID()
        let sync = FileManager.default.temporaryDirectory.path + "/riwayat-ids-\(UUID().uuidString).jsonl"
        try
            ([try award(taken, "A"), try award(stored, "B"), try award(shared, "C"), try award(shared, "D")].joined(separator: "\n") + "\n")
            .write(toFile: sync, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: sync) }
        let report = try await CareerImporter(log: log, recorder: .testImport).run(path: sync, skipInvalid: false)
        #expect(
            report.rejected.map(\.description) == [
                "line 1: id: \(taken.uuidString.lowercased()) is stored already for another employee",
                "line 2: id: \(stored.uuidString.lowercased()) is stored already with other content",
                "line 4: id: \(shared.uuidString.lowercased()) is the id of line 3 already",
            ])
        #expect(report.appended == 0)
        #expect(try await store.head().position == Int64(lines))
        await store.pool.close()
    }

    @Test func concurrentAppendsForOneEmployeeAllGoInAndAScopedWriterCannotClaimAnEmployee() async throws {
        var made = try await DaemonFixture.make()
        made.tokens["kota"] = try await made.services.tokens.create(
            .init(
                name: "kota", person: "197001011995031003", roles: [.writer], scope: WriteScope(agencies: ["Pemerintah Kota Yogyakarta"]))
        ).secret
        let fixture = made
        let nip = DaemonFixture.nip
        let claim =
            #"{"events":[{"type":"Transferred","effectiveDate":"2025-01-01","decree":{"number":"1","date":"2024-12-01","signedBy":"B"},"#
            + #""payload":{"from":{"unit":"Dinas Pendidikan","agency":"Pemerintah Kota Yogyakarta"},"to":{"unit":"Dinas Pendidikan","#
            + #""agency":"Pemerintah Kota Yogyakarta"}}}]}"#
        let before = try await fixture.head()
        try await fixture.app.test(.router) { client in
            try await client.execute(
                uri: "/v1/employees/\(nip)/events", method: .post, headers: fixture.headers("kota"), body: ByteBuffer(string: claim)
            ) { response in
                #expect(response.status == .forbidden)
                #expect(!String(buffer: response.body).contains("Sleman"), "\(String(buffer: response.body))")
            }
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<30 {
                    group.addTask {
                        let body =
                            #"{"events":[{"type":"AwardGranted","effectiveDate":"2025-08-17","payload":{"name":"Penghargaan \#(index)"}}]}"#
                        return try await client.execute(
                            uri: "/v1/employees/\(nip)/events", method: .post, headers: fixture.headers("writer"),
                            body: ByteBuffer(string: body)
                        ) { $0.status }
                    }
                }
                var statuses = [HTTPResponse.Status]()
                for try await status in group { statuses.append(status) }
                #expect(statuses.allSatisfy { $0 == .created }, "\(statuses)")
            }
        }
        #expect(try await fixture.head() == before + 30)
        await fixture.services.pool.close()
    }
}
