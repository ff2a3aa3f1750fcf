import CareerDomain
import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresClient
import TestSupport
import Testing

@testable import QueryDaemon

/// A browser's part in the page tests: the cookies it holds and the forms it sends.
struct PageBrowser {
    var cookies: [String: String] = [:]
    var language: String? = "id"

    var headers: HTTPFields {
        var fields = HTTPFields()
        if !cookies.isEmpty { fields[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        if let language { fields[.acceptLanguage] = language }
        return fields
    }

    /// Keeps the cookies a response sets (an empty value or `Max-Age=0` removes one).
    mutating func keep(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";").first.map(String.init) ?? ""
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals]), value = String(pair[pair.index(after: equals)...])
            if value.isEmpty || header.contains("Max-Age=0") { cookies.removeValue(forKey: name) } else { cookies[name] = value }
        }
    }

    static func encode(_ form: [(String, String)]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let text = form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        return ByteBuffer(string: text)
    }

    /// The value of a hidden `csrf` field of a page.
    static func csrf(in page: String) -> String? {
        guard let range = page.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }

    /// GET, keeping cookies.
    mutating func get(_ client: some TestClientProtocol, _ uri: String) async throws -> TestResponse {
        let response = try await client.execute(uri: uri, method: .get, headers: headers)
        keep(response)
        return response
    }

    /// POST of a form, keeping cookies.
    mutating func post(_ client: some TestClientProtocol, _ uri: String, _ form: [(String, String)]) async throws -> TestResponse {
        var fields = headers
        fields[.contentType] = "application/x-www-form-urlencoded"
        let response = try await client.execute(uri: uri, method: .post, headers: fields, body: Self.encode(form))
        keep(response)
        return response
    }

    /// Signs in with `token` through the form; returns the answer to the sign-in POST.
    mutating func signIn(_ client: some TestClientProtocol, token: String, next: String = "/") async throws -> TestResponse {
        let form = try await get(client, "/signin")
        let csrf = Self.csrf(in: String(buffer: form.body)) ?? ""
        return try await post(client, "/signin", [("token", token), ("csrf", csrf), ("next", next)])
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

@Suite("Web pages")
struct PageTests {
    @Test("signing in: CSRF-checked form, HttpOnly SameSite=Strict session cookie, safe return path, wrong tokens refused")
    func signIn() async throws {
        let fixture = try await DaemonFixture.make()
        try await fixture.app.test(.router) { client in
            var browser = PageBrowser()
            let unsigned = try await browser.get(client, "/dashboard")
            #expect(unsigned.status == .seeOther)
            #expect(unsigned.headers[.location] == "/signin?next=%2Fdashboard")

            // The form's own CSRF token must come back with the cookie it was set with.
            let form = try await browser.get(client, "/signin")
            #expect(form.status == .ok)
            #expect(form.headers[values: .setCookie].contains { $0.contains("riwayat_signin=") && $0.contains("HttpOnly") })
            #expect(form.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            let forged = try await browser.post(client, "/signin", [("token", fixture.tokens["inspector"] ?? ""), ("csrf", "forged")])
            #expect(forged.status == .forbidden)
            #expect(browser.cookies["riwayat_session"] == nil)

            var wrong = PageBrowser()
            let refused = try await wrong.signIn(client, token: "rwy_" + String(repeating: "0", count: 48))
            #expect(refused.status == .unauthorized)
            #expect(refused.text.contains("Token tidak dikenal, dicabut atau kedaluwarsa."))
            #expect(wrong.cookies["riwayat_session"] == nil)

            var inspector = PageBrowser()
            let signedIn = try await inspector.signIn(client, token: fixture.tokens["inspector"] ?? "", next: "//evil.example/x")
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/", "a return path to another host is dropped")
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("riwayat_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"), "not served over TLS here")
            #expect(!signedIn.text.contains(fixture.tokens["inspector"] ?? "-"), "the token never comes back")
            let home = try await inspector.get(client, "/")
            #expect(home.status == .ok)
            #expect(home.text.contains("href=\"/employees\"") && !home.text.contains("href=\"/dashboard\""), "the menu follows the role")

            // The session cookie opens the pages only: the API still wants a bearer token.
            let api = try await inspector.get(client, "/v1/employees/\(DaemonFixture.nip)")
            #expect(api.status == .unauthorized)
        }
    }

    @Test("secure cookies when served over TLS")
    func secureCookies() async throws {
        let fixture = try await DaemonFixture.make()
        var services = fixture.services
        services.secureCookies = true
        try await Application(router: buildRouter(services: services)).test(.router) { client in
            var browser = PageBrowser()
            let signedIn = try await browser.signIn(client, token: fixture.tokens["admin"] ?? "")
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("riwayat_session=") })
            #expect(cookie.contains("Secure"))
        }
    }

    @Test("every page for every role: what the role may see, the rest refused with an error page")
    func rolesAndPages() async throws {
        let fixture = try await DaemonFixture.make()
        let nip = DaemonFixture.nip
        let pages: [(path: String, role: Role, marker: String)] = [
            ("/employees", .inspector, "id=\"nip\""),
            ("/employees/\(nip)", .inspector, "svg class=\"chart\" id=\"timeline\""),
            ("/findings", .inspector, "table class=\"findings\""),
            ("/dashboard", .analyst, "id=\"chart-pyramid\""),
            ("/dashboard/grades.csv", .analyst, "grade,headcount,log_position,as_of"),
            ("/merit", .analyst, "href=\"/merit/equal-opportunity\""),
            ("/merit/equal-opportunity?from=2020&to=2025", .analyst, "table class=\"report\""),
            ("/merit/succession.csv", .analyst, "agency,unit,key_post,successors"),
            ("/merit/mentoring", .analyst, "table class=\"report\""),
            ("/admin/access-log", .admin, "table class=\"access\""),
            ("/admin/tokens", .admin, "table class=\"tokens\""),
        ]
        try await fixture.app.test(.router) { client in
            for role in Role.allCases {
                var browser = PageBrowser()
                _ = try await browser.signIn(client, token: fixture.tokens[role.rawValue] ?? "")
                for page in pages {
                    let response = try await browser.get(client, page.path)
                    if page.role == role {
                        #expect(response.status == .ok, "\(role) \(page.path)")
                        #expect(response.text.contains(page.marker), "\(role) \(page.path) shows its content")
                    } else {
                        #expect(response.status == .forbidden, "\(role) \(page.path)")
                        #expect(response.text.contains("Tidak diizinkan") && response.text.contains("<html lang=\"id\">"))
                    }
                }
            }
        }
    }

    @Test("the employee page: state on a date, as known at a time, timeline, trail with decrees, hashes and corrections")
    func employeePage() async throws {
        let fixture = try await DaemonFixture.make()
        let nip = DaemonFixture.nip
        let stored = try await fixture.services.store.readStream(nip)
        try await fixture.app.test(.router) { client in
            var browser = PageBrowser()
            _ = try await browser.signIn(client, token: fixture.tokens["inspector"] ?? "")
            let page = try await browser.get(client, "/employees/\(nip)?asOf=2015-06-30").text
            #expect(page.contains("<title>NIP \(nip) · Riwayat</title>"))
            #expect(page.contains("Keadaan per 2015-06-30"))
            #expect(page.components(separatedBy: "<tr id=\"ev-").count - 1 == stored.count, "every stored event is a trail row")
            for event in stored {
                #expect(page.contains("id=\"ev-\(event.position)\""))
                #expect(page.contains("title=\"\(PostgresBytes.hex(event.hash))\""), "the full hash of #\(event.position)")
                // The timeline is drawn up to the chosen date.
                let drawn = (event.effectiveDate?.daysSinceUnixEpoch ?? 0) <= WorkforceReportTests.day("2015-06-30").dayNumber
                #expect(page.contains("<a href=\"#ev-\(event.position)\">") == drawn, "the timeline marker of #\(event.position)")
            }
            #expect(page.contains("<title id=\"timeline-title\">Linimasa karier</title>"))
            // The proof section: the fixture's checkpoint holds every event; the dossier downloads and verifies.
            #expect(page.contains("Checkpoint bertanda tangan terakhir: ukuran pohon \(fixture.treeSize)"))
            #expect(page.contains("href=\"/employees/\(nip)/dossier.json\""))
            #expect(page.contains("Ditandatangani bersama oleh saksi (ukuran pohon): witness.test/inspectorate (\(fixture.treeSize))"))
            let file = try await browser.get(client, "/employees/\(nip)/dossier.json")
            #expect(file.status == .ok && file.headers[.contentDisposition]?.contains("attachment") == true)
            let dossier = try JSONDecoder().decode(CareerDossier.self, from: Data(buffer: file.body))
            #expect(try dossier.verify(with: try DaemonFixture.signer.get().verifier).events.count == stored.count)

            // As known before anything was recorded: the state is empty and every record is later.
            let before = try await browser.get(client, "/employees/\(nip)?knownAt=2000-01-01").text
            #expect(before.contains("Catatan yang direkam sesudahnya (ditandai di jejak): \(stored.count)"))
            #expect(before.contains("belum diangkat"))

            let invalid = try await browser.get(client, "/employees/\(nip)?asOf=2015-02-30")
            #expect(invalid.status == .badRequest)
            #expect(invalid.text.contains("<code>asOf</code>") && invalid.text.contains("YYYY-MM-DD"))
            let unknown = try await browser.get(client, "/employees/199001012020011001")
            #expect(unknown.status == .notFound)
            let lookUp = try await browser.get(client, "/employees?nip=1980")
            #expect(lookUp.status == .badRequest)
            #expect(lookUp.text.contains("NIP must have 18 digits"))
            let found = try await browser.get(client, "/employees?nip=+\(nip)+")
            #expect(found.status == .seeOther && found.headers[.location] == "/employees/\(nip)")
        }
    }

    @Test("pages that name employees are in the access log exactly as API reads, refusals too")
    func accessLog() async throws {
        let fixture = try await DaemonFixture.make()
        let nip = DaemonFixture.nip
        try await fixture.app.test(.router) { client in
            var nobody = PageBrowser()
            _ = try await nobody.get(client, "/employees/\(nip)")
            var analyst = PageBrowser()
            _ = try await analyst.signIn(client, token: fixture.tokens["analyst"] ?? "")
            _ = try await analyst.get(client, "/employees/\(nip)")
            _ = try await analyst.get(client, "/dashboard")
            var inspector = PageBrowser()
            _ = try await inspector.signIn(client, token: fixture.tokens["inspector"] ?? "")
            _ = try await inspector.get(client, "/employees/\(nip)")
            _ = try await inspector.get(client, "/findings")
        }
        let rows = try await fixture.services.pool.query(
            "SELECT action, status, coalesce(person, '-'), coalesce(nip, '-'), array_to_string(nips, ',') FROM access_log ORDER BY id"
        ).map { try $0.decode((String, Int, String, String, String).self) }
        #expect(rows.map(\.0) == ["page-employee", "page-employee", "page-employee", "page-findings"])
        #expect(rows.map(\.1) == [401, 403, 200, 200])
        #expect(rows.map(\.2) == ["-", "system:analyst", "system:inspector", "system:inspector"])
        #expect(rows[2].3 == nip && rows[2].4 == nip)
        let findings = try await fixture.services.pool.query("SELECT DISTINCT nip FROM findings ORDER BY nip").map {
            try $0.decode(String.self, at: 0)
        }
        #expect(rows[3].4 == findings.joined(separator: ","), "the findings page names every employee it lists")
    }

    @Test("forms need the session's CSRF token: sign-out and tokens")
    func csrf() async throws {
        let fixture = try await DaemonFixture.make()
        try await fixture.app.test(.router) { client in
            var admin = PageBrowser()
            _ = try await admin.signIn(client, token: fixture.tokens["admin"] ?? "")
            let tokensPage = try await admin.get(client, "/admin/tokens")
            let csrf = try #require(PageBrowser.csrf(in: tokensPage.text))
            let before = try await fixture.services.tokens.list().count
            let forged = try await admin.post(
                client, "/admin/tokens", [("csrf", "x"), ("name", "forged"), ("person", "system:x"), ("analyst", "on")])
            #expect(forged.status == .forbidden)
            #expect(try await fixture.services.tokens.list().count == before)

            let created = try await admin.post(
                client, "/admin/tokens", [("csrf", csrf), ("name", "page-made"), ("person", "system:made"), ("analyst", "on")])
            #expect(created.status == .ok)
            let secret = try #require(created.text.range(of: "rwy_").map { String(created.text[$0.lowerBound...].prefix(52)) })
            let listed = try #require(try await fixture.services.tokens.list().first { $0.name == "page-made" })
            #expect(listed.roles == ["analyst"] && listed.createdBy == "system:admin")
            #expect(try await fixture.services.tokens.authenticate(secret)?.name == "page-made")
            let duplicate = try await admin.post(
                client, "/admin/tokens", [("csrf", csrf), ("name", "page-made"), ("person", "system:made"), ("analyst", "on")])
            #expect(duplicate.status == .badRequest && duplicate.text.contains("exists already"))

            let revokeForged = try await admin.post(client, "/admin/tokens/\(listed.id.uuidString)/revoke", [("csrf", "x")])
            #expect(revokeForged.status == .forbidden)
            let revoked = try await admin.post(client, "/admin/tokens/\(listed.id.uuidString)/revoke", [("csrf", csrf)])
            #expect(revoked.status == .seeOther)
            #expect(try await fixture.services.tokens.list().first { $0.name == "page-made" }?.revokedAt != nil)

            let huge = try await admin.post(client, "/admin/tokens", [("csrf", csrf), ("name", String(repeating: "n", count: 70_000))])
            #expect(huge.status == .contentTooLarge)
            let signOutForged = try await admin.post(client, "/signout", [("csrf", "x")])
            #expect(signOutForged.status == .forbidden)
            #expect(try await admin.get(client, "/admin/tokens").status == .ok, "a forged sign-out leaves the session")
            let session = admin.cookies["riwayat_session"]
            let signedOut = try await admin.post(client, "/signout", [("csrf", csrf)])
            #expect(signedOut.status == .seeOther && admin.cookies["riwayat_session"] == nil)
            // The old cookie, sent again, no longer opens anything: the session is closed on the server.
            var replay = admin
            replay.cookies["riwayat_session"] = session
            #expect(try await replay.get(client, "/admin/tokens").status == .seeOther)
            #expect(try await replay.post(client, "/signout", [("csrf", csrf)]).headers[.location] == "/signin")
        }
    }

    @Test("filter forms and links: options labelled, filters kept across the language switch, no link to another host")
    func filterLinks() async throws {
        let fixture = try await DaemonFixture.make()
        try await fixture.app.test(.router) { client in
            var browser = PageBrowser()
            _ = try await browser.signIn(client, token: fixture.tokens["inspector"] ?? "")
            let page = try await browser.get(client, "/findings?agency=Pemerintah+Kabupaten+Sleman&severity=warning").text
            #expect(!page.contains("Optional("))
            #expect(page.contains("<option value=\"warning\" selected>peringatan</option>"))
            #expect(page.contains("value=\"Pemerintah Kabupaten Sleman\""), "the form shows the filter as entered")
            #expect(page.contains("href=\"/findings?agency=Pemerintah+Kabupaten+Sleman&amp;severity=warning&amp;lang=en\""))
            let doubled = try await browser.get(client, "//findings").text
            #expect(!doubled.contains("href=\"//"), "no protocol-relative link to another host")

            // A look-up names a NIP: on record, with the NIP.
            _ = try await browser.get(client, "/employees?nip=\(DaemonFixture.nip)")
            let entry = try await fixture.services.pool.query(
                "SELECT status, array_to_string(nips, ',') FROM access_log WHERE action = 'page-lookup'"
            ).map { try $0.decode((Int, String).self) }
            #expect(entry.count == 1 && entry.first?.0 == 303 && entry.first?.1 == DaemonFixture.nip)
        }
        // One token's sign-ins cannot push everybody else's sessions out.
        let sessions = PageSessions(capacity: 30)
        let other = sessions.open(secret: "rwy_other")
        for _ in 0..<100 { _ = sessions.open(secret: "rwy_flood") }
        #expect(sessions.find(other.id) != nil)
    }

    @Test("a session ends when its token is revoked")
    func revokedTokenEndsSession() async throws {
        let fixture = try await DaemonFixture.make()
        let made = try await fixture.services.tokens.create(.init(name: "short", person: "system:short", roles: [.inspector]))
        try await fixture.app.test(.router) { client in
            var browser = PageBrowser()
            _ = try await browser.signIn(client, token: made.secret)
            #expect(try await browser.get(client, "/findings").status == .ok)
            _ = try await fixture.services.tokens.revoke("short")
            // Within the token cache's lifetime (TokenStore.cacheLifetime) the session is refused.
            let ended = try await eventually(timeout: .seconds(60)) {
                let response = try await browser.get(client, "/findings")
                return response.status == .seeOther && response.headers[.location]?.hasSuffix("&ended=1") == true
            }
            #expect(ended)
            #expect(try await browser.get(client, "/findings").headers[.location] == "/signin?next=%2Ffindings", "the session is gone")
        }
    }

    @Test("Indonesian by default, English by Accept-Language or the switch, remembered in a cookie")
    func language() async throws {
        let fixture = try await DaemonFixture.make()
        try await fixture.app.test(.router) { client in
            var browser = PageBrowser()
            browser.language = nil
            #expect(try await browser.get(client, "/signin").text.contains("<html lang=\"id\">"))
            browser.language = "en-GB,en;q=0.9,id;q=0.5"
            #expect(try await browser.get(client, "/signin").text.contains("<h1>Sign in</h1>"))
            browser.language = "id"
            let switched = try await browser.get(client, "/signin?lang=en")
            #expect(switched.text.contains("<html lang=\"en\">"))
            #expect(browser.cookies["riwayat_lang"] == "en")
            #expect(try await browser.get(client, "/signin").text.contains("<html lang=\"en\">"), "the switch is remembered")
        }
        #expect(PageLanguage.fromAcceptLanguage("fr, en;q=0.2, id;q=0.8") == .indonesian)
        #expect(PageLanguage.fromAcceptLanguage("en-US,en;q=0.9") == .english)
        #expect(PageLanguage.fromAcceptLanguage("id;q=0, en;q=0") == .indonesian)
        #expect(PageLanguage.fromAcceptLanguage(";;,=q,") == .indonesian)
    }

    @Test("both languages have every label the templates and the code use")
    func labels() throws {
        #expect(Set(PageLabels.indonesian.keys) == Set(PageLabels.english.keys))
        guard case .success(let renderer) = PageRenderer.bundled else {
            Issue.record("the templates do not load")
            return
        }
        #expect(!renderer.stylesheet.isEmpty)
        var used = Set<String>()
        for (name, text) in renderer.sources {
            #expect(renderer.library.getTemplate(named: name) != nil, "\(name) loads")
            for match in text.matches(of: #/\{\{[#^\/]?t\.([A-Za-z0-9-]+\.[A-Za-z0-9-]+)\}\}/#) { used.insert(String(match.1)) }
        }
        // Keys the code names literally, and those it builds from the domain's values.
        let pages = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/QueryDaemon/Pages")
        for file in try FileManager.default.contentsOfDirectory(atPath: pages.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: pages.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: #/language\("([A-Za-z0-9.-]+)"\)/#) { used.insert(String(match.1)) }
        }
        used.formUnion(DashboardChart.allCases.flatMap { ["chart.\($0.rawValue)", "chartDesc.\($0.rawValue)"] })
        used.formUnion(MeritReport.allCases.flatMap { ["report.\($0.rawValue)", "reportDesc.\($0.rawValue)"] })
        used.formUnion(["candidate", "appointee", "committee"].map { "role.\($0)" })
        used.formUnion(["announced", "committee", "assessment", "proposed", "closed"].map { "stage.\($0)" })
        used.formUnion(SelectionOutcome.allCases.map { "outcome.\($0.rawValue)" } + Readiness.allCases.map { "readiness.\($0.rawValue)" })
        used.formUnion(CareerTimelineChart.Lane.allCases.map(\.labelKey))
        used.formUnion(["info", "warning", "serious"].map { "severity.\($0)" } + ["open", "explained"].map { "state.\($0)" })
        used.formUnion(Separated.Reason.allCases.map { "separation.\($0.rawValue)" })
        used.formUnion(["hire", "promotion", "transfer-in", "transfer-out"].map { "flow.\($0)" })
        used.formUnion([400, 401, 403, 404, 415, 429, 500, 503].map { "error.\($0)" })
        #expect(used.count > 150)
        let missing = used.subtracting(PageLabels.indonesian.keys).sorted()
        #expect(missing.isEmpty, "labels missing: \(missing)")
    }

    @Test("charts and return paths cannot carry markup or another host")
    func escaping() {
        let hostile = "<script>alert(1)</script>\"'&\u{0}"
        let bars = SVGChart.bars(id: "x\"y", title: hostile, desc: hostile, items: [.init(label: hostile, value: 3)])
        let grid = SVGChart.nineBox(
            id: "g", title: hostile, desc: hostile, counts: [1], performance: hostile, potential: hostile, poolLabel: hostile)
        let columns = SVGChart.columns(id: "c", title: "t", desc: "d", categories: [hostile], series: [.init(name: hostile, values: [])])
        for svg in [bars, grid, columns] {
            #expect(!svg.contains("<script") && !svg.contains("\u{0}"))
            #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"))
        }
        #expect(bars.hasPrefix("<svg class=\"chart\" id=\"x&quot;y\" role=\"img\""))
        for (next, expected) in [
            ("/employees/1?asOf=2020-01-01", "/employees/1?asOf=2020-01-01"), ("//evil.example", "/"), ("/\\evil.example", "/"),
            ("https://evil.example", "/"), ("/a b", "/"), ("", "/"),
        ] {
            #expect(SignInController.safeNext(next) == expected, "\(next)")
        }
    }
}
