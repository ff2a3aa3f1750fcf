import CareerDomain
import Crypto
import Foundation
import NIOConcurrencyHelpers
import PostgresClient

/// API tokens: created once and shown once, stored only as SHA-256; each belongs to a person,
/// may be limited to agencies or units (for writes), may expire, and can be revoked.
public struct TokenStore: Sendable {
    public let pool: PostgresConnectionPool
    /// Recently authenticated tokens (by hash), so a burst of requests costs one query: a revoked
    /// or expired token stops working within `cacheLifetime`.
    let cache = NIOLockedValueBox([Data: (Principal, ContinuousClock.Instant)]())
    public static let cacheLifetime = Duration.seconds(1)

    public init(pool: PostgresConnectionPool) {
        self.pool = pool
    }

    /// What a new token is for.
    public struct Grant: Sendable {
        public var name: String
        public var person: String
        public var roles: Set<Role>
        public var scope: WriteScope?
        public var expiresAt: Date?
        /// Who created it (a person or `system:…`), for the record.
        public var createdBy: String?

        public init(
            name: String, person: String, roles: Set<Role>, scope: WriteScope? = nil, expiresAt: Date? = nil, createdBy: String? = nil
        ) {
            self.name = name
            self.person = person
            self.roles = roles
            self.scope = scope
            self.expiresAt = expiresAt
            self.createdBy = createdBy
        }
    }

    /// A token as listed (never its secret).
    public struct Listed: Sendable, Hashable {
        public var id: UUID
        public var name: String
        public var person: String
        public var roles: [String]
        public var agencies: [String]
        public var units: [String]
        public var createdAt: Date
        public var expiresAt: Date?
        public var revokedAt: Date?
        public var createdBy: String?

        /// Whether it works now.
        public func isActive(at now: Date = Date()) -> Bool {
            revokedAt == nil && (expiresAt.map { $0 > now } ?? true)
        }
    }

    static func hash(_ token: String) -> Data {
        Data(SHA256.hash(data: Data(token.utf8)))
    }

    /// Creates a token and returns its id and secret (`rwy_…`, not stored).
    public func create(_ grant: Grant) async throws -> (id: UUID, secret: String) {
        try Recorder.validatePerson(grant.person)
        guard !grant.roles.isEmpty else { throw DomainError(field: "role", rule: "give at least one role") }
        let name = grant.name
        if name.unicodeScalars.count > 100 { throw DomainError(field: "name", rule: "must be at most 100 characters") }
        if let problem = FieldLimits.problem(with: name, key: "name") { throw DomainError(field: "name", rule: problem) }
        for place in (grant.scope?.agencies ?? []).union(grant.scope?.units ?? []) {
            if let problem = FieldLimits.problem(with: place, key: "unit") {
                throw DomainError(field: "scope", rule: "\(place): \(problem)")
            }
        }
        if let expiresAt = grant.expiresAt, expiresAt <= Date() { throw DomainError(field: "expires", rule: "must lie in the future") }
        var bytes = [UInt8](repeating: 0, count: 24)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        let secret = "rwy_" + PostgresBytes.hex(bytes)
        let roles = grant.roles.map(\.rawValue).sorted()
        let agencies = grant.scope.map { $0.agencies.sorted() } ?? [], units = grant.scope.map { $0.units.sorted() } ?? []
        do {
            let row = try await pool.query(
                """
                INSERT INTO api_tokens (name, person, roles, agencies, units, token_hash, expires_at, created_by)
                VALUES (\(name), \(grant.person), \(roles)::text[], \(agencies)::text[], \(units)::text[], \(Self.hash(secret)),
                        \(grant.expiresAt), \(grant.createdBy))
                RETURNING id
                """
            ).firstRow
            guard let id = try row?.decode(UUID.self, at: 0) else { throw DomainError(field: "name", rule: "the token was not stored") }
            return (id, secret)
        } catch let error as PostgresError where error.sqlState == SQLState("23505") {
            throw DomainError(field: "name", rule: "a token named \(name) exists already")
        }
    }

    static let listColumns = """
        id, name, person, roles::text, array_to_string(agencies, E'\\x1f'), array_to_string(units, E'\\x1f'), created_at, expires_at,
        revoked_at, created_by
        """

    static func listed(_ row: PostgresRow) throws -> Listed {
        func list(_ text: String) -> [String] { text.isEmpty ? [] : text.split(separator: "\u{1F}").map(String.init) }
        return Listed(
            id: try row.decode(UUID.self, at: 0), name: try row.decode(String.self, at: 1), person: try row.decode(String.self, at: 2),
            roles: roleNames(try row.decode(String.self, at: 3)), agencies: list(try row.decode(String.self, at: 4)),
            units: list(try row.decode(String.self, at: 5)), createdAt: try row.decode(Date.self, at: 6),
            expiresAt: try row.decode(Date?.self, at: 7), revokedAt: try row.decode(Date?.self, at: 8),
            createdBy: try row.decode(String?.self, at: 9))
    }

    static func roleNames(_ text: String) -> [String] {
        text.trimmingCharacters(in: CharacterSet(charactersIn: "{}")).split(separator: ",").map(String.init)
    }

    /// Every token, newest first.
    public func list() async throws -> [Listed] {
        try await pool.query(
            "SELECT \(fragment: PostgresQuery(unsafeSQL: Self.listColumns)) FROM api_tokens ORDER BY created_at DESC, name"
        )
        .map(Self.listed)
    }

    /// Revokes the token named `nameOrID` (its name, or its id); returns it, or nil when there
    /// is no such token. A running daemon refuses it within `cacheLifetime`.
    public func revoke(_ nameOrID: String) async throws -> Listed? {
        let id = UUID(uuidString: nameOrID)
        return try await pool.query(
            """
            UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now())
            WHERE name = \(nameOrID) OR id = \(id)
            RETURNING \(fragment: PostgresQuery(unsafeSQL: Self.listColumns))
            """
        ).firstRow.map(Self.listed)
    }

    /// The principal of a bearer token, or `nil` when unknown, revoked or expired.
    public func authenticate(_ token: String) async throws -> Principal? {
        guard token.hasPrefix("rwy_"), token.utf8.count < 200 else { return nil }
        let hash = Self.hash(token)
        let now = ContinuousClock.now
        if let (principal, checked) = cache.withLockedValue({ $0[hash] }), now - checked < Self.cacheLifetime {
            return principal.expiresAt.map { $0 > Date() } ?? true ? principal : nil
        }
        guard
            let row = try await pool.query(
                PostgresQuery(
                    """
                    SELECT \(fragment: PostgresQuery(unsafeSQL: Self.listColumns)) FROM api_tokens
                    WHERE token_hash = \(hash) AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
                    """
                ).prepared(as: "riwayat_token")
            ).firstRow
        else {
            cache.withLockedValue { _ = $0.removeValue(forKey: hash) }
            return nil
        }
        let listed = try Self.listed(row)
        let scope =
            listed.agencies.isEmpty && listed.units.isEmpty ? nil : WriteScope(agencies: Set(listed.agencies), units: Set(listed.units))
        let principal = Principal(
            tokenID: listed.id, name: listed.name, person: listed.person, roles: Set(listed.roles.compactMap(Role.init(rawValue:))),
            scope: scope, expiresAt: listed.expiresAt)
        cache.withLockedValue { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[hash] = (principal, now)
        }
        return principal
    }

    /// A token by its secret whatever its state (revoked, expired), or nil when unknown.
    public func lookUp(_ secret: String) async throws -> Listed? {
        guard secret.hasPrefix("rwy_"), secret.utf8.count < 200 else { return nil }
        return try await pool.query(
            "SELECT \(fragment: PostgresQuery(unsafeSQL: Self.listColumns)) FROM api_tokens WHERE token_hash = \(Self.hash(secret))"
        ).firstRow.map(Self.listed)
    }

    /// Whether any token exists.
    public func isEmpty() async throws -> Bool {
        try await pool.query("SELECT count(*) FROM api_tokens").firstRow?.decode(Int.self, at: 0) == 0
    }
}
