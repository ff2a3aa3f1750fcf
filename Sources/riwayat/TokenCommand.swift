import ArgumentParser
import CareerDomain
import Foundation
import QueryDaemon

/// `riwayat token create|list|revoke`: API tokens.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens: each belongs to a person and may be limited and expire.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token; its secret is printed once and only its hash is stored.",
            discussion: """
                Every event written with the token is recorded as written by --person (a NIP, or system:NAME for a \
                system account), with the token's id. --agency and --unit limit where a writer may record (an employee \
                placed in one of them); without them it may record anywhere.
                """)
        @OptionGroup var database: DatabaseOptions
        @Option(help: "A unique name for the token.") var name: String
        @Option(help: "Whom the token belongs to: a NIP, or system:NAME.") var person: String
        @Option(help: "A role: inspector, analyst, writer or admin (repeatable).") var role: [String]
        @Option(help: "An agency (instansi) it may write for (repeatable).") var agency: [String] = []
        @Option(help: "A unit (unor) it may write for (repeatable).") var unit: [String] = []
        @Option(help: "When it stops working: a duration (90d, 12h, 30m) or a date/time (2027-06-30, 2027-06-30T12:00:00Z).")
        var expires: String?

        func run() async throws {
            var roles = Set<Role>()
            for text in role {
                guard let parsed = Role(rawValue: text) else {
                    throw ValidationError("--role: unknown role \(text) (inspector, analyst, writer, admin)")
                }
                roles.insert(parsed)
            }
            guard !roles.isEmpty else { throw ValidationError("--role: give at least one role") }
            do {
                try Recorder.validatePerson(person)
            } catch let error as DomainError {
                throw ValidationError("--person: \(error.rule)")
            }
            let expiresAt = try expires.map(Self.expiry)
            let scope = agency.isEmpty && unit.isEmpty ? nil : WriteScope(agencies: Set(agency), units: Set(unit))
            let grant = TokenStore.Grant(
                name: name, person: person, roles: roles, scope: scope, expiresAt: expiresAt, createdBy: CommandIdentity.person)
            let token = try await database.withDatabase(maxConnections: 1) { pool, _ in
                do {
                    return try await TokenStore(pool: pool).create(grant).secret
                } catch let error as DomainError {
                    throw CommandFailure(description: "--\(error.field): \(error.rule)")
                }
            }
            print(token)
        }

        /// `90d`, `12h`, `30m` from now, or an ISO 8601 date or time.
        static func expiry(_ text: String) throws -> Date {
            let units: [Character: Double] = ["d": 86_400, "h": 3_600, "m": 60]
            if let unit = text.last, let seconds = units[unit], let count = Double(text.dropLast()), count > 0, count <= 36_500 {
                return Date().addingTimeInterval(count * seconds)
            }
            if let day = CivilDate(text) {
                return Date(timeIntervalSince1970: Double(day.dayNumber) * 86_400)
            }
            if let time = ISO8601DateFormatter().date(from: text) { return time }
            throw ValidationError(
                "--expires: \(text) is not a duration (90d, 12h, 30m) or a date YYYY-MM-DD or time such as 2027-06-30T12:00:00Z")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tokens (never their secrets).")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let tokens = try await database.withDatabase(maxConnections: 1) { pool, _ in try await TokenStore(pool: pool).list() }
            let formatter = ISO8601DateFormatter()
            let now = Date()
            let rows = tokens.map { token -> [String] in
                let state = token.revokedAt != nil ? "revoked" : token.isActive(at: now) ? "active" : "expired"
                let scope = (token.agencies.map { "agency:" + $0 } + token.units.map { "unit:" + $0 }).joined(separator: "; ")
                return [
                    token.name, token.person, token.roles.joined(separator: ","), scope.isEmpty ? "-" : scope, state,
                    formatter.string(from: token.createdAt), token.expiresAt.map(formatter.string(from:)) ?? "-",
                    token.id.uuidString.lowercased(),
                ]
            }
            print(TextTable.render(header: ["name", "person", "roles", "writes for", "state", "created", "expires", "id"], rows: rows))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a token (by name or id); a running daemon refuses it within a second.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The token's name or id.") var token: String

        func run() async throws {
            let token = self.token
            let revoked = try await database.withDatabase(maxConnections: 1) { pool, _ in try await TokenStore(pool: pool).revoke(token) }
            guard let revoked else { throw CommandFailure(description: "no token named \(token)") }
            print("revoked \(revoked.name) (\(revoked.person))")
        }
    }
}
