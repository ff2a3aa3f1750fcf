import Foundation

/// Finds the system's PostgreSQL server programs (`initdb`, `pg_ctl`, `postgres`).
public struct PostgresBinaries: Sendable {
    /// The directory that holds them.
    public var directory: String

    public var initdb: String { directory + "/initdb" }
    public var pgCtl: String { directory + "/pg_ctl" }
    public var pgBasebackup: String { directory + "/pg_basebackup" }

    /// Looks in `RIWAYAT_PG_BINDIR`, then `pg_config --bindir`, then the newest
    /// `/usr/lib/postgresql/*/bin`.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PostgresBinaries {
        var candidates = [String]()
        if let explicit = environment["RIWAYAT_PG_BINDIR"], !explicit.isEmpty { candidates.append(explicit) }
        for pgConfig in ["/usr/bin/pg_config", "/usr/local/bin/pg_config"]
        where FileManager.default.isExecutableFile(atPath: pgConfig) {
            if let outcome = try? ProcessRunner.run(pgConfig, ["--bindir"]), outcome.status == 0 {
                candidates.append(outcome.output.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap { Int($0) }.sorted(by: >)
        candidates += versions.map { "\(root)/\($0)/bin" }
        for directory in candidates {
            let binaries = PostgresBinaries(directory: directory)
            if FileManager.default.isExecutableFile(atPath: binaries.initdb),
                FileManager.default.isExecutableFile(atPath: binaries.pgCtl)
            {
                return binaries
            }
        }
        throw EmbeddedPostgresError(
            "no PostgreSQL server programs found (looked in "
                + "\(candidates.isEmpty ? "/usr/lib/postgresql/*/bin" : candidates.joined(separator: ", "))); "
                + "install them with scripts/setup (Debian package postgresql) or set RIWAYAT_PG_BINDIR")
    }

    /// Runs one of the client tools of this directory (`pg_dump`, `pg_restore`, `psql`, …) as
    /// the current user and returns its exit status and combined output.
    public func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let outcome = try ProcessRunner.run(directory + "/" + tool, arguments)
        return (outcome.status, outcome.output)
    }
}
