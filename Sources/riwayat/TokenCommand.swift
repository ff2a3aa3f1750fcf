import ArgumentParser
import QueryDaemon

/// `riwayat token create`: an API token, printed once.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token; it is printed once and only its hash is stored.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "A unique name for the token (who holds it).") var name: String
        @Option(help: "A role: inspector, analyst, writer or admin (repeatable).") var role: [String]

        func run() async throws {
            var roles = Set<Role>()
            for text in role {
                guard let parsed = Role(rawValue: text) else {
                    throw ValidationError("--role: unknown role \(text) (inspector, analyst, writer, admin)")
                }
                roles.insert(parsed)
            }
            guard !roles.isEmpty else { throw ValidationError("--role: give at least one role") }
            let (name, chosen) = (self.name, roles)
            let token = try await database.withDatabase(maxConnections: 1) { pool, _ in
                try await TokenStore(pool: pool).create(name: name, roles: chosen)
            }
            print(token)
        }
    }
}
