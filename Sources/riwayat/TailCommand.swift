import ArgumentParser
import EventStore
import Foundation

/// `riwayat tail`: follows the log live.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail", abstract: "Follow the log: print events after a position, then new ones as they commit.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Start after this position (default: the current head, so only new events).")
    var after: Int64?

    @Flag(help: "Print every field as JSON Lines.")
    var json = false

    func run() async throws {
        let after = self.after
        let json = self.json
        try await database.withSession(maxConnections: 2) { session in
            let store = EventStore(pool: session.pool, logger: session.logger)
            var start = after ?? 0
            if after == nil { start = try await store.head().position }
            // Every employee's events from here on: on record before the first is shown.
            try await session.recordAccess("tail", query: "tail --after \(start) (every employee from there on)")
            for try await event in store.subscribe(after: start) {
                if json {
                    print(event.jsonLine())
                } else {
                    print(
                        "\(event.position)\t\(event.stream)\tv\(event.version)\t\(event.effectiveDate?.description ?? "-")\t\(event.type)")
                }
                // Each event as it comes, also into a file or a pipe.
                fflush(nil)
            }
        }
    }
}
