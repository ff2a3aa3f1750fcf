import Foundation

/// One employee's events with an inclusion proof for each against one signed checkpoint, in one
/// JSON file an inspector can archive and check offline with the register's verifier key:
/// `{"format": "riwayat-dossier/v1", "stream", "checkpoint": signed note, "events": [{"position",
/// "canonical": base64 canonical bytes, "proof": [base64 hashes]}]}`.
public struct CareerDossier: Codable, Sendable, Hashable {
    public static let formatName = "riwayat-dossier/v1"

    public struct Entry: Codable, Sendable, Hashable {
        public var position: Int64
        /// The event's canonical bytes, base64.
        public var canonical: String
        /// The audit path of leaf `position - 1`, base64 hashes nearest the leaf first.
        public var proof: [String]
    }

    public var format: String
    public var stream: String
    public var checkpoint: String
    public var events: [Entry]

    /// The dossier of `stream` against the latest signed checkpoint, which must hold every one of
    /// its events (else nil: the newest event awaits the next checkpoint, a few seconds away).
    public static func build(stream: String, store: EventStore, tree: LogTree, checkpoints: LogCheckpoints) async throws -> CareerDossier? {
        guard let latest = try await checkpoints.latest() else { return nil }
        let events = try await store.readStream(stream, limit: 1_000_000)
        guard events.allSatisfy({ $0.position <= latest.size }) else { return nil }
        let proofs = try await tree.inclusion(indexes: events.map { $0.position - 1 }, size: latest.size)
        let entries = zip(events, proofs).map { event, found in
            Entry(
                position: event.position, canonical: Data(EventHash.canonicalBytes(event)).base64EncodedString(),
                proof: (found?.proof ?? []).map { Data($0).base64EncodedString() })
        }
        let dossier = CareerDossier(format: formatName, stream: stream, checkpoint: latest.note, events: entries)
        // Never hand out a dossier that does not check: the events no longer give the signed root.
        let text = (latest.note.components(separatedBy: "\n\n").first ?? "") + "\n"
        _ = try dossier.checkEvents(against: try LogCheckpoint(text: text))
        return dossier
    }

    /// What an offline check found: the checkpoint, and each event read from its proven leaf.
    public struct Verified: Sendable {
        public var checkpoint: LogCheckpoint
        public var events: [CanonicalEvent]
    }

    /// Checks the checkpoint's signature with `verifier`, then each event: its canonical bytes
    /// hash to a leaf that the proof places at its position in the signed tree, and it belongs to
    /// the dossier's stream. The first failure is thrown, naming the event and what failed.
    public func verify(with verifier: NoteVerifier) throws -> Verified {
        guard format == Self.formatName else { throw NoteKeyError(detail: "not a \(Self.formatName) file (format \(format))") }
        let checkpoint = try LogCheckpoint.verified(checkpoint, by: verifier)
        return Verified(checkpoint: checkpoint, events: try checkEvents(against: checkpoint))
    }

    /// Each event against `checkpoint`'s root, and the stream whole: versions 1, 2, 3 … in log
    /// order, none missing, repeated or moved (the last ones can only be vouched for by the date
    /// of the checkpoint).
    public func checkEvents(against checkpoint: LogCheckpoint) throws -> [CanonicalEvent] {
        guard !events.isEmpty else { throw NoteKeyError(detail: "the dossier holds no events") }
        var read = [CanonicalEvent]()
        for (number, entry) in events.enumerated() {
            let which = "event \(number + 1) (position \(entry.position))"
            guard let bytes = Data(base64Encoded: entry.canonical) else { throw NoteKeyError(detail: "\(which): canonical is not base64") }
            let event = try CanonicalEvent(bytes: Array(bytes))
            guard event.position == entry.position else {
                throw NoteKeyError(detail: "\(which): its bytes say position \(event.position)")
            }
            guard event.stream == stream else { throw NoteKeyError(detail: "\(which): it belongs to \(event.stream), not \(stream)") }
            let proof = try entry.proof.map { text -> [UInt8] in
                guard let hash = Data(base64Encoded: text), hash.count == 32 else {
                    throw NoteKeyError(detail: "\(which): a proof hash is not 32 bytes of base64")
                }
                return Array(hash)
            }
            guard
                MerkleProof.verifyInclusion(
                    leafHash: MerkleTree.leafHash(bytes), index: entry.position - 1, size: checkpoint.size, proof: proof,
                    root: checkpoint.root)
            else {
                throw NoteKeyError(
                    detail: "\(which): not included in the signed tree of \(checkpoint.size) events (altered, or the proof is wrong)")
            }
            guard event.version == Int32(read.count + 1), read.last.map({ $0.position < event.position }) ?? true else {
                throw NoteKeyError(
                    detail: "\(which): it is version \(event.version) of the stream where version \(read.count + 1) belongs: "
                        + "an event is missing, repeated or out of order")
            }
            read.append(event)
        }
        return read
    }
}
