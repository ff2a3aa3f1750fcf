import ArgumentParser
import EventStore
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `riwayat witness`: another party's process that checks each new checkpoint extends the last
/// one it cosigned, cosigns it, and refuses and alarms on a fork or a rollback.
struct WitnessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "witness",
        abstract: "Witness a register: check and cosign its checkpoints; alarm on a fork or rollback.",
        discussion: """
            Fetches GET /v1/log/checkpoint, checks its signature with --log-key, and checks that it extends the last \
            checkpoint this witness cosigned (kept in --state): a smaller tree is a rollback, a consistency proof \
            (GET /v1/log/proof/consistency) that fails is a fork. Either is refused: nothing is cosigned, the alarm is \
            printed and, with --once, the exit status is 3. Otherwise it cosigns (C2SP tlog-cosignature, a key from \
            `riwayat key create --witness`) and sends the cosignature to the register.
            """)

    @Option(help: "The register's base URL (http://host:port).") var log: String
    @Option(help: "An API token of the register (any role).") var token: String = ProcessInfo.processInfo.environment["RIWAYAT_TOKEN"] ?? ""
    @Option(name: .customLong("log-key"), help: "The register's verifier key (NAME+ID+KEY).") var logKey: String
    @Option(help: "This witness's cosigning key file (riwayat key create --witness).") var key: String
    @Option(help: "Where the witness keeps the last checkpoint it cosigned.") var state: String
    @Option(help: "Seconds between checks.") var interval: Int = 10
    @Flag(help: "Check once and exit (0 cosigned or nothing new, 3 fork or rollback).") var once = false

    func run() async throws {
        let verifier: NoteVerifier
        do {
            verifier = try NoteVerifier(text: logKey)
        } catch let error as NoteKeyError {
            throw ValidationError("--log-key: \(error.detail)")
        }
        let signer = try NoteSigner.load(file: key)
        guard signer.algorithm == 4 else { throw ValidationError("--key: not a witness key (riwayat key create --witness)") }
        guard let base = URL(string: log) else { throw ValidationError("--log is not a URL") }
        while true {
            do {
                try await check(base: base, verifier: verifier, signer: signer)
            } catch let alarm as WitnessAlarm {
                print("ALARM: \(alarm.detail)")
                if once { throw ExitCode(3) }
            } catch let error as CommandFailure {
                print("witness: \(error.description)")
                if once { throw ExitCode(1) }
            }
            if once { return }
            try await Task.sleep(for: .seconds(max(1, interval)))
        }
    }

    /// One round: fetch, check against the kept checkpoint, cosign, send, keep.
    func check(base: URL, verifier: NoteVerifier, signer: NoteSigner) async throws {
        let note = try await request(base, "/v1/log/checkpoint")
        let new: LogCheckpoint
        do {
            new = try LogCheckpoint.verified(note, by: verifier)
        } catch let error as NoteKeyError {
            throw WitnessAlarm(detail: "the register's checkpoint does not verify: \(error.detail)")
        }
        if FileManager.default.fileExists(atPath: state) {
            // A state that does not verify is refused: treating it as a first run would cosign anything.
            let old: LogCheckpoint
            do {
                old = try LogCheckpoint.verified(try String(contentsOfFile: state, encoding: .utf8), by: verifier)
            } catch {
                throw CommandFailure(
                    description: "the state file \(state) is not a checkpoint of this register signed by its key: \(error)")
            }
            if new.size < old.size {
                throw WitnessAlarm(detail: "ROLLBACK: the register shows \(new.size) events, it had \(old.size) when last cosigned")
            }
            if new.size == old.size {
                guard new.root == old.root else { throw WitnessAlarm(detail: "FORK: two roots for the tree of \(new.size) events") }
                print("nothing new: \(new.size) events")
                return
            }
            let answer = try await request(base, "/v1/log/proof/consistency?from=\(old.size)&to=\(new.size)")
            let proof = try JSONDecoder().decode(ConsistencyFile.self, from: Data(answer.utf8))
            guard MerkleProof.verifyConsistency(from: old.size, to: new.size, fromRoot: old.root, toRoot: new.root, proof: proof.hashes)
            else {
                throw WitnessAlarm(
                    detail: "FORK: the tree of \(new.size) events does not extend the one of \(old.size) this witness cosigned: "
                        + "history was rewritten")
            }
        }
        let cosigned = note + (try signer.cosign(new.text, time: UInt64(Date().timeIntervalSince1970)))
        _ = try await request(base, "/v1/log/checkpoint/cosignature", body: cosigned)
        do {
            try note.write(toFile: state, atomically: true, encoding: .utf8)
        } catch {
            throw CommandFailure(description: "cannot keep the state in \(state): \(error.localizedDescription)")
        }
        print("cosigned: \(new.size) events, root \(Data(new.root).base64EncodedString())")
    }

    /// GET (or POST `body`) with the token; the body of a 2xx answer, else a failure naming it.
    func request(_ base: URL, _ path: String, body: String? = nil) async throws -> String {
        guard let url = URL(string: base.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + path) else {
            throw CommandFailure(description: "cannot form the URL for \(path)")
        }
        var request = URLRequest(url: url)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpMethod = "POST"
            request.setValue("text/plain; charset=utf-8", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
        }
        let data: Data, response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw CommandFailure(description: "the register cannot be reached at \(url): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw CommandFailure(description: "\(path) answered \(status): \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A fork or rollback: the witness refuses to cosign.
struct WitnessAlarm: Error {
    var detail: String
}
