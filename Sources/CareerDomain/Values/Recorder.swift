import Foundation

/// Who writes records: the person (a NIP) or system account (`system:NAME`) that a token or a
/// command belongs to, the token, how the records come in, and where the writer may write.
/// The write gate stamps every record with it; nothing a client sends can take its place.
public struct Recorder: Sendable, Hashable {
    /// A NIP, or `system:NAME` for a named system account.
    public var person: String
    /// The API token, when the records came through one.
    public var tokenID: UUID?
    /// The way in: `api`, `cli`, `import`, `sample`, `generator`.
    public var source: String
    /// Where the writer may write; `nil`: anywhere.
    public var scope: WriteScope?
    /// Whether the records are a declared migration batch (history moved in from another system).
    public var migrated: Bool

    public init(person: String, tokenID: UUID? = nil, source: String, scope: WriteScope? = nil, migrated: Bool = false) {
        self.person = person
        self.tokenID = tokenID
        self.source = source
        self.scope = scope
        self.migrated = migrated
    }

    /// A system account named `name` (`system:name`).
    public static func system(_ name: String, source: String, migrated: Bool = false) -> Recorder {
        Recorder(person: "system:" + name, source: source, migrated: migrated)
    }

    /// Checks that `text` names a person: a valid NIP, or `system:` and 1 to 64 of `a-z 0-9 . _ -`.
    public static func validatePerson(_ text: String) throws {
        if text.hasPrefix("system:") {
            let name = text.dropFirst("system:".count)
            let allowed = name.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            }
            guard (1...64).contains(name.utf8.count), allowed else {
                throw DomainError(field: "person", rule: "a system account is system:NAME with 1 to 64 of a-z, 0-9, '.', '_', '-'")
            }
            return
        }
        do {
            _ = try NIP(text)
        } catch let error as DomainError {
            throw DomainError(field: "person", rule: "must be a NIP or system:NAME (\(error.rule))")
        }
    }
}
