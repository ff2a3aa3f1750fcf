import Crypto
import Foundation
import PostgresClient

/// Ed25519 keys of the C2SP signed-note format: a key has a name (the log's origin) and an id,
/// the first four bytes of SHA-256(name || 0x0A || 0x01 || public key). As text, a verifier key
/// is `NAME+IDHEX+base64(0x01 || public key)` and a signer key
/// `PRIVATE+KEY+NAME+IDHEX+base64(0x01 || seed)`. The signer key lives in a file outside the
/// database; the verifier key is what inspectors and witnesses hold.
public struct NoteSigner: Sendable {
    public let name: String
    let key: Curve25519.Signing.PrivateKey
    /// 0x01: signs notes (a log's checkpoints); 0x04: cosigns checkpoints (a witness, C2SP
    /// tlog-cosignature).
    public let algorithm: UInt8

    /// A new key for `name` (no spaces, no `+`); `witness`: a cosigning key.
    public static func generate(name: String, witness: Bool = false) throws -> NoteSigner {
        try NoteKeyFormat.checkName(name)
        return NoteSigner(name: name, key: Curve25519.Signing.PrivateKey(), algorithm: witness ? 4 : 1)
    }

    init(name: String, key: Curve25519.Signing.PrivateKey, algorithm: UInt8 = 1) {
        self.name = name
        self.key = key
        self.algorithm = algorithm
    }

    /// Reads `PRIVATE+KEY+NAME+IDHEX+base64(0x01 || seed)`.
    public init(text: String) throws {
        // The key's base64 may itself hold `+`: split off the first four fields only.
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(
            separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY" else {
            throw NoteKeyError(detail: "a signer key is PRIVATE+KEY+NAME+ID+KEY")
        }
        let (name, algorithm, raw) = try NoteKeyFormat.decode(name: parts[2], key: parts[4], what: "signer")
        self.init(name: name, key: try Curve25519.Signing.PrivateKey(rawRepresentation: raw), algorithm: algorithm)
        try NoteKeyFormat.checkID(parts[3], verifier.keyID, what: "signer")
    }

    public var text: String {
        "PRIVATE+KEY+\(name)+\(PostgresBytes.hex(verifier.keyID))+" + Data([algorithm] + key.rawRepresentation).base64EncodedString()
    }

    public var verifier: NoteVerifier { NoteVerifier(name: name, publicKey: key.publicKey, algorithm: algorithm) }

    /// The note `text` (ending in a newline) with this key's signature line.
    public func sign(_ text: String) throws -> String {
        guard algorithm == 1 else { throw NoteKeyError(detail: "a witness key cosigns checkpoints; it does not sign notes") }
        guard text.hasSuffix("\n"), !text.contains("\n\n") else { throw NoteKeyError(detail: "a note's text ends in one newline") }
        let signature = try key.signature(for: Data(text.utf8))
        return text + "\n" + NoteKeyFormat.signatureLine(name: name, keyID: verifier.keyID, signature: Array(signature))
    }
}

/// The public half of a ``NoteSigner``: checks notes offline.
public struct NoteVerifier: Sendable, Hashable {
    public let name: String
    let publicKey: Curve25519.Signing.PublicKey
    /// 0x01: a log's key; 0x04: a witness's cosigning key.
    public let algorithm: UInt8

    init(name: String, publicKey: Curve25519.Signing.PublicKey, algorithm: UInt8 = 1) {
        self.name = name
        self.publicKey = publicKey
        self.algorithm = algorithm
    }

    /// Reads `NAME+IDHEX+base64(0x01 || public key)`.
    public init(text: String) throws {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(
            separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw NoteKeyError(detail: "a verifier key is NAME+ID+KEY") }
        let (name, algorithm, raw) = try NoteKeyFormat.decode(name: parts[0], key: parts[2], what: "verifier")
        self.init(name: name, publicKey: try Curve25519.Signing.PublicKey(rawRepresentation: raw), algorithm: algorithm)
        try NoteKeyFormat.checkID(parts[1], keyID, what: "verifier")
    }

    public var text: String {
        "\(name)+\(PostgresBytes.hex(keyID))+" + Data([algorithm] + publicKey.rawRepresentation).base64EncodedString()
    }

    public var keyID: [UInt8] {
        Array(SHA256.hash(data: Array(name.utf8) + [0x0A, algorithm] + Array(publicKey.rawRepresentation)).prefix(4))
    }

    public static func == (lhs: NoteVerifier, rhs: NoteVerifier) -> Bool { lhs.text == rhs.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }

    /// The note's text when it carries a valid signature by this key; otherwise an error saying
    /// what is wrong (no signature by this key, a bad signature, a malformed note).
    public func verify(_ note: String) throws -> String {
        guard algorithm == 1 else { throw NoteKeyError(detail: "\(name) is a witness key: it cosigns, it does not sign notes") }
        guard let split = note.range(of: "\n\n") else { throw NoteKeyError(detail: "the note has no signature block") }
        let text = String(note[..<split.lowerBound]) + "\n"
        let lines = note[split.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw NoteKeyError(detail: "the note has no signature lines") }
        var sawName = false
        for line in lines {
            guard let parsed = NoteKeyFormat.parseSignatureLine(String(line)) else {
                throw NoteKeyError(detail: "a signature line is malformed: \(line.prefix(80))")
            }
            guard parsed.name == name else { continue }
            sawName = true
            guard parsed.keyID == keyID else { continue }
            guard publicKey.isValidSignature(Data(parsed.signature), for: Data(text.utf8)) else {
                throw NoteKeyError(detail: "the signature of \(name) does not match the note (forged or altered)")
            }
            return text
        }
        throw NoteKeyError(
            detail: sawName ? "the note is signed by another key named \(name)" : "the note carries no signature of \(name)")
    }
}

/// A key or note that cannot be used, and why.
public struct NoteKeyError: Error, CustomStringConvertible, Sendable {
    public var detail: String

    public init(detail: String) {
        self.detail = detail
    }

    public var description: String { detail }
}

/// The textual pieces of the signed-note format.
enum NoteKeyFormat {
    /// A key's name and its base64 `algorithm || 32 bytes` (algorithm 0x01 or 0x04), checked.
    static func decode(name: Substring, key: Substring, what: String) throws -> (name: String, algorithm: UInt8, bytes: Data) {
        try checkName(String(name))
        guard let raw = Data(base64Encoded: String(key)), raw.count == 33, let algorithm = raw.first, algorithm == 1 || algorithm == 4
        else { throw NoteKeyError(detail: "the \(what) key is not an Ed25519 key (0x01 or 0x04 and 32 bytes, base64)") }
        return (String(name), algorithm, Data(raw.dropFirst()))
    }

    /// The key id written in the text must be the one its name and key give.
    static func checkID(_ written: Substring, _ id: [UInt8], what: String) throws {
        guard String(written) == PostgresBytes.hex(id) else {
            throw NoteKeyError(detail: "the \(what) key's id does not match its name and key")
        }
    }

    static func checkName(_ name: String) throws {
        guard !name.isEmpty, name.utf8.count <= 200, !name.contains("+"),
            !name.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x21 })
        else { throw NoteKeyError(detail: "a key name is 1 to 200 characters without spaces or +") }
    }

    static func signatureLine(name: String, keyID: [UInt8], signature: [UInt8]) -> String {
        "\u{2014} \(name) " + Data(keyID + signature).base64EncodedString() + "\n"
    }

    static func parseSignatureLine(_ line: String) -> (name: String, keyID: [UInt8], signature: [UInt8])? {
        guard line.hasPrefix("\u{2014} ") else { return nil }
        let parts = line.dropFirst(2).split(separator: " ")
        guard parts.count == 2, let raw = Data(base64Encoded: String(parts[1])), raw.count > 4 else { return nil }
        let bytes = Array(raw)
        return (String(parts[0]), Array(bytes.prefix(4)), Array(bytes.dropFirst(4)))
    }
}
