import EventStore
import Foundation
import Testing

@Suite("Signed notes and checkpoints (C2SP)")
struct SignedNoteTests {
    /// A key from a fixed seed (bytes 0 … 31) and a checkpoint of the three reference leaves,
    /// written and signed independently with Python's `cryptography` package: Ed25519 signatures
    /// are deterministic, so ours must match byte for byte.
    static let signerText = "PRIVATE+KEY+riwayat.test/log+9641c470+AQABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f"
    static let verifierText = "riwayat.test/log+9641c470+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"
    static let text = "riwayat.test/log\n3\nrra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc=\n"
    static let signed =
        text
        + "\n\u{2014} riwayat.test/log lkHEcMfM51q5mDSQiGKvuF77kyuAnSbmy1vvoAO15s804MivNi/YAkiZhXdnCcwE7dAv8OxiYftMXGi/4/fOc91qIAc=\n"

    @Test("known answer: the reference key signs the reference note byte for byte, and verifies it")
    func referenceNote() throws {
        let signer = try NoteSigner(text: Self.signerText)
        #expect(signer.text == Self.signerText)
        #expect(signer.verifier.text == Self.verifierText)
        #expect(try signer.sign(Self.text) == Self.signed)
        let verifier = try NoteVerifier(text: Self.verifierText)
        #expect(try verifier.verify(Self.signed) == Self.text)
        let checkpoint = try LogCheckpoint.verified(Self.signed, by: verifier)
        #expect(checkpoint.size == 3 && hex(checkpoint.root) == MerkleTreeTests.vectorRoots[2])
    }

    @Test("altered notes, other keys and malformed keys are refused, saying why")
    func refusals() throws {
        let verifier = try NoteVerifier(text: Self.verifierText)
        let altered = Self.signed.replacingOccurrences(of: "\n3\n", with: "\n4\n")
        #expect(throws: NoteKeyError.self) { try verifier.verify(altered) }
        let impostor = try NoteSigner.generate(name: "riwayat.test/log")
        let forged = try impostor.sign(Self.text)
        do {
            _ = try verifier.verify(forged)
            Issue.record("a note signed by another key verified")
        } catch let error as NoteKeyError {
            #expect(error.detail.contains("another key named riwayat.test/log"))
        }
        #expect(throws: NoteKeyError.self) { try verifier.verify(Self.text) }
        #expect(throws: NoteKeyError.self) {
            try NoteVerifier(text: "riwayat.test/log+9641c471+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4")
        }
        #expect(throws: NoteKeyError.self) { try NoteVerifier(text: "Peter Neumann+c74f20a3+AR") }
        #expect(throws: (any Error).self) { try NoteSigner(text: "PRIVATE+KEY+x+00000000+AQ==") }
    }

    @Test("checkpoints: text as the tlog-checkpoint format, signed and verified with their origin")
    func checkpoint() throws {
        let signer = try NoteSigner.generate(name: "riwayat.example/register")
        let root = Array(repeating: UInt8(7), count: 32)
        let checkpoint = LogCheckpoint(origin: signer.name, size: 1234, root: root)
        #expect(checkpoint.text == "riwayat.example/register\n1234\n" + Data(root).base64EncodedString() + "\n")
        let note = try signer.sign(checkpoint.text)
        #expect(try LogCheckpoint.verified(note, by: signer.verifier) == checkpoint)
        let other = try NoteSigner.generate(name: "riwayat.example/other")
        let foreign = try other.sign(LogCheckpoint(origin: "riwayat.example/register", size: 1, root: root).text)
        #expect(throws: NoteKeyError.self) { try LogCheckpoint.verified(foreign, by: signer.verifier) }
        #expect(throws: NoteKeyError.self) { try LogCheckpoint(text: "origin\n12x\nAAAA\n") }
        #expect(throws: NoteKeyError.self) { try LogCheckpoint(text: "origin\n-1\n" + Data(root).base64EncodedString() + "\n") }
    }
}
