import Foundation
import Hummingbird
import PostgresClient

/// An answer holding personal data, with every NIP it names (for the access log).
struct PersonalAnswer {
    var response: Response
    var nips: [String]
}

extension DaemonServices {
    /// Answers a request for personal data: the access (who, which NIPs, what was asked, from
    /// where) is recorded durably before the answer leaves; a refused attempt (401, 403, 404, or
    /// any other 4xx) is recorded with its status before the refusal leaves. When the entry
    /// cannot be stored, nothing personal is answered (503).
    func personal(
        _ action: String, _ request: Request, _ context: RiwayatRequestContext, nip: String? = nil,
        answer: () async throws -> PersonalAnswer
    ) async throws -> Response {
        // Callers without a valid token are limited by address before anything is recorded: a
        // flood of refused attempts cannot fill the access log.
        if context.principal == nil, let wait = limiter.take("unauthenticated/" + (context.remote?.ipAddress ?? "unknown")) {
            var problem = Problem(
                status: .tooManyRequests, title: "Too Many Requests",
                detail: "too many requests without a valid token; try again in \(wait) s")
            problem.retryAfterSeconds = wait
            throw problem
        }
        let asked = nip.map { String($0.prefix(40)) }
        func entry(status: Int, nips: [String]) -> AccessLogWriter.Entry {
            accessEntry(action, request, context, nip: asked, nips: nips, status: status)
        }
        let result: PersonalAnswer
        do {
            if let operation = DocumentedOperation.find(method: request.method.rawValue, path: request.uri.path) {
                try request.checkQuery(against: operation)
            }
            result = try await answer()
        } catch let problem as Problem where (400..<500).contains(problem.status.code) {
            try await accessLog.record(entry(status: problem.status.code, nips: asked.map { [$0] } ?? []))
            throw problem
        } catch let error as PostgresError where DatabaseFailureMiddleware.isRequestsFault(error) {
            // Answered 400 by the middleware: a refused attempt like any other.
            try await accessLog.record(entry(status: 400, nips: asked.map { [$0] } ?? []))
            throw error
        }
        try await accessLog.record(entry(status: result.response.status.code, nips: result.nips))
        return result.response
    }
}

extension DaemonServices {
    /// The access-log entry of `request` (who, what was asked, from where) with its outcome.
    func accessEntry(
        _ action: String, _ request: Request, _ context: RiwayatRequestContext, nip: String?, nips: [String], status: Int
    ) -> AccessLogWriter.Entry {
        let query = String((request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")).prefix(1000))
        return AccessLogWriter.Entry(
            tokenID: context.principal?.tokenID ?? context.refusedToken?.id,
            tokenName: context.principal?.name ?? context.refusedToken?.name,
            person: context.principal?.person ?? context.refusedToken?.person,
            action: action, nip: nip, nips: nips, query: query, status: status, remote: context.remoteAddress,
            requestID: context.id)
    }
}
