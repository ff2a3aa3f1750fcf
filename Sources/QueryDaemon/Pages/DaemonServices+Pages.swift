import Hummingbird
import PostgresClient

extension DaemonServices {
    /// A page that shows personal data: recorded in the access log exactly as the API's reads
    /// are (refused attempts too), and nothing is shown when the entry cannot be stored. `answer`
    /// gives the page and every NIP it names.
    func personalPage(
        _ action: String, _ request: Request, _ context: RiwayatRequestContext, nip: String? = nil,
        answer: (PageVisit) async throws -> (page: Response, nips: [String])
    ) async throws -> Response {
        let visit = try await PageVisit.resolve(request, context, services: self)
        do {
            return try await personal(action, request, visit.context, nip: nip) {
                let (page, nips) = try await answer(visit)
                return PersonalAnswer(response: page, nips: nips)
            }
        } catch let problem as Problem {
            return visit.problem(problem)
        } catch let error as PostgresError {
            return visit.problem(DatabaseFailureMiddleware.problem(for: error, context: visit.context))
        }
    }

    /// A page without personal data (sign-in, dashboards of counts, tokens).
    func page(
        _ request: Request, _ context: RiwayatRequestContext, answer: (PageVisit) async throws -> Response
    ) async throws -> Response {
        let visit = try await PageVisit.resolve(request, context, services: self)
        do {
            return try await answer(visit)
        } catch let problem as Problem {
            return visit.problem(problem)
        } catch let error as PostgresError {
            return visit.problem(DatabaseFailureMiddleware.problem(for: error, context: visit.context))
        }
    }
}
