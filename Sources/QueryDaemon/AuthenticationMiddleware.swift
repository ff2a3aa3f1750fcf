import Hummingbird

/// Reads `Authorization: Bearer …` and sets the caller. A token that is unknown, revoked or
/// expired leaves the caller unset (routes that need one answer 401, and personal routes record
/// the refused attempt); a malformed header is a 401 at once.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = RiwayatRequestContext
    let tokens: TokenStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            if header.hasPrefix("Bearer "), let principal = try await tokens.authenticate(String(header.dropFirst(7))) {
                context.principal = principal
            } else {
                context.tokenRefused = true
            }
        }
        return try await next(request, context)
    }
}
