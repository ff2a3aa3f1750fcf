import ArgumentParser
import CareerDomain
import CareerLog
import EventStore
import Foundation

/// `riwayat append [FILE]`: appends career events given as JSON Lines (a file, or standard input),
/// through the same gate as the HTTP append.
struct AppendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append career events from JSON Lines (one employee's append per line) in FILE or standard input.",
        discussion: """
            Each line: {"nip": NIP, "expectedVersion": "any" | "noStream" | N, "events": [{"id": UUID (optional), \
            "type": NAME, "schemaVersion": N (optional), "effectiveDate": "YYYY-MM-DD", "decree": {...} | null, \
            "operator": TEXT (optional), "payload": {...}}]}. Every line is read and every event checked against the \
            career rules and the employee's stored history before anything is stored; a bad line stores nothing and \
            names its line number, field and rule. Events are recorded as written by this command's account \
            (system:cli.USER).
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "A JSON Lines file; omit or use - for standard input.")
    var file: String?

    func run() async throws {
        let data: Data
        if let file, file != "-" {
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read \(file)")
            }
            data = contents
        } else {
            data = FileHandle.standardInput.readDataToEndOfFile()
        }
        let submissions = try Self.parse(data)
        let recorder = CommandIdentity.recorder(source: "cli")
        let results = try await database.withDatabase(maxConnections: 2, migratesEmbedded: true) { pool, logger in
            let log = CareerLog(store: EventStore(pool: pool, logger: logger))
            // Each line is judged against what the lines before it stored.
            var results = [AppendResult]()
            for (line, submission) in submissions {
                do {
                    results.append(try await log.record(submission.records, by: recorder, expectedVersion: submission.expectedVersion))
                } catch let error as DomainError {
                    throw CommandFailure(
                        description: "line \(line): \(error)\(results.isEmpty ? "" : " (the \(results.count) lines before it were stored)")"
                    )
                } catch let error as EventStoreError {
                    throw CommandFailure(
                        description: "line \(line): \(error)\(results.isEmpty ? "" : " (the \(results.count) lines before it were stored)")"
                    )
                }
            }
            return results
        }
        for result in results {
            let note = result.alreadyStored > 0 ? " (\(result.alreadyStored) already stored)" : ""
            print("\(result.stream) v\(result.streamVersion): positions \(result.positions.map(String.init).joined(separator: ","))\(note)")
        }
    }

    /// Every non-blank line read strictly, with its number; the first bad line is an error naming
    /// its number, field and rule.
    static func parse(_ data: Data) throws -> [(Int, Submission)] {
        var submissions = [(Int, Submission)]()
        for (index, rawLine) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard !rawLine.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) else { continue }
            do {
                submissions.append((index + 1, try SubmissionReader.appendLine(Array(rawLine), mintID: EventID.next)))
            } catch let error as DomainError {
                throw CommandFailure(description: "line \(index + 1): \(error)")
            }
        }
        return submissions
    }
}
