import Crypto
import Foundation
import NIOConcurrencyHelpers
import PostgresClient

/// What a token may do.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// Employee state, career trail, findings.
    case inspector
    /// Reports and aggregates.
    case analyst
    /// Appending events.
    case writer
    /// Tokens and the access log.
    case admin
}

/// An authenticated caller.
public struct Principal: Sendable, Hashable {
    public var name: String
    public var roles: Set<Role>
}

/// API tokens: created once and shown once, stored only as SHA-256.
public struct TokenStore: Sendable {
    public let pool: PostgresConnectionPool
    let accessLog: AccessLogWriter
    /// Recently authenticated tokens (by hash), so a request costs no extra query; a revoked
    /// token stops working within `cacheSeconds`.
    let cache = NIOLockedValueBox([Data: (Principal, ContinuousClock.Instant)]())
    static let cacheSeconds = 30

    /// `waitForFlush`: whether each personal read waits until its access-log entry is flushed
    /// to disk (see `AccessLogWriter`), rather than only committed.
    public init(pool: PostgresConnectionPool, waitForFlush: Bool = false) {
        self.pool = pool
        self.accessLog = AccessLogWriter(conninfo: pool.configuration.conninfo, waitForFlush: waitForFlush)
    }

    static func hash(_ token: String) -> Data {
        Data(SHA256.hash(data: Data(token.utf8)))
    }

    /// Creates a token and returns its secret (`rwy_…`), which is not stored.
    public func create(name: String, roles: Set<Role>) async throws -> String {
        var bytes = [UInt8](repeating: 0, count: 24)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        let token = "rwy_" + PostgresBytes.hex(bytes)
        let roleList = roles.map(\.rawValue).sorted()
        try await pool.query("INSERT INTO api_tokens (name, roles, token_hash) VALUES (\(name), \(roleList)::text[], \(Self.hash(token)))")
        return token
    }

    /// The principal of a bearer token, or `nil` when unknown or revoked.
    public func authenticate(_ token: String) async throws -> Principal? {
        guard token.hasPrefix("rwy_"), token.utf8.count < 200 else { return nil }
        let hash = Self.hash(token)
        let now = ContinuousClock.now
        if let (principal, checked) = cache.withLockedValue({ $0[hash] }), now - checked < .seconds(Self.cacheSeconds) {
            return principal
        }
        guard let row = try await pool.query(
            PostgresQuery("SELECT name, roles::text FROM api_tokens WHERE token_hash = \(hash) AND revoked_at IS NULL").prepared(as: "riwayat_token")
        ).firstRow else { return nil }
        let name = try row.decode(String.self, at: 0)
        let roles = try row.decode(String.self, at: 1).trimmingCharacters(in: CharacterSet(charactersIn: "{}"))
            .split(separator: ",").compactMap { Role(rawValue: String($0)) }
        let principal = Principal(name: name, roles: Set(roles))
        cache.withLockedValue { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[hash] = (principal, now)
        }
        return principal
    }

    /// Whether any token exists (the daemon creates a demo token on an empty store).
    public func isEmpty() async throws -> Bool {
        try await pool.query("SELECT count(*) FROM api_tokens").firstRow?.decode(Int.self, at: 0) == 0
    }

    /// Records a read of a person's record.
    public func logAccess(principal: Principal, nip: String, action: String, remote: String?, requestID: String?) async throws {
        try await accessLog.record(.init(token: principal.name, nip: nip, action: action, remote: remote, requestID: requestID))
    }
}
