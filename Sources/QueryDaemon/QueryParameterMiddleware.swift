import Hummingbird

/// Refuses a query that is not form-encoded or names a parameter the operation does not
/// document (400), before any work. Operations that name employees check the same inside their
/// handler instead, so the refusal is recorded in the access log like any other.
struct QueryParameterMiddleware: RouterMiddleware {
    typealias Context = RiwayatRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let operation = DocumentedOperation.find(method: request.method.rawValue, path: request.uri.path), !operation.personal {
            try request.checkQuery(against: operation)
        }
        return try await next(request, context)
    }
}
