import ArgumentParser
import EventStore
import Foundation

/// `riwayat dossier NIP -o FILE`: an employee's events with proofs against the latest signed
/// checkpoint, to archive and check offline (`riwayat proof verify`).
struct DossierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossier", abstract: "Write one employee's career dossier: events, proofs and the signed checkpoint.")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The employee's NIP.") var nip: String
    @Option(name: .shortAndLong, help: "The file to write.") var output: String

    func run() async throws {
        let nip = self.nip
        let dossier = try await database.withSession(maxConnections: 2) { session in
            try await session.recordAccess(
                "dossier", nip: String(nip.prefix(40)), nips: [String(nip.prefix(40))], query: "dossier \(nip.prefix(40))")
            let store = EventStore(pool: session.pool, logger: session.logger)
            guard try await store.streamVersion(nip) > 0 else { throw CommandFailure(description: "no events for NIP \(nip)") }
            let built: CareerDossier?
            do {
                built = try await CareerDossier.build(
                    stream: nip, store: store, tree: LogTree(pool: session.pool), checkpoints: LogCheckpoints(pool: session.pool))
            } catch let error as NoteKeyError {
                throw CommandFailure(description: "the log no longer proves the events of \(nip): \(error.detail); integrity is in doubt")
            }
            guard let dossier = built else {
                throw CommandFailure(
                    description: "no signed checkpoint holds every event of \(nip) yet (serve --signing-key signs one within seconds)")
            }
            return dossier
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(dossier).write(to: URL(fileURLWithPath: output))
        print("wrote \(output): \(dossier.events.count) events of \(nip), proven against the checkpoint")
    }
}

/// `riwayat proof verify FILE --key KEY`: checks a dossier or a checkpoint offline.
struct ProofCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof", abstract: "Check dossiers and checkpoints offline (no database, no network).",
        subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a career dossier, or a signed checkpoint, against the register's verifier key.",
            discussion: """
                A dossier: the checkpoint's signature, then every event's canonical bytes against its inclusion proof. A \
                checkpoint note: its signature. With --previous OLD and --consistency PROOF: that the checkpoint extends \
                OLD (the RFC 9162 consistency proof, as GET /v1/log/proof/consistency answers it). Exits non-zero and says \
                exactly what failed.
                """)
        @Argument(help: "A dossier (JSON) or a signed checkpoint (text).") var file: String
        @Option(help: "The verifier key (NAME+ID+KEY), or a file holding it.") var key: String
        @Option(help: "An earlier signed checkpoint this one must extend.") var previous: String?
        @Option(help: "The consistency proof (JSON) from --previous to this checkpoint.") var consistency: String?

        func run() async throws {
            let keyText = FileManager.default.fileExists(atPath: key) ? try String(contentsOfFile: key, encoding: .utf8) : key
            let verifier: NoteVerifier
            do {
                verifier = try NoteVerifier(text: keyText)
            } catch let error as NoteKeyError {
                throw ValidationError("--key: \(error.detail)")
            }
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            do {
                if data.first == UInt8(ascii: "{") {
                    guard previous == nil, consistency == nil else {
                        throw ValidationError("--previous and --consistency apply to a checkpoint file, not to a dossier")
                    }
                    let dossier = try JSONDecoder().decode(CareerDossier.self, from: data)
                    let verified = try dossier.verify(with: verifier)
                    print("OK: \(verified.events.count) events of \(dossier.stream) are in the log \(verified.checkpoint.origin)")
                    print("    signed tree of \(verified.checkpoint.size) events, root \(base64(verified.checkpoint.root))")
                    return
                }
                let checkpoint = try LogCheckpoint.verified(String(decoding: data, as: UTF8.self), by: verifier)
                if let previous {
                    let old = try LogCheckpoint.verified(try String(contentsOfFile: previous, encoding: .utf8), by: verifier)
                    guard let consistency else { throw ValidationError("--previous needs --consistency PROOF") }
                    let proof = try ConsistencyFile.read(consistency)
                    guard proof.from == old.size, proof.to == checkpoint.size else {
                        throw NoteKeyError(
                            detail:
                                "the proof runs from \(proof.from) to \(proof.to), the checkpoints are \(old.size) and \(checkpoint.size)")
                    }
                    guard
                        MerkleProof.verifyConsistency(
                            from: old.size, to: checkpoint.size, fromRoot: old.root, toRoot: checkpoint.root, proof: proof.hashes)
                    else {
                        throw NoteKeyError(
                            detail: "the log of \(checkpoint.size) events does not extend the one of \(old.size): "
                                + "history was rewritten (a fork)")
                    }
                    print("OK: the checkpoint of \(checkpoint.size) events extends the one of \(old.size)")
                    return
                }
                print("OK: checkpoint of \(checkpoint.size) events signed by \(verifier.name), root \(base64(checkpoint.root))")
            } catch let error as NoteKeyError {
                throw CommandFailure(description: "FAILED: \(error.detail)")
            } catch let error as DecodingError {
                throw CommandFailure(description: "FAILED: \(file) is not a dossier: \(error)")
            }
        }

        func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
    }
}

/// A consistency proof as `GET /v1/log/proof/consistency` answers it.
struct ConsistencyFile: Decodable {
    var from: Int64
    var to: Int64
    var proof: [String]

    var hashes: [[UInt8]] { proof.compactMap { Data(base64Encoded: $0).map(Array.init) } }

    static func read(_ path: String) throws -> ConsistencyFile {
        try JSONDecoder().decode(ConsistencyFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
