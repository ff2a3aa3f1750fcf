import EventStore
import Foundation
import Hummingbird
import NIOCore
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
        routes.get("v1/log/checkpoint") { _, context in
            _ = try context.authenticated()
            guard let latest = try await services.checkpoints.latest() else {
                throw Problem.notFound("no checkpoint is signed yet (the daemon signs with serve --signing-key)")
            }
            return JSONBody.raw(latest.note, contentType: "text/plain; charset=utf-8")
        }
        routes.get("v1/log/checkpoint/cosigned") { _, context in
            _ = try context.authenticated()
            guard let latest = try await services.verifiedCosigned() else {
                throw Problem.notFound("no checkpoint is cosigned by a witness yet")
            }
            return JSONBody.raw(latest.note, contentType: "text/plain; charset=utf-8")
        }
        routes.post("v1/log/checkpoint/cosignature") { request, context in
            _ = try context.authenticated()
            let body = try await request.collectBody(upTo: 64 * 1024)
            let note = String(buffer: body)
            guard let split = note.range(of: "\n\n") else {
                throw Problem.badRequest(field: "body", rule: "must be a signed checkpoint note with the witness's cosignature line")
            }
            let checkpoint: LogCheckpoint
            do {
                checkpoint = try LogCheckpoint(text: String(note[..<split.lowerBound]) + "\n")
            } catch let error as NoteKeyError {
                throw Problem.badRequest(field: "body", rule: error.detail)
            }
            guard let stored = try await services.checkpoints.note(size: checkpoint.size), stored.hasPrefix(checkpoint.text + "\n") else {
                throw Problem.notFound("this register signed no such checkpoint at tree size \(checkpoint.size)")
            }
            var accepted = [String]()
            for witness in services.witnesses {
                guard (try? witness.verifyCosignature(on: note)) != nil else { continue }
                let line = note[split.upperBound...].split(separator: "\n").first { $0.hasPrefix("\u{2014} \(witness.name) ") }
                guard let line else { continue }
                try await services.checkpoints.addCosignature(size: checkpoint.size, witness: witness.name, line: String(line) + "\n")
                accepted.append(witness.name)
            }
            guard !accepted.isEmpty else {
                throw Problem(
                    status: .forbidden, title: "Forbidden", detail: "the note carries no valid cosignature of a witness this register knows"
                )
            }
            return JSONBody.response(["treeSize": checkpoint.size, "witnesses": accepted])
        }
        routes.get("v1/log/checkpoint/:size") { _, context in
            _ = try context.authenticated()
            guard let text = context.parameters.get("size"), let size = Int64(text), size >= 0, String(size) == text else {
                throw Problem.badRequest(field: "size", rule: "must be a tree size (a whole number, 0 or more)")
            }
            guard let note = try await services.checkpoints.note(size: size) else {
                throw Problem.notFound("no checkpoint was signed at tree size \(size)")
            }
            return JSONBody.raw(note, contentType: "text/plain; charset=utf-8")
        }
        routes.get("v1/log/proof/inclusion") { request, context in
            try services.limiter.admit(try context.authenticated(), "proofs")
            guard let idText = try request.query("eventId"), let eventID = UUID(uuidString: idText) else {
                throw Problem.badRequest(field: "eventId", rule: "must be a UUID")
            }
            let treeSize = try await Self.treeSize(request, services: services, field: "treeSize")
            guard let position = try await services.store.position(of: eventID) else { throw Problem.notFound("no event \(eventID)") }
            guard position <= treeSize else {
                throw Problem(
                    status: .conflict, title: "Conflict",
                    detail: "event \(eventID) is at position \(position), after tree size \(treeSize)",
                    field: "treeSize", rule: "must be at least the event's position (\(position))")
            }
            let found = try await services.tree.inclusion(indexes: [position - 1], size: treeSize).first ?? nil
            let proof = found?.proof ?? [], leaf = found?.leaf ?? []
            return JSONBody.response([
                "eventId": eventID.uuidString.lowercased(), "position": position, "leafIndex": position - 1, "treeSize": treeSize,
                "leafHash": Data(leaf).base64EncodedString(), "proof": proof.map { Data($0).base64EncodedString() },
                "checkpoint": try await services.checkpoints.note(size: treeSize),
            ])
        }
        routes.get("v1/log/proof/consistency") { request, context in
            try services.limiter.admit(try context.authenticated(), "proofs")
            let size = try await services.tree.size()
            guard let from = try request.integer("from", in: 1...Int.max) else {
                throw Problem.badRequest(field: "from", rule: "is required")
            }
            guard let to = try request.integer("to", in: 1...Int.max) else { throw Problem.badRequest(field: "to", rule: "is required") }
            guard from <= to else { throw Problem.badRequest(field: "from", rule: "must not be above to (\(to))") }
            guard Int64(to) <= size else {
                throw Problem(
                    status: .conflict, title: "Conflict", detail: "the tree holds \(size) leaves", field: "to",
                    rule: "must be at most the tree's size (\(size))")
            }
            let proof = try await services.tree.consistencyProof(from: Int64(from), to: Int64(to))
            return JSONBody.response(["from": from, "to": to, "proof": proof.map { Data($0).base64EncodedString() }])
        }
        return routes
    }

    /// `treeSize`, or the latest signed checkpoint's, or the tree's: never above the stored tree.
    static func treeSize(_ request: Request, services: DaemonServices, field: String) async throws -> Int64 {
        let stored = try await services.tree.size()
        guard let asked = try request.integer(field, in: 1...Int.max) else {
            return try await services.checkpoints.latest()?.size ?? stored
        }
        guard Int64(asked) <= stored else {
            throw Problem(
                status: .conflict, title: "Conflict", detail: "the tree holds \(stored) leaves", field: field,
                rule: "must be at most the tree's size (\(stored))")
        }
        return Int64(asked)
    }
}
