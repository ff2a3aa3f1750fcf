import Foundation
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
            // The scheme is case-insensitive (RFC 9110).
            let secret = header.lowercased().hasPrefix("bearer ") ? String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces) : ""
            if !secret.isEmpty, let principal = try await tokens.authenticate(secret) {
                context.principal = principal
            } else {
                context.tokenRefused = true
                // A known token that is revoked or expired: the refusal names it in the access log.
                context.refusedToken = secret.isEmpty ? nil : try await tokens.lookUp(secret)
            }
        }
        return try await next(request, context)
    }
}
