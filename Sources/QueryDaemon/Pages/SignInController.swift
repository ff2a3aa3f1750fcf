import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Signing in to the pages with an API token, signing out, the start page and the stylesheet.
/// The token is entered once and becomes an HttpOnly, SameSite=Strict session cookie; the
/// sign-in form carries its own CSRF token (a cookie it must match), every later form the
/// session's.
struct SignInController {
    let services: DaemonServices
    static let signInCookie = "riwayat_signin"

    struct SignInForm: Decodable {
        var token: String?
        var csrf: String?
        var next: String?
    }

    struct SignOutForm: Decodable {
        var csrf: String?
    }

    var routes: RouteCollection<RiwayatRequestContext> {
        let routes = RouteCollection(context: RiwayatRequestContext.self)
        routes.get("/", use: home)
        routes.get("signin", use: signInPage)
        routes.post("signin", use: signIn)
        routes.post("signout", use: signOut)
        routes.get("static/style.css") { _, _ in
            guard case .success(let renderer) = PageRenderer.bundled else { throw HTTPError(.internalServerError) }
            var headers = PageRenderer.headers(contentType: "text/css; charset=utf-8")
            headers[.cacheControl] = "public, max-age=3600"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: renderer.stylesheet)))
        }
        return routes
    }

    func home(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.page(request, context) { visit in
            let principal = try visit.context.authenticated()
            return visit.page(
                "home", title: visit.language("home.title"),
                ["roles": principal.roles.map(\.rawValue).sorted().joined(separator: ", "), "today": services.today().description])
        }
    }

    func signInPage(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.page(request, context) { visit in
            signInForm(
                visit, status: .ok, next: request.uri.queryParameters.get("next").map { String($0) },
                error: request.uri.queryParameters.get("ended") != nil ? visit.language("signin.ended") : nil)
        }
    }

    /// The form with a fresh CSRF cookie.
    func signInForm(_ visit: PageVisit, status: HTTPResponse.Status, next: String?, error: String?) -> Response {
        let csrf = PageSessions.randomToken()
        var data: [String: Any] = ["signinCsrf": csrf, "next": Self.safeNext(next)]
        if let error { data["error"] = error }
        var response = visit.page("signin", title: visit.language("signin.title"), status: status, data)
        response.setCookie(
            Cookie(name: Self.signInCookie, value: csrf, path: "/signin", secure: visit.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    func signIn(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.page(request, context) { visit in
            // Attempts are limited by address as the API's unauthenticated requests are.
            if let wait = services.limiter.take("unauthenticated/" + (context.remote?.ipAddress ?? "unknown")) {
                var problem = Problem(
                    status: .tooManyRequests, title: "Too Many Requests", detail: visit.language("signin.tooMany") + " (\(wait) s)")
                problem.retryAfterSeconds = wait
                throw problem
            }
            let expected = request.cookies[Self.signInCookie]?.value ?? ""
            let form = try await visit.form(SignInForm.self, csrf: \.csrf, expected: expected.isEmpty ? nil : expected)
            let secret = (form.token ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !secret.isEmpty, try await services.tokens.authenticate(secret) != nil else {
                return signInForm(visit, status: .unauthorized, next: form.next, error: visit.language("signin.refused"))
            }
            // A new session replaces the one this browser held.
            if let old = visit.session { services.sessions.close(old.id) }
            let session = services.sessions.open(secret: secret)
            var response = visit.redirect(Self.safeNext(form.next))
            response.setCookie(
                Cookie(
                    name: PageSessions.cookieName, value: session.id, path: "/", secure: visit.secureCookies, httpOnly: true,
                    sameSite: .strict))
            response.setCookie(
                Cookie(
                    name: Self.signInCookie, value: "", maxAge: 0, path: "/signin", secure: visit.secureCookies, httpOnly: true,
                    sameSite: .strict))
            return response
        }
    }

    func signOut(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.page(request, context) { visit in
            // Without a session (it ended) there is nothing to sign out of.
            guard visit.session != nil else { return visit.redirect("/signin") }
            _ = try await visit.form(SignOutForm.self, csrf: \.csrf)
            if let session = visit.session { services.sessions.close(session.id) }
            var response = visit.redirect("/signin")
            response.setCookie(
                Cookie(
                    name: PageSessions.cookieName, value: "", maxAge: 0, path: "/", secure: visit.secureCookies, httpOnly: true,
                    sameSite: .strict))
            return response
        }
    }

    /// Where to go after signing in: a path of this site only (never another host).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"), next.count < 2000,
            !next.unicodeScalars.contains(where: { $0.value < 0x21 || $0 == "\\" })
        else { return "/" }
        return next
    }
}
