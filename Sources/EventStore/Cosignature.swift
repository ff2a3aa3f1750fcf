import Foundation

/// Witness cosignatures in the C2SP tlog-cosignature format: a witness that checked a
/// checkpoint extends the last one it saw signs `cosignature/v1\ntime <seconds>\n<checkpoint
/// text>` with an Ed25519 key of algorithm 0x04, and adds the line
/// `— <witness name> base64(key id || 8-byte big-endian time || signature)` to the note.
extension NoteSigner {
    /// The cosignature line of `checkpointText` at `time` (seconds since 1970).
    public func cosign(_ checkpointText: String, time: UInt64) throws -> String {
        guard algorithm == 4 else { throw NoteKeyError(detail: "\(name) is not a witness key (create one with --witness)") }
        let signature = try key.signature(for: Data(Cosignature.message(checkpointText, time: time).utf8))
        var timeBytes = [UInt8]()
        withUnsafeBytes(of: time.bigEndian) { timeBytes += $0 }
        return NoteKeyFormat.signatureLine(name: name, keyID: verifier.keyID, signature: timeBytes + Array(signature))
    }
}

extension NoteVerifier {
    /// The time of this witness's valid cosignature on `note`; an error when it has none, or a
    /// bad one.
    public func verifyCosignature(on note: String) throws -> UInt64 {
        guard algorithm == 4 else { throw NoteKeyError(detail: "\(name) is not a witness key") }
        guard let split = note.range(of: "\n\n") else { throw NoteKeyError(detail: "the note has no signature block") }
        let text = String(note[..<split.lowerBound]) + "\n"
        for line in note[split.upperBound...].split(separator: "\n") {
            guard let parsed = NoteKeyFormat.parseSignatureLine(String(line)), parsed.name == name, parsed.keyID == keyID else { continue }
            guard parsed.signature.count == 72 else { throw NoteKeyError(detail: "the cosignature of \(name) is malformed") }
            let time = parsed.signature.prefix(8).reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
            guard publicKey.isValidSignature(Data(parsed.signature.dropFirst(8)), for: Data(Cosignature.message(text, time: time).utf8))
            else { throw NoteKeyError(detail: "the cosignature of \(name) does not match the checkpoint") }
            return time
        }
        throw NoteKeyError(detail: "the note carries no cosignature of witness \(name)")
    }
}

/// The cosigned message.
enum Cosignature {
    static func message(_ checkpointText: String, time: UInt64) -> String {
        "cosignature/v1\ntime \(time)\n" + checkpointText
    }
}
