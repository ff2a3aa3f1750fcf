import CareerDomain
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

/// The merit system through the daemon: an agency's selection appended through its gate, a
/// family tie declared later, the employee's merit profile and page, the reports, and every
/// read of personal data on record.
@Suite("Merit system in the daemon")
struct MeritDaemonTests {
    static let agency = "Pemerintah Kabupaten Sleman"
    static let path = "/v1/agencies/Pemerintah%20Kabupaten%20Sleman/events"
    static let a = "198001012005011001", b = "196601152000032002", c = "199005052015052003", boss = "197001011995031002"

    static let selection =
        #"{"expectedVersion":"noStream","events":["#
        + #"{"type":"VacancyAnnounced","effectiveDate":"2025-01-10","payload":{"selection":"JPT-1","post":{"title":"Kepala Dinas "#
        + #"Pendidikan","kind":"JPT Pratama","echelon":"II.b","org":{"unit":"Dinas Pendidikan","agency":"Pemerintah Kabupaten Sleman"}}}},"#
        + #"{"type":"SelectionCommitteeFormed","effectiveDate":"2025-01-20","payload":{"selection":"JPT-1","members":["#
        + #"{"nip":"197001011995031002","name":"Kepala BKD"},{"name":"Prof. Q"}]}},"#
        + #"{"type":"CandidateAssessed","effectiveDate":"2025-03-01","payload":{"selection":"JPT-1","candidate":"198001012005011001","#
        + #""stage":"interview","score":81.5,"passed":true}},"#
        + #"{"type":"CandidateAssessed","effectiveDate":"2025-03-01","payload":{"selection":"JPT-1","candidate":"196601152000032002","#
        + #""stage":"interview","score":77,"passed":true}},"#
        + #"{"type":"CandidatesProposed","effectiveDate":"2025-04-01","payload":{"selection":"JPT-1","#
        + #""candidates":["196601152000032002"]}},"#
        + #"{"type":"SelectionClosed","effectiveDate":"2025-05-01","payload":{"selection":"JPT-1","outcome":"appointed","#
        + #""appointee":"198001012005011001"}}]}"#

    func post(
        _ client: some TestClientProtocol, _ fixture: DaemonFixture, _ uri: String, _ body: String, as role: String
    ) async throws
        -> (HTTPResponse.Status, String)
    {
        try await client.execute(uri: uri, method: .post, headers: fixture.headers(role), body: ByteBuffer(string: body)) { response in
            (response.status, String(buffer: response.body))
        }
    }

    @Test func aSelectionAndALateTieShowInTheProfileTheReportsAndThePage() async throws {
        var made = try await DaemonFixture.make()
        made.tokens["elsewhere"] = try await made.services.tokens.create(
            .init(name: "elsewhere", person: "system:elsewhere", roles: [.writer], scope: WriteScope(agencies: ["Pemerintah Kota Padang"]))
        ).secret
        let fixture = made
        try await fixture.app.test(.router) { client in
            // Refused, naming the event, the field and the rule; nothing stored.
            let early = Self.selection.replacingOccurrences(of: #""effectiveDate":"2025-01-20""#, with: #""effectiveDate":"2024-12-20""#)
            let (refusedStatus, refused) = try await post(client, fixture, Self.path, early, as: "writer")
            #expect(refusedStatus == .unprocessableContent, "\(refused)")
            #expect(refused.contains(#""field":"events[1].effectiveDate""#) && refused.contains("before the vacancy was announced"))
            let (badStatus, bad) = try await post(
                client, fixture, Self.path, #"{"events":[{"type":"AwardGranted","effectiveDate":"2025-01-01","payload":{"name":"X"}}]}"#,
                as: "writer")
            #expect(badStatus == .unprocessableContent && bad.contains("belongs to an employee's stream"), "\(bad)")
            let (scopeStatus, _) = try await post(client, fixture, Self.path, Self.selection, as: "elsewhere")
            #expect(scopeStatus == .forbidden)
            #expect(try await fixture.services.store.streamVersion("instansi:" + Self.agency) == 0)

            let (status, stored) = try await post(client, fixture, Self.path, Self.selection, as: "writer")
            #expect(status == .created, "\(stored)")
            // A declares, later, that the appraiser (and committee member) is A's parent.
            let tie =
                #"{"events":[{"type":"FamilyTieDeclared","effectiveDate":"2025-06-01","payload":{"relative":"\#(Self.boss)","#
                + #""relation":"parent"}}]}"#
            let (tieStatus, tieBody) = try await post(client, fixture, "/v1/employees/\(Self.a)/events", tie, as: "writer")
            #expect(tieStatus == .created, "\(tieBody)")
        }
        try await EmployeeProjection(store: fixture.services.store, today: { WorkforceReportTests.day("2026-01-01") }).applyNext()
        try await fixture.app.test(.router) { client in
            let profile = try await client.execute(
                uri: "/v1/employees/\(Self.a)/merit", method: .get, headers: fixture.headers("inspector")
            ) {
                json($0.body)
            }
            let selections = profile["selections"] as? [[String: Any]] ?? []
            #expect(selections.count == 1 && selections.first?["role"] as? String == "appointee")
            #expect(selections.first?["proposed"] as? Bool == false && selections.first?["appointed"] as? Bool == true)
            let ties = profile["familyTies"] as? [[String: Any]] ?? []
            #expect(ties.count == 1 && ties.first?["declaredBy"] as? String == Self.a && ties.first?["relative"] as? String == Self.boss)
            let rules = Set((profile["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String })
            #expect(rules.isSuperset(of: ["M-JPT-THREE", "M-RELATIVE"]), "\(rules)")

            // The selections report names no one; the CSV says whether the appointee was proposed.
            let csv = try await client.execute(
                uri: "/v1/reports/selections", method: .get, headers: fixture.headers("analyst", accept: "text/csv")
            ) { String(buffer: $0.body) }
            #expect(csv.contains("JPT-1") && csv.contains(",closed,2,2,1,appointed,2025-05-01,false,"), "\(csv)")
            #expect(!csv.contains(Self.a))

            // The page shows the section in Indonesian.
            var browser = PageBrowser()
            _ = try await browser.signIn(client, token: fixture.tokens["inspector"] ?? "")
            let page = try await browser.get(client, "/employees/\(Self.a)").text
            #expect(page.contains("Sistem merit") && page.contains("yang diangkat") && page.contains("M-RELATIVE"))
            #expect(page.contains("<td>\(Self.a)</td><td>\(Self.boss)</td><td>parent</td>"))
        }
        // Every read named its people: the relative with the profile, the candidates with the agency's append.
        let entries = try await fixture.services.pool.query(
            "SELECT action, status, array_to_string(nips, ',') FROM access_log WHERE action IN ('merit', 'agency-append', 'page-employee')"
        ).map { try $0.decode((String, Int, String).self) }
        // The profile names A, the declared relative, and (in the finding) the candidate proposed instead.
        #expect(entries.contains { $0.0 == "merit" && $0.1 == 200 && $0.2 == "\(Self.a),\(Self.boss),\(Self.b)" }, "\(entries)")
        #expect(entries.contains { $0.0 == "page-employee" && $0.2.contains(Self.boss) })
        #expect(entries.filter { $0.0 == "agency-append" }.map(\.1).sorted() == [201, 403, 422, 422])
        #expect(
            entries.contains {
                $0.0 == "agency-append" && $0.1 == 201 && $0.2 == [Self.b, Self.boss, Self.a].sorted().joined(separator: ",")
            })
    }
}

@Suite("Merit system from the command line")
struct MeritCommandTests {
    @Test func anAgencysLinesGoThroughTheAgencyGateAndTheReportsPrint() async throws {
        let database = try await TestCluster.shared.makeDatabase()
        let binary = try RiwayatBinary.path()
        let selection = MeritDaemonTests.selection.replacingOccurrences(
            of: #"{"expectedVersion":"noStream","#, with: #"{"agency":"Pemerintah Kabupaten Sleman","expectedVersion":"noStream","#)
        let closedTwice =
            #"{"agency":"Pemerintah Kabupaten Sleman","events":[{"type":"SelectionClosed","effectiveDate":"2025-06-01","#
            + #""payload":{"selection":"JPT-1","outcome":"cancelled"}}]}"#
        let good = try WriteGateTests.file([selection])
        let bad = try WriteGateTests.file([closedTwice])
        defer { for path in [good, bad] { try? FileManager.default.removeItem(atPath: path) } }
        let stored = try RiwayatBinary.run(
            binary, ["append", good], databaseURL: database.appConninfo, accessLogURL: database.accessLogConninfo)
        #expect(stored.status == 0, "\(stored.output)")
        #expect(stored.output.contains("line 1: instansi:Pemerintah Kabupaten Sleman v6: positions 1,2,3,4,5,6"), "\(stored.output)")
        let refused = try RiwayatBinary.run(
            binary, ["append", bad], databaseURL: database.appConninfo, accessLogURL: database.accessLogConninfo)
        #expect(refused.status != 0)
        #expect(
            refused.output.contains("line 1: events[0].payload.selection: selection JPT-1 is closed; nothing was stored"),
            "\(refused.output)")
        let projected = try RiwayatBinary.run(binary, ["projections", "rebuild"], databaseURL: database.appConninfo)
        #expect(projected.status == 0, "\(projected.output)")
        let report = try RiwayatBinary.run(binary, ["report", "selections", "--csv"], databaseURL: database.appConninfo)
        #expect(report.status == 0 && report.output.contains("JPT-1,Kepala Dinas Pendidikan,JPT Pratama"), "\(report.output)")
        // The append named the candidates, the committee member and the appointee in the access log.
        let connection = try database.connect()
        defer { connection.close() }
        let named = try connection.query("SELECT array_to_string(nips, ',') FROM access_log WHERE action = 'cli:append' AND status = 201")
            .map { try $0.decode(String.self, at: 0) }
        #expect(named == [[MeritDaemonTests.b, MeritDaemonTests.boss, MeritDaemonTests.a].sorted().joined(separator: ",")])
    }
}
