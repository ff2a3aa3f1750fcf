import Hummingbird
import Logging
import PostgresClient

/// Turns a database failure into a problem document instead of a bare 500: 503 with
/// `Retry-After` when the database cannot be reached (connection failed or lost, pool closed,
/// server shutting down, timeout), 500 for anything else the database refused. The response
/// names no data; the log line carries the request id and the error's code and SQLSTATE.
struct DatabaseFailureMiddleware: RouterMiddleware {
    typealias Context = RiwayatRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as PostgresError {
            throw Self.problem(for: error, context: context)
        }
    }

    /// The problem a database failure is answered with (logged here, without server DETAIL).
    static func problem(for error: PostgresError, context: Context) -> Problem {
        context.logger.error("database failure", metadata: ["error": "\(error)"])
        if isUnavailable(error) {
            var problem = Problem(
                status: .serviceUnavailable, title: "Service Unavailable", detail: "the database cannot be reached; try again shortly")
            problem.retryAfterSeconds = 5
            return problem
        }
        if error.sqlState == "57014" {
            // The statement timeout: the request asked for more than a request may take.
            var problem = Problem(
                status: .serviceUnavailable, title: "Service Unavailable",
                detail: "the query took longer than a request may; try a narrower one")
            problem.retryAfterSeconds = 5
            return problem
        }
        if isRequestsFault(error) {
            // A value the database cannot take slipped past the checks: the request's fault, and ours to check earlier.
            return Problem(
                status: .badRequest, title: "Bad Request",
                detail: "the request holds a value the database cannot take (request id \(context.id))")
        }
        return Problem(
            status: .internalServerError, title: "Internal Server Error",
            detail: "the database refused the request (request id \(context.id))")
    }

    /// A value the database cannot take (SQLSTATE class 22): answered 400.
    static func isRequestsFault(_ error: PostgresError) -> Bool {
        error.sqlState?.rawValue.hasPrefix("22") == true
    }

    static func isUnavailable(_ error: PostgresError) -> Bool {
        error.isConnectionLost || error.code == .poolClosed || error.code == .timeout
    }
}
