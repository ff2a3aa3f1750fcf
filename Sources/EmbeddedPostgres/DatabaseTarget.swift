/// Which database a `riwayat` command uses, decided from flags and environment.
public enum DatabaseTarget: Sendable, Equatable {
    /// A configured server: a URL or conninfo (empty means libpq's own `PG…` variables).
    case server(conninfo: String)
    /// The private embedded cluster in this data directory.
    case embedded(dataDirectory: String)

    /// `--data-dir` wins and means embedded; then `--database-url`, then `DATABASE_URL`, then
    /// libpq's `PGHOST`/`PGDATABASE`/`PGSERVICE`; with none of them, the embedded default.
    public static func resolve(
        databaseURL: String?, dataDirectory: String?, environment: [String: String]
    ) -> DatabaseTarget {
        if let dataDirectory, !dataDirectory.isEmpty { return .embedded(dataDirectory: dataDirectory) }
        if let databaseURL, !databaseURL.isEmpty { return .server(conninfo: databaseURL) }
        if let fromEnvironment = environment["DATABASE_URL"], !fromEnvironment.isEmpty {
            return .server(conninfo: fromEnvironment)
        }
        if ["PGHOST", "PGDATABASE", "PGSERVICE"].contains(where: { !(environment[$0] ?? "").isEmpty }) {
            return .server(conninfo: "")
        }
        return .embedded(dataDirectory: EmbeddedPostgres.defaultDataDirectory)
    }
}
