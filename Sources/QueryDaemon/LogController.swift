import EventStore
import Foundation
import Hummingbird
import PostgresClient

/// The log's head and seal, and inclusion checks (any authenticated caller).
struct LogController {
    let services: DaemonServices

    var routes: RouteCollection<RiwayatRequestContext> {
        let routes = RouteCollection(context: RiwayatRequestContext.self)
        routes.get("v1/log/head") { _, context in
            _ = try context.authenticated()
            let head = try await services.store.head()
            return JSONBody.response([
                "position": head.position, "hash": PostgresBytes.hex(head.hash),
                "recordedAt": head.recordedAt?.iso8601,
            ])
        }
        routes.get("v1/log/seal") { _, context in
            _ = try context.authenticated()
            let seal = try await services.store.seal()
            return JSONBody.response(["seal": seal.description, "position": seal.position, "hash": PostgresBytes.hex(seal.hash)])
        }
        routes.get("v1/log/inclusion") { request, context in
            try services.limiter.admit(try context.authenticated(), "proofs")
            guard let idText = try request.query("eventId"), let eventID = UUID(uuidString: idText) else {
                throw Problem.badRequest(field: "eventId", rule: "must be a UUID")
            }
            guard let position = try request.integer("position", in: 1...Int.max) else {
                throw Problem.badRequest(field: "position", rule: "is required")
            }
            guard let hashText = try request.query("hash"), let hash = PostgresBytes.parseHex(hashText), hash.count == 32 else {
                throw Problem.badRequest(field: "hash", rule: "must be 64 hex digits")
            }
            var seal: LogSeal?
            if let sealText = try request.query("seal", maxLength: 300) {
                guard let parsed = LogSeal(sealText) else { throw Problem.badRequest(field: "seal", rule: "is not a riwayat seal") }
                seal = parsed
            }
            let proof = try await services.store.inclusion(eventID: eventID, position: Int64(position), hash: hash, seal: seal)
            return JSONBody.response(["included": proof.included, "reason": proof.reason, "checkedEvents": proof.checked])
        }
        return routes
    }
}
