import HTTPTypes
import Hummingbird

/// Marks every answer `Riwayat-Integrity: broken` once the daemon's own checks found the log
/// altered: reads keep working, but no answer passes as trustworthy.
struct IntegrityMiddleware: RouterMiddleware {
    typealias Context = RiwayatRequestContext
    static let header = HTTPField.Name("Riwayat-Integrity")!  // crash-ok: constant, valid name
    let integrity: LogIntegrity

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard integrity.broken != nil else { return try await next(request, context) }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[Self.header] = "broken"
        return response
    }
}
