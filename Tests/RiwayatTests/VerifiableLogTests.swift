import CareerDomain
import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresClient
import TestSupport
import Testing

@testable import QueryDaemon

@Suite("Verifiable log")
struct VerifiableLogTests {
    /// What a database superuser who wants to rewrite history does: edits the events as `edit`
    /// says, renumbers them, recomputes the whole hash chain (so the chain check passes), fixes
    /// the head row, and throws away the Merkle tree and the checkpoints.
    static func rewrite(_ fixture: DaemonFixture, keepTree: Bool = false, _ edit: (inout [RecordedEvent]) -> Void) async throws {
        var events = try await fixture.services.store.readAll(after: 0, limit: 100_000)
        edit(&events)
        var previous = EventHash.genesis
        for index in events.indices {
            events[index].position = Int64(index + 1)
            events[index].previousHash = previous
            events[index].hash = EventHash.compute(events[index])
            previous = events[index].hash
        }
        let connection = try fixture.database.connect()
        defer { connection.close() }
        let tree = keepTree ? "" : "; DELETE FROM merkle_nodes; DELETE FROM log_checkpoints"
        try connection.runScript("BEGIN; SET LOCAL session_replication_role = replica; DELETE FROM events\(tree)")
        for event in events {
            try connection.query(
                """
                INSERT INTO events (position, stream, version, event_id, event_type, schema_version, effective_date, recorded_at, payload,
                    metadata, prev_hash, hash)
                VALUES (\(event.position), \(event.stream), \(event.version), \(event.id), \(event.type), \(event.schemaVersion),
                    \(event.effectiveDate), \(event.recordedAt), \(event.payload), \(event.metadata), \(Data(event.previousHash)),
                    \(Data(event.hash)))
                """)
        }
        try connection.query("UPDATE event_log_head SET position = \(Int64(events.count)), hash = \(Data(previous))")
        try connection.runScript("COMMIT")
    }

    @Test(
        "each superuser rewrite passes the chain check but fails consistency with the checkpoint a client kept",
        arguments: ["changed payload", "deleted event", "truncated tail", "forged event inserted"])
    func rewritesAreCaught(kind: String) async throws {
        let fixture = try await DaemonFixture.make()
        let signer = try DaemonFixture.signer.get()
        // A client (an inspector, a witness) keeps the signed checkpoint of today's log.
        let kept = try #require(try await fixture.services.checkpoints.latest())
        let old = try LogCheckpoint.verified(kept.note, by: signer.verifier)
        #expect(old.size == fixture.treeSize && old.size > 6)
        try await Self.rewrite(fixture) { events in
            switch kind {
            case "changed payload": events[2].payload = PostgresJSON(text: #"{"name":"Satyalancana Forged"}"#)
            case "deleted event":
                // Padded at the end so the log keeps its size.
                events.remove(at: 3)
                var padding = events[events.count - 1]
                padding.id = UUID()
                padding.version = 99
                events.append(padding)
            case "truncated tail": events.removeLast(2)
            default:
                var forged = events[1]
                forged.id = UUID()
                forged.version = 98
                forged.payload = PostgresJSON(text: #"{"name":"forged"}"#)
                events.insert(forged, at: 2)
            }
        }
        #expect(try await fixture.services.store.verify().firstBreak == nil, "the recomputed chain alone looks intact")
        // `verify --checkpoint` (the same check) against the kept checkpoint names the rewrite.
        let checked = try await fixture.services.tree.checkWhole(against: old)
        #expect(checked.problem.map { ["rewritten", "rolled back"].contains($0.kind) } == true, "\(String(describing: checked.problem))")
        // The daemon rebuilds the tree from the rewritten events; remembering what it signed, it refuses to sign again.
        try await fixture.services.tree.extend()
        await #expect(throws: LogTreeError.self) {
            _ = try await fixture.services.checkpoints.publish(tree: fixture.services.tree, signer: signer, extending: old)
        }
        // A daemon that forgot (restarted after the checkpoints were deleted) would sign; a kept checkpoint still catches it.
        _ = try await fixture.services.checkpoints.publish(tree: fixture.services.tree, signer: signer)
        let newNote = try #require(try await fixture.services.checkpoints.latest()).note
        let new = try LogCheckpoint.verified(newNote, by: signer.verifier)
        if new.size < old.size {
            #expect(kind == "truncated tail", "a smaller log than the one kept is a rollback, refused outright")
            return
        }
        let proof = try await fixture.services.tree.consistencyProof(from: old.size, to: new.size)
        #expect(!MerkleProof.verifyConsistency(from: old.size, to: new.size, fromRoot: old.root, toRoot: new.root, proof: proof))
    }

    @Test("the daemon's self-check finds a rewrite below its checkpoint: not ready, every answer marked")
    func selfCheck() async throws {
        let fixture = try await DaemonFixture.make()
        let signer = try DaemonFixture.signer.get()
        let service = LogTreeService(
            tree: fixture.services.tree, checkpoints: fixture.services.checkpoints, signer: signer, integrity: fixture.services.integrity,
            logger: Logger(label: "test"))
        try await service.selfCheck()
        #expect(fixture.services.integrity.broken == nil)
        try await Self.rewrite(fixture, keepTree: true) { events in
            events[4].payload = PostgresJSON(text: #"{"name":"Satyalancana Forged"}"#)
        }
        #expect(try await fixture.services.store.verify().firstBreak == nil, "the chain was recomputed")
        try await service.selfCheck()
        let broken = try #require(fixture.services.integrity.broken)
        #expect(broken.kind == "rewritten" && broken.position == fixture.treeSize, "\(broken)")
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("log integrity broken"))
                #expect(response.headers[IntegrityMiddleware.header] == "broken")
            }
            try await client.execute(uri: "/v1/employees/\(DaemonFixture.nip)", method: .get, headers: fixture.headers("inspector")) {
                #expect($0.status == .ok && $0.headers[IntegrityMiddleware.header] == "broken", "reads go on, marked")
            }
            try await client.execute(uri: "/v1/employees/199001012020011001", method: .get, headers: fixture.headers("inspector")) {
                #expect($0.status == .notFound && $0.headers[IntegrityMiddleware.header] == "broken", "refusals marked too")
            }
        }
    }

    @Test("the dossier from the API verifies offline with the verifier key; an altered one or another key does not")
    func dossier() async throws {
        let fixture = try await DaemonFixture.make()
        let signer = try DaemonFixture.signer.get()
        let stored = try await fixture.services.store.readStream(DaemonFixture.nip)
        let body = try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/v1/employees/\(DaemonFixture.nip)/dossier", method: .get, headers: fixture.headers("inspector"))
            {
                #expect($0.status == .ok)
                #expect($0.headers[.contentDisposition]?.contains("dossier-\(DaemonFixture.nip).json") == true)
                return $0.body
            }
        }
        let dossier = try JSONDecoder().decode(CareerDossier.self, from: Data(buffer: body))
        let verified = try dossier.verify(with: signer.verifier)
        #expect(verified.events.map(\.id) == stored.map(\.id))
        #expect(verified.events.map(\.payload) == stored.map(\.payload.text))
        #expect(verified.checkpoint.size == fixture.treeSize)

        var altered = dossier
        var bytes = Array(Data(base64Encoded: altered.events[1].canonical) ?? Data())
        bytes[bytes.count - 2] ^= 1
        altered.events[1].canonical = Data(bytes).base64EncodedString()
        #expect {
            try altered.verify(with: signer.verifier)
        } throws: { error in
            (error as? NoteKeyError)?.detail.contains("event 2 (position \(dossier.events[1].position)): not included") == true
        }
        let other = try NoteSigner.generate(name: signer.name)
        #expect(throws: NoteKeyError.self) { try dossier.verify(with: other.verifier) }
        // An event left out, repeated or moved is found: versions run 1, 2, 3 … in log order.
        for cut in [{ (d: inout CareerDossier) in d.events.remove(at: 1) }, { $0.events.append($0.events[0]) }, { $0.events.swapAt(0, 1) }]
        {
            var changed = dossier
            cut(&changed)
            #expect {
                try changed.verify(with: signer.verifier)
            } throws: { error in
                (error as? NoteKeyError)?.detail.contains("missing, repeated or out of order") == true
            }
        }
        var empty = dossier
        empty.events = []
        #expect(throws: NoteKeyError.self) { try empty.verify(with: signer.verifier) }

        // The read is on record.
        let actions = try await fixture.services.pool.query("SELECT action, nip FROM access_log ORDER BY id").map {
            try $0.decode((String, String?).self)
        }
        #expect(actions.contains { $0.0 == "dossier" && $0.1 == DaemonFixture.nip })
    }
}

@Suite("Verifiable log commands")
struct VerifiableLogCommandTests {
    @Test("key create, dossier and proof verify: offline checks that say what failed")
    func commands() async throws {
        let fixture = try await DaemonFixture.make()
        let signer = try DaemonFixture.signer.get()
        let binary = try RiwayatBinary.path()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("riwayat-proofs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let url = fixture.database.appConninfo

        let made = try RiwayatBinary.run(binary, ["key", "create", "--name", "riwayat.test/cli", "-o", folder + "/key"], databaseURL: url)
        #expect(made.status == 0 && made.output.hasPrefix("riwayat.test/cli+"), "\(made.output)")
        let verifierText = made.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let keyText = try String(contentsOfFile: folder + "/key", encoding: .utf8)
        #expect(try NoteSigner(text: keyText).verifier.text == verifierText)
        let mode = try FileManager.default.attributesOfItem(atPath: folder + "/key")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try RiwayatBinary.run(binary, ["key", "create", "--name", "x", "-o", folder + "/key"], databaseURL: url)
        #expect(again.status != 0 && again.output.contains("never overwritten"))

        let written = try RiwayatBinary.run(
            binary, ["dossier", DaemonFixture.nip, "-o", folder + "/dossier.json"], databaseURL: url,
            accessLogURL: fixture.database.accessLogConninfo)
        #expect(written.status == 0, "\(written.output)")
        // Offline: the database is not consulted (a URL that goes nowhere).
        let checked = try RiwayatBinary.run(
            binary, ["proof", "verify", folder + "/dossier.json", "--key", signer.verifier.text], databaseURL: "postgresql:///nowhere")
        #expect(checked.status == 0 && checked.output.contains("OK: "), "\(checked.output)")

        var dossier = try JSONDecoder().decode(CareerDossier.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/dossier.json")))
        dossier.stream = "197001011995031002"
        try JSONEncoder().encode(dossier).write(to: URL(fileURLWithPath: folder + "/other.json"))
        let wrongStream = try RiwayatBinary.run(
            binary, ["proof", "verify", folder + "/other.json", "--key", signer.verifier.text], databaseURL: "postgresql:///nowhere")
        #expect(wrongStream.status != 0 && wrongStream.output.contains("FAILED: event 1"), "\(wrongStream.output)")
        let wrongKey = try RiwayatBinary.run(
            binary, ["proof", "verify", folder + "/dossier.json", "--key", verifierText], databaseURL: "postgresql:///nowhere")
        #expect(wrongKey.status != 0 && wrongKey.output.contains("FAILED: the note carries no signature of riwayat.test/cli"))

        // `verify` against a published checkpoint: intact, then after a superuser rewrite with the chain recomputed.
        let note = try #require(try await fixture.services.checkpoints.latest()).note
        try note.write(toFile: folder + "/checkpoint.txt", atomically: true, encoding: .utf8)
        let verifyArguments = ["verify", "--checkpoint", folder + "/checkpoint.txt", "--key", signer.verifier.text]
        let intact = try RiwayatBinary.run(binary, verifyArguments, databaseURL: url)
        #expect(intact.status == 0 && intact.output.contains("OK: the events give the root of the signed checkpoint"), "\(intact.output)")

        // The independent verifier (Python, written from the format's description) agrees.
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/verify-dossier").path
        func python(_ file: String, _ key: String) throws -> (status: Int32, output: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script, file, key]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, output)
        }
        let independent = try python(folder + "/dossier.json", signer.verifier.text)
        #expect(
            independent.status == 0 && independent.output.hasPrefix("OK: \(dossier.events.count) events of \(DaemonFixture.nip)"),
            "\(independent.output)")
        let independentRefusal = try python(folder + "/other.json", signer.verifier.text)
        #expect(independentRefusal.status == 1 && independentRefusal.output.contains("FAILED: event 1"), "\(independentRefusal.output)")
        let independentWrongKey = try python(folder + "/dossier.json", verifierText)
        #expect(independentWrongKey.status == 1 && independentWrongKey.output.contains("no signature"), "\(independentWrongKey.output)")

        try await VerifiableLogTests.rewrite(fixture, keepTree: true) { events in
            events[4].payload = PostgresJSON(text: #"{"name":"Satyalancana Forged"}"#)
        }
        let rewritten = try RiwayatBinary.run(binary, verifyArguments, databaseURL: url)
        #expect(
            rewritten.status != 0 && rewritten.output.contains("BROKEN: rewritten at position \(fixture.treeSize)"), "\(rewritten.output)")
    }
}

@Suite("Witness")
struct WitnessTests {
    @Test("cosign and verify: the cosignature binds the witness, the checkpoint and the time")
    func cosignatures() throws {
        let witness = try NoteSigner.generate(name: "witness.test/w", witness: true)
        let log = try NoteSigner.generate(name: "riwayat.test/log")
        let text = LogCheckpoint(origin: log.name, size: 5, root: Array(repeating: 1, count: 32)).text
        let note = try log.sign(text) + (try witness.cosign(text, time: 1_800_000_000))
        #expect(try witness.verifier.verifyCosignature(on: note) == 1_800_000_000)
        #expect(try LogCheckpoint.verified(note, by: log.verifier).size == 5, "the log's signature still verifies")
        let other = try LogCheckpoint(origin: log.name, size: 6, root: Array(repeating: 1, count: 32)).text
        let moved = try log.sign(other) + (try witness.cosign(text, time: 1_800_000_000))
        #expect(throws: NoteKeyError.self) { try witness.verifier.verifyCosignature(on: moved) }
        #expect(throws: NoteKeyError.self) { try witness.sign(text) }
        #expect(throws: NoteKeyError.self) { try log.cosign(text, time: 1) }
        #expect(try NoteVerifier(text: witness.verifier.text).algorithm == 4)
    }

    @Test("a witness against a live daemon cosigns, then refuses and says so after history is rewritten")
    func witnessAgainstDaemon() async throws {
        let fixture = try await DaemonFixture.make()
        let signer = try DaemonFixture.signer.get(), witness = try DaemonFixture.witness.get()
        let binary = try RiwayatBinary.path()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("riwayat-witness-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try witness.text.write(toFile: folder + "/key", atomically: true, encoding: .utf8)
        try await fixture.app.test(.live) { client in
            let port = try #require(client.port)
            let arguments = [
                "witness", "--log", "http://127.0.0.1:\(port)", "--token", fixture.tokens["inspector"] ?? "", "--log-key",
                signer.verifier.text, "--key", folder + "/key", "--state", folder + "/state", "--once",
            ]
            let first = try await onThread { try RiwayatBinary.run(binary, arguments, databaseURL: "postgresql:///nowhere") }
            #expect(first.status == 0 && first.output.contains("cosigned: \(fixture.treeSize) events"), "\(first.output)")
            let again = try await onThread { try RiwayatBinary.run(binary, arguments, databaseURL: "postgresql:///nowhere") }
            #expect(again.status == 0 && again.output.contains("nothing new"), "\(again.output)")
            // A state that does not verify is refused, not taken for a first run.
            let kept = try String(contentsOfFile: folder + "/state", encoding: .utf8)
            try kept.replacingOccurrences(of: "\n\(fixture.treeSize)\n", with: "\n1\n").write(
                toFile: folder + "/state", atomically: true, encoding: .utf8)
            let garbled = try await onThread { try RiwayatBinary.run(binary, arguments, databaseURL: "postgresql:///nowhere") }
            #expect(
                garbled.status == 1 && garbled.output.contains("is not a checkpoint of this register"),
                "\(garbled.status) \(garbled.output)")
            try kept.write(toFile: folder + "/state", atomically: true, encoding: .utf8)
            let served = try #require(try await fixture.services.checkpoints.latestCosigned())
            #expect(try witness.verifier.verifyCosignature(on: served.note) > 0)

            // A superuser rewrites an event, recomputes the chain, adds one more; the daemon signs the rebuilt tree.
            try await VerifiableLogTests.rewrite(fixture) { events in
                events[2].payload = PostgresJSON(text: #"{"name":"Satyalancana Forged"}"#)
                var extra = events[events.count - 1]
                extra.id = UUID()
                extra.version = 97
                events.append(extra)
            }
            try await fixture.services.tree.extend()
            _ = try await fixture.services.checkpoints.publish(tree: fixture.services.tree, signer: signer)
            let refused = try await onThread { try RiwayatBinary.run(binary, arguments, databaseURL: "postgresql:///nowhere") }
            #expect(refused.status == 3, "\(refused.output)")
            #expect(refused.output.contains("ALARM: FORK: the tree of \(fixture.treeSize + 1) events does not extend"), "\(refused.output)")
        }
    }
}
