import ArgumentParser
import EventStore
import Foundation
import PostgresClient

/// `riwayat events <NIP>`: one employee's stream.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Show one stream (an employee's NIP): a table, or JSON Lines with --json.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The stream, an employee's NIP.")
    var stream: String

    @Flag(help: "Print every field as JSON Lines.")
    var json = false

    func run() async throws {
        let stream = self.stream
        let events = try await database.withSession(maxConnections: 1) { session in
            try await session.recordAccess(
                "events", nip: String(stream.prefix(40)), nips: [String(stream.prefix(40))], query: "events \(stream.prefix(40))")
            return try await EventStore(pool: session.pool, logger: session.logger).readStream(stream, limit: 1_000_000)
        }
        if json {
            for event in events { print(event.jsonLine()) }
            return
        }
        if events.isEmpty {
            throw CommandFailure(description: "no events for stream \(stream)")
        }
        let rows = events.map { event in
            [
                String(event.position), String(event.version), event.effectiveDate?.description ?? "-", event.type,
                String(event.recordedAt.description.prefix(19)), String(event.payload.text.prefix(60)),
            ]
        }
        print(TextTable.render(header: ["position", "version", "TMT", "type", "recorded at (UTC)", "payload"], rows: rows))
    }
}
