import EventStore
import Hummingbird
import PostgresClient

extension DaemonServices {
    /// The latest cosigned checkpoint with only the cosignature lines that verify with a witness
    /// key this daemon was given (a line put into the table by hand is not served), and those
    /// witnesses' names; nil when none verifies.
    func verifiedCosigned() async throws -> (size: Int64, note: String, witnesses: [String])? {
        guard let cosigned = try await checkpoints.latestCosigned(), let stored = try await checkpoints.note(size: cosigned.size) else {
            return nil
        }
        var note = stored, names = [String]()
        for line in cosigned.note.dropFirst(stored.count).split(separator: "\n") {
            for witness in witnesses where line.hasPrefix("\u{2014} \(witness.name) ") {
                if (try? witness.verifyCosignature(on: stored + line + "\n")) != nil {
                    note += line + "\n"
                    names.append(witness.name)
                }
            }
        }
        return names.isEmpty ? nil : (cosigned.size, note, names)
    }

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
            // A standby that failed the read: the routing answers again from the primary.
            if reads.isStandby, ReadRoutingMiddleware.isStandbyFailure(error) { throw error }
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
            // A standby that failed the read: the routing answers again from the primary.
            if reads.isStandby, ReadRoutingMiddleware.isStandbyFailure(error) { throw error }
            return visit.problem(DatabaseFailureMiddleware.problem(for: error, context: visit.context))
        }
    }
}
