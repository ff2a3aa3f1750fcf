import ArgumentParser
import EmbeddedPostgres
import Foundation

/// `riwayat database …`: manage the embedded PostgreSQL cluster.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "database", abstract: "Start, stop or locate the embedded PostgreSQL cluster.",
        subcommands: [Start.self, Stop.self])

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start the embedded cluster and print its conninfo; it keeps running.")
        @Option(name: .customLong("data-dir"), help: "The cluster's data directory.")
        var dataDirectory: String = EmbeddedPostgres.defaultDataDirectory

        func run() async throws {
            let running = try EmbeddedPostgres(dataDirectory: dataDirectory).start()
            print(running.conninfo())
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the embedded cluster (fast shutdown).")
        @Option(name: .customLong("data-dir"), help: "The cluster's data directory.")
        var dataDirectory: String = EmbeddedPostgres.defaultDataDirectory

        func run() async throws {
            let running = try EmbeddedPostgres(dataDirectory: dataDirectory).start()
            try running.stop()
        }
    }
}
