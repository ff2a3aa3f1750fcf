import CareerDomain
import Foundation

/// An authenticated caller: the token, the person it belongs to, its roles and where it may write.
public struct Principal: Sendable, Hashable {
    public var tokenID: UUID
    /// The token's name (who holds it, in the operator's words).
    public var name: String
    /// A NIP, or `system:NAME`: recorded as `recordedBy` of every event the token writes.
    public var person: String
    public var roles: Set<Role>
    /// Agencies and units it may write for; `nil`: anywhere.
    public var scope: WriteScope?
    /// When the token stops working, if it expires.
    public var expiresAt: Date?

    public init(tokenID: UUID, name: String, person: String, roles: Set<Role>, scope: WriteScope? = nil, expiresAt: Date? = nil) {
        self.tokenID = tokenID
        self.name = name
        self.person = person
        self.roles = roles
        self.scope = scope
        self.expiresAt = expiresAt
    }

    /// Who the write gate records for events written with this token.
    public var recorder: Recorder {
        Recorder(person: person, tokenID: tokenID, source: "api", scope: scope)
    }
}
