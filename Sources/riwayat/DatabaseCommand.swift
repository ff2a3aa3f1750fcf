import ArgumentParser
import EmbeddedPostgres
import Foundation
import Logging

/// `riwayat database …`: manage the embedded PostgreSQL cluster.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "database", abstract: "Start, stop or locate the embedded PostgreSQL cluster.",
        subcommands: [Start.self, Stop.self])

    /// The default directory as every command resolves it (see `EmbeddedPostgres.defaultDataDirectory(logger:)`).
    static func resolve(_ directory: String) -> String {
        directory == EmbeddedPostgres.defaultDataDirectory
            ? EmbeddedPostgres.defaultDataDirectory(logger: Logger(label: "riwayat.embedded-postgres")) : directory
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start the embedded cluster and print its conninfo; it keeps running.")
        @Option(name: .customLong("data-dir"), help: "The cluster's data directory.")
        var dataDirectory: String = EmbeddedPostgres.defaultDataDirectory

        func run() async throws {
            let running = try EmbeddedPostgres(dataDirectory: DatabaseCommand.resolve(dataDirectory)).start()
            print(running.conninfo())
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the embedded cluster (fast shutdown).")
        @Option(name: .customLong("data-dir"), help: "The cluster's data directory.")
        var dataDirectory: String = EmbeddedPostgres.defaultDataDirectory

        func run() async throws {
            let cluster = EmbeddedPostgres(dataDirectory: DatabaseCommand.resolve(dataDirectory))
            if try !cluster.stopIfRunning() {
                print("no embedded PostgreSQL is running in \(cluster.dataDirectory)")
            }
        }
    }
}
