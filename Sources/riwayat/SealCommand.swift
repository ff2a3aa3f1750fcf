import ArgumentParser
import EventStore
import Foundation
import PostgresClient

/// `riwayat seal`: prints the head in a form to file away.
struct SealCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal", abstract: "Print the log's head (position, hash, time) as a seal to file away.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let seal = try await database.withDatabase(maxConnections: 1) { pool, logger in
            try await EventStore(pool: pool, logger: logger).seal()
        }
        // The seal alone on standard output (`riwayat verify --seal "$(riwayat seal)"`); the
        // explanation on standard error.
        print(seal)
        FileHandle.standardError.write(
            Data(
                """
                position \(seal.position), sha256 \(PostgresBytes.hex(seal.hash)), recorded \(seal.recordedAt?.description ?? "-")
                check later with: riwayat verify --seal \(seal)

                """.utf8))
    }
}
