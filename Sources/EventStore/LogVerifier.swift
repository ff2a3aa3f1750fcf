import Foundation
import PostgresClient

/// Recomputes the hash chain over the whole log in one streaming pass (binary COPY, nothing
/// buffered beyond a small window) and names the first break.
struct LogVerifier {
    /// Rows read after a suspect row, to tell moved events from changed ones.
    static let window = 16

    var expectedPosition: Int64 = 1
    var previousHash = EventHash.genesis
    var checked: Int64 = 0
    var suspect: RecordedEvent?
    var following: [RecordedEvent] = []
    var seal: LogSeal?
    var sealBreak: ChainBreak?
    /// The Merkle tree grown from the verified events, when asked for, and its roots at `marks`.
    var tree: MerkleTreeBuilder?
    var marks: Set<Int64> = []
    var roots: [Int64: [UInt8]] = [:]

    /// Feeds one row; returns `false` once enough is known to stop reading.
    mutating func consume(_ fields: PostgresBinaryFields) throws -> Bool {
        if suspect != nil {
            following.append(try Self.materialise(fields))
            return following.count < Self.window
        }
        var fields = fields
        guard let position = fields.int64(), let stream = fields.next(), let version = fields.int32(),
            let id = fields.next(), id.count == 16, let type = fields.next(), let schemaVersion = fields.int32()
        else { throw Self.malformed }
        let effectiveDays = fields.int32().map { $0 + Int32(PostgresBinaryCopy.postgresEpochOffsetDays) } ?? EventHash.noDate
        guard let recordedAt = fields.int64(), let payload = fields.next(), let metadata = fields.next(),
            let storedPrevious = fields.next(), let hash = fields.next()
        else { throw Self.malformed }
        let eventID = UUID(uuid: id.withUnsafeBytes { $0.loadUnaligned(as: uuid_t.self) })
        let recordedAtMicros = recordedAt + PostgresBinaryCopy.postgresEpochOffsetMicros
        // With the tree asked for, the leaf hash comes from the same pass over the bytes.
        var computed: [UInt8], leaf: [UInt8]?
        if tree != nil {
            (computed, leaf) = EventHash.computeWithLeaf(
                previousHash: storedPrevious, position: position, stream: stream, version: version, eventID: eventID, type: type,
                schemaVersion: schemaVersion, effectiveDays: effectiveDays, recordedAtMicros: recordedAtMicros, payload: payload,
                metadata: metadata)
        } else {
            computed = EventHash.compute(
                previousHash: storedPrevious, position: position, stream: stream, version: version, eventID: eventID, type: type,
                schemaVersion: schemaVersion, effectiveDays: effectiveDays, recordedAtMicros: recordedAtMicros, payload: payload,
                metadata: metadata)
        }
        guard position == expectedPosition, computed.elementsEqual(hash), storedPrevious.elementsEqual(previousHash) else {
            suspect = try Self.materialise(fields.rewound())
            return true
        }
        if let seal, seal.position == position, !hash.elementsEqual(seal.hash), sealBreak == nil {
            sealBreak = ChainBreak(
                kind: .changed, position: position, stream: String(decoding: stream, as: UTF8.self),
                detail:
                    "the sealed head hash \(PostgresBytes.hex(seal.hash).prefix(16))… is no longer at this position; the log was "
                    + "rewritten since the seal"
            )
            return false
        }
        previousHash = Array(hash)
        expectedPosition += 1
        checked += 1
        if let leaf {
            tree?.append(leaf: leaf)
            if marks.contains(position), let root = tree?.root { roots[position] = root }
        }
        return true
    }

    static let malformed = PostgresError(code: .copyFailed, message: "an events row has an unexpected shape")

    static func materialise(_ fields: PostgresBinaryFields) throws -> RecordedEvent {
        try RecordedEvent(binaryFields: fields)
    }
}

extension RecordedEvent {
    /// Reads a row of `COPY (SELECT columnList …) TO STDOUT (FORMAT binary)`.
    public init(binaryFields fields: PostgresBinaryFields) throws {
        let malformed = LogVerifier.malformed
        var fields = fields
        func text() throws -> String {
            guard let bytes = fields.next() else { throw malformed }
            return String(decoding: bytes, as: UTF8.self)
        }
        guard let position = fields.int64() else { throw malformed }
        let stream = try text()
        guard let version = fields.int32(), let id = fields.next(), id.count == 16 else { throw malformed }
        let type = try text()
        guard let schemaVersion = fields.int32() else { throw malformed }
        let date = fields.int32().map { PostgresDate(daysSinceUnixEpoch: Int($0) + PostgresBinaryCopy.postgresEpochOffsetDays) }
        guard let recordedAt = fields.int64() else { throw malformed }
        let payload = try text()
        let metadata = try text()
        guard let previous = fields.next(), let hash = fields.next() else { throw malformed }
        self.init(
            position: position, stream: stream, version: Int(version),
            id: UUID(uuid: id.withUnsafeBytes { $0.loadUnaligned(as: uuid_t.self) }), type: type,
            schemaVersion: Int(schemaVersion), effectiveDate: date,
            recordedAt: PostgresTimestamp(microsecondsSinceUnixEpoch: recordedAt + PostgresBinaryCopy.postgresEpochOffsetMicros),
            payload: PostgresJSON(text: payload), metadata: PostgresJSON(text: metadata),
            previousHash: Array(previous), hash: Array(hash))
    }
}

extension LogVerifier {
    /// Names the break the suspect row shows, using the rows after it.
    static func classify(
        suspect: RecordedEvent, expected: Int64, previousHash: [UInt8], following: [RecordedEvent], headPosition: Int64
    ) -> ChainBreak {
        let p = suspect.position
        func breakAt(_ kind: ChainBreak.Kind, _ position: Int64, _ detail: String) -> ChainBreak {
            ChainBreak(kind: kind, position: position, stream: position == p ? suspect.stream : nil, detail: detail)
        }
        if p == expected, p > headPosition {
            return breakAt(.inserted, p, "the event lies beyond the log's head (\(headPosition)): it was not appended through the store")
        }
        if p > expected {
            let range = p - 1 == expected ? "position \(expected) is" : "positions \(expected)–\(p - 1) are"
            return breakAt(.missing, expected, "\(range) absent from the log")
        }
        let selfConsistent = EventHash.compute(suspect) == suspect.hash
        if selfConsistent {
            return breakAt(
                .inserted, p,
                "the event is hashed consistently but does not link to the event before it: it, or the one before it, was not appended "
                    + "through the store"
            )
        }
        let window = Int64(Self.window)
        let recordedAt = (max(1, p - window)...(p + window)).first { $0 != p && EventHash.compute(suspect, position: $0) == suspect.hash }
        let originalMovedLater = following.first { EventHash.compute($0, position: p) == $0.hash }
        if let recordedAt {
            if let originalMovedLater {
                return breakAt(
                    .reordered, p,
                    "the event here was recorded at position \(recordedAt); the one recorded here is now at position "
                        + "\(originalMovedLater.position)"
                )
            }
            if recordedAt > p {
                return breakAt(.missing, p, "the event recorded at position \(p) is gone and later events were moved down to hide the hole")
            }
            return breakAt(
                .inserted, recordedAt,
                "events from position \(recordedAt) on were moved up by \(p - recordedAt): an event was slipped in at \(recordedAt)")
        }
        if originalMovedLater?.position == p + 1 {
            return breakAt(.inserted, p, "an event that was never appended sits in front of the one recorded here")
        }
        return breakAt(.changed, p, "the stored content no longer matches the event's hash")
    }
}

extension EventStore {
    /// Recomputes the whole hash chain; with `seal`, also proves the log still extends it.
    /// With `treeRootsAt`, it also grows the Merkle tree from the verified events and reports its
    /// root at each of those sizes (`VerificationReport.treeRoots`).
    public func verify(seal: LogSeal? = nil, treeRootsAt: Set<Int64>? = nil) async throws -> VerificationReport {
        try await pool.withConnection { connection in
            try Self.verify(on: connection, seal: seal, treeRootsAt: treeRootsAt)
        }
    }

    static func verify(on connection: PostgresConnection, seal: LogSeal?, treeRootsAt: Set<Int64>? = nil) throws -> VerificationReport {
        if let seal, try seal.instance != instance(on: connection) {
            let head = try head(on: connection)
            return VerificationReport(
                checked: 0, head: head,
                firstBreak: ChainBreak(
                    kind: .changed, position: seal.position, stream: nil,
                    detail: "the seal belongs to another Riwayat store (instance \(seal.instance.uuidString.lowercased()))"),
                extendsSeal: false)
        }
        struct Stop: Error {}
        var verifier = LogVerifier()
        verifier.seal = seal
        if let treeRootsAt {
            verifier.tree = MerkleTreeBuilder(keepsNodes: false)
            verifier.marks = treeRootsAt
            if treeRootsAt.contains(0) { verifier.roots[0] = MerkleTree.emptyRoot }
        }
        var reader = PostgresBinaryCopyReader()
        do {
            try connection.copyTo(
                """
                COPY (SELECT \(fragment: PostgresQuery(unsafeSQL: RecordedEvent.columns)) FROM events ORDER BY position)
                TO STDOUT (FORMAT binary)
                """
            ) { chunk in
                try reader.consume(chunk) { fields in
                    if try !verifier.consume(fields) { throw Stop() }
                }
            }
        } catch is Stop {}
        let storedHead = try head(on: connection)
        let verifiedHead = LogHead(position: verifier.expectedPosition - 1, hash: verifier.previousHash, recordedAt: nil)
        var firstBreak = verifier.sealBreak
        if firstBreak == nil, let suspect = verifier.suspect {
            firstBreak = LogVerifier.classify(
                suspect: suspect, expected: verifier.expectedPosition, previousHash: verifier.previousHash,
                following: verifier.following, headPosition: storedHead.position)
        }
        if firstBreak == nil {
            if storedHead.position > verifiedHead.position {
                firstBreak = ChainBreak(
                    kind: .missing, position: verifiedHead.position + 1, stream: nil,
                    detail: "the log's head says \(storedHead.position) but the last event is at \(verifiedHead.position)")
            } else if storedHead.position < verifiedHead.position {
                firstBreak = ChainBreak(
                    kind: .inserted, position: storedHead.position + 1, stream: nil,
                    detail: "events beyond the head (\(storedHead.position)) were not appended through the store")
            } else if storedHead.hash != verifiedHead.hash {
                firstBreak = ChainBreak(
                    kind: .changed, position: storedHead.position, stream: nil, detail: "the head's hash does not match the last event")
            }
        }
        var extendsSeal: Bool?
        if let seal {
            extendsSeal = firstBreak == nil && seal.position <= verifiedHead.position
            if firstBreak == nil, seal.position > verifiedHead.position {
                firstBreak = ChainBreak(
                    kind: .missing, position: verifiedHead.position + 1, stream: nil,
                    detail: "the log ends at \(verifiedHead.position) but the seal names position \(seal.position)")
            }
        }
        return VerificationReport(
            checked: verifier.checked,
            head: LogHead(position: verifiedHead.position, hash: verifiedHead.hash, recordedAt: storedHead.recordedAt),
            firstBreak: firstBreak, extendsSeal: extendsSeal, treeRoots: treeRootsAt == nil ? nil : verifier.roots)
    }
}
