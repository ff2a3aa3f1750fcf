import ArgumentParser
import EventStore
import Foundation

/// `riwayat key create`: the checkpoint signing key, kept outside the database.
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Make the key that signs the log's checkpoints.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new Ed25519 signing key to a file (readable by you only) and print its verifier key.",
            discussion: """
                The name is the register's origin, as checkpoints name it (say riwayat.bkn.go.id/asn). Give the file to \
                `riwayat serve --signing-key FILE`; give the printed verifier key to inspectors and witnesses, who check \
                checkpoints, proofs and dossiers with it. The database never holds the signing key.
                """)
        @Option(help: "The register's origin, the key's name (no spaces or +).") var name: String
        @Option(name: .shortAndLong, help: "Where to write the signing key (refuses to overwrite).") var output: String
        @Flag(help: "A witness's cosigning key (C2SP tlog-cosignature) instead of a register's signing key.") var witness = false

        func run() async throws {
            let signer: NoteSigner
            do {
                signer = try NoteSigner.generate(name: name, witness: witness)
            } catch let error as NoteKeyError {
                throw ValidationError("--name: \(error.detail)")
            }
            let url = URL(fileURLWithPath: output)
            guard !FileManager.default.fileExists(atPath: url.path) else {
                throw CommandFailure(description: "\(output) exists already; a signing key is never overwritten")
            }
            guard
                FileManager.default.createFile(
                    atPath: url.path, contents: Data((signer.text + "\n").utf8), attributes: [.posixPermissions: 0o600])
            else { throw CommandFailure(description: "cannot write \(output)") }
            print(signer.verifier.text)
        }
    }
}

extension NoteSigner {
    /// The signing key in a file (`riwayat key create`), with a clear error when it cannot be used.
    static func load(file: String) throws -> NoteSigner {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw CommandFailure(description: "cannot read the signing key \(file): \(error.localizedDescription)")
        }
        do {
            return try NoteSigner(text: text)
        } catch let error as NoteKeyError {
            throw CommandFailure(description: "\(file) is not a signing key: \(error.detail)")
        }
    }
}
