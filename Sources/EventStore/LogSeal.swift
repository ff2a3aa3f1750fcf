import Foundation
import PostgresClient

/// A filed-away statement of the log's head: "at this time, position P had hash H".
/// `riwayat verify --seal` proves the log still extends it.
public struct LogSeal: Sendable, Hashable, CustomStringConvertible {
    /// The store instance the seal belongs to.
    public var instance: UUID
    public var position: Int64
    public var hash: [UInt8]
    public var recordedAt: PostgresTimestamp?

    public init(instance: UUID, position: Int64, hash: [UInt8], recordedAt: PostgresTimestamp?) {
        self.instance = instance
        self.position = position
        self.hash = hash
        self.recordedAt = recordedAt
    }

    /// `riwayat-seal:v1:<instance>:<position>:<sha256 hex>:<recorded at, µs since 1970>`.
    public var description: String {
        let time = recordedAt.map { String($0.microsecondsSinceUnixEpoch) } ?? "-"
        return "riwayat-seal:v1:\(instance.uuidString.lowercased()):\(position):\(PostgresBytes.hex(hash)):\(time)"
    }

    /// Parses the text form; `nil` when it is not a seal.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "riwayat-seal", parts[1] == "v1",
            let instance = UUID(uuidString: String(parts[2])), let position = Int64(parts[3]), position >= 0,
            let hash = PostgresBytes.parseHex(String(parts[4])), hash.count == 32
        else { return nil }
        self.instance = instance
        self.position = position
        self.hash = hash
        if parts[5] == "-" {
            recordedAt = nil
        } else if let micros = Int64(parts[5]) {
            recordedAt = PostgresTimestamp(microsecondsSinceUnixEpoch: micros)
        } else {
            return nil
        }
    }
}

extension EventStore {
    /// The seal of the current head.
    public func seal() async throws -> LogSeal {
        try await pool.withConnection { connection in
            let head = try Self.head(on: connection)
            let instance = try Self.instance(on: connection)
            return LogSeal(instance: instance, position: head.position, hash: head.hash, recordedAt: head.recordedAt)
        }
    }

    static func instance(on connection: PostgresConnection) throws -> UUID {
        guard let id = try connection.query("SELECT instance_id FROM riwayat_instance").firstRow?.decode(UUID.self, at: 0) else {
            throw PostgresError(code: .protocolViolation, message: "riwayat_instance has no row; run riwayat migrate")
        }
        return id
    }
}
