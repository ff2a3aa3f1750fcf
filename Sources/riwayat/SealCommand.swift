import ArgumentParser
import EventStore
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
        print(seal)
        print("position \(seal.position), sha256 \(PostgresBytes.hex(seal.hash)), recorded \(seal.recordedAt?.description ?? "-")")
        print("check later with: riwayat verify --seal \(seal)")
    }
}
