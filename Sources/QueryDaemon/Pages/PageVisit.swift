import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// One request for a page: the reader's language, their session (from the cookie) and the caller
/// it stands for, and how to answer with a page, a redirect or an error page.
struct PageVisit {
    let request: Request
    /// The request context with the session's caller set (as a bearer token would set it).
    var context: RiwayatRequestContext
    var session: PageSessions.Session?
    let language: PageLanguage
    /// Cookies carry `Secure` (the daemon is served over TLS, by itself or a proxy).
    let secureCookies: Bool

    /// The reader's session and caller. A session whose token has since been revoked or has
    /// expired ends here; the caller is then refused like a revoked bearer token.
    static func resolve(_ request: Request, _ context: RiwayatRequestContext, services: DaemonServices) async throws -> PageVisit {
        var context = context
        var session: PageSessions.Session?
        if let id = request.cookies[PageSessions.cookieName]?.value, let found = services.sessions.find(id) {
            if let principal = try await services.tokens.authenticate(found.secret) {
                context.principal = principal
                session = found
            } else {
                services.sessions.close(id)
                context.tokenRefused = true
                context.refusedToken = try await services.tokens.lookUp(found.secret)
            }
        }
        return PageVisit(
            request: request, context: context, session: session, language: PageLanguage.of(request),
            secureCookies: services.secureCookies)
    }

    /// The data every page shows: labels, the language switch, who is signed in, the menu.
    func common(title: String) -> [String: Any] {
        var data: [String: Any] = [
            "t": language.nestedLabels, "lang": language.rawValue, "title": title, "path": request.uri.path,
        ]
        let other: PageLanguage = language == .english ? .indonesian : .english
        // The query as sent (already encoded), without its `lang`; the path with one leading slash,
        // so the link cannot name another host (`//host`).
        var query = (request.uri.query ?? "").split(separator: "&").filter { !$0.hasPrefix("lang=") && $0 != "lang" }.map(String.init)
        query.append("lang=\(other.rawValue)")
        let path = "/" + request.uri.path.drop { $0 == "/" }
        data["switchHref"] = path + "?" + query.joined(separator: "&")
        data["switchLabel"] = other == .english ? "English" : "Bahasa Indonesia"
        data["switchLang"] = other.rawValue
        if let principal = context.principal, let session {
            data["user"] = ["name": principal.name, "person": principal.person]
            data["csrf"] = session.csrf
            data["nav"] = [
                "inspector": principal.roles.contains(.inspector), "analyst": principal.roles.contains(.analyst),
                "admin": principal.roles.contains(.admin),
            ]
        }
        return data
    }

    /// A rendered page.
    func page(_ template: String, title: String, status: HTTPResponse.Status = .ok, _ data: [String: Any]) -> Response {
        var all = common(title: title)
        all.merge(data) { _, new in new }
        guard case .success(let renderer) = PageRenderer.bundled, let html = renderer.render(template, all) else {
            return Response(
                status: .internalServerError, headers: PageRenderer.headers(contentType: "text/plain; charset=utf-8"),
                body: ResponseBody(byteBuffer: ByteBuffer(string: "the page template \(template) cannot be rendered")))
        }
        var response = Response(status: status, headers: PageRenderer.headers(), body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
        rememberLanguage(&response)
        return response
    }

    /// 303 to a path of this site.
    func redirect(_ location: String) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
        rememberLanguage(&response)
        return response
    }

    /// The error page for a refusal, in the reader's words where we have them.
    func problem(_ problem: Problem) -> Response {
        if problem.status == .unauthorized {
            let next = Self.encode(request.uri.path + (request.uri.query.map { "?" + $0 } ?? ""))
            return redirect("/signin?next=" + next + (context.tokenRefused ? "&ended=1" : ""))
        }
        let title =
            language("error.\(problem.status.code)") == "error.\(problem.status.code)"
            ? problem.title : language("error.\(problem.status.code)")
        var data: [String: Any] = ["status": problem.status.code, "detail": problem.detail]
        if let field = problem.field { data["field"] = field }
        if let rule = problem.rule { data["rule"] = rule }
        var response = page("error", title: title, status: problem.status, data)
        if let wait = problem.retryAfterSeconds { response.headers[.retryAfter] = String(wait) }
        return response
    }

    /// A form of this site: `application/x-www-form-urlencoded`, at most 64 KiB, decoded into
    /// `Form`, whose `csrf` must be `expected` (the session's CSRF token unless given).
    func form<Form: Decodable>(_ type: Form.Type, csrf: (Form) -> String?, expected: String? = nil) async throws -> Form {
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/x-www-form-urlencoded" else {
            throw Problem(
                status: .unsupportedMediaType, title: "Unsupported Media Type", detail: "a form must be sent form-encoded",
                field: "Content-Type", rule: "must be application/x-www-form-urlencoded")
        }
        let body = try await request.collectBody(upTo: 64 * 1024)
        let form: Form
        do {
            form = try URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body))
        } catch {
            throw Problem(status: .badRequest, title: "Bad Request", detail: "the form is incomplete or malformed", field: "form")
        }
        guard let expected = expected ?? session?.csrf, let sent = csrf(form), PageSessions.same(sent, expected) else {
            throw Problem(
                status: .forbidden, title: "Forbidden", detail: language("error.csrf"), field: "csrf",
                rule: "must be the token of the signed-in session's form")
        }
        return form
    }

    /// Keeps a language chosen with `?lang=` for the next pages.
    func rememberLanguage(_ response: inout Response) {
        guard let asked = request.uri.queryParameters.get("lang").flatMap(PageLanguage.init(rawValue:)) else { return }
        response.setCookie(
            Cookie(
                name: PageLanguage.cookieName, value: asked.rawValue, maxAge: 365 * 86400, path: "/", secure: secureCookies,
                httpOnly: true, sameSite: .strict))
    }

    /// Percent-encodes a query component.
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
