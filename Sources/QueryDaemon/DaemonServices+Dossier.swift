import CareerDomain
import EventStore
import Foundation
import NIOCore

extension DaemonServices {
    /// The employee's career dossier against the latest checkpoint, checked before it is handed
    /// out, as the JSON file the API and the employee page serve: 404 without records, 503 while
    /// the newest event awaits a checkpoint, and a dossier that does not check (the log no longer
    /// gives the signed root) refused, never served.
    func dossierFile(of nip: NIP) async throws -> ByteBuffer {
        guard try await store.streamVersion(nip.digits) > 0 else { throw Problem.notFound("no records for NIP \(nip)") }
        let built: CareerDossier?
        do {
            built = try await CareerDossier.build(stream: nip.digits, store: store, tree: tree, checkpoints: checkpoints)
        } catch let error as NoteKeyError {
            throw Problem(
                status: .internalServerError, title: "Internal Server Error",
                detail: "the log no longer proves this employee's events (\(error.detail)); log integrity is in doubt")
        }
        guard let dossier = built else {
            var problem = Problem(
                status: .serviceUnavailable, title: "Service Unavailable",
                detail: "no signed checkpoint holds every event of this employee yet; try again in a few seconds")
            problem.retryAfterSeconds = 3
            throw problem
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ByteBuffer(data: try encoder.encode(dossier))
    }
}
