import Hummingbird

/// Reads `Authorization: Bearer …` and sets the caller; an unknown token is a 401.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = RiwayatRequestContext
    let tokens: TokenStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            guard header.hasPrefix("Bearer "), let principal = try await tokens.authenticate(String(header.dropFirst(7))) else {
                throw Problem(status: .unauthorized, title: "Unauthorized", detail: "the API token is unknown or revoked")
            }
            context.principal = principal
        }
        return try await next(request, context)
    }
}
