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
        abstract: "Append career events from JSON Lines (one employee's or agency's append per line) in FILE or standard input.",
        discussion: """
            Each line: {"nip": NIP, "expectedVersion": "any" | "noStream" | N, "events": [{"id": UUID (optional), \
            "type": NAME, "schemaVersion": N (optional), "effectiveDate": "YYYY-MM-DD", "decree": {...} | null, \
            "operator": TEXT (optional), "payload": {...}}]}, or {"agency": NAME, ...} for an agency's own stream (open \
            selection, competency standards, career pattern), judged by the agency stream's rules. Every line is read \
            and every event checked against the rules and the stored history before anything of that line is stored. Lines are stored one \
            after the other, each whole or not at all, and each is reported as it is stored; a refused line stores \
            nothing, names its line number, field and rule, and stops the command (the lines before it stay stored). \
            Events are recorded as written by this command's account \
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
        let source = file ?? "-"
        try await database.withSession(maxConnections: 2, migratesEmbedded: true) { session in
            try session.requireAccessLog()
            let log = CareerLog(store: EventStore(pool: session.pool, logger: session.logger))
            // Each line is judged against what the lines before it stored, and reported once stored.
            var stored = 0
            for (line, submission) in submissions {
                let result: AppendResult
                let nip: String?, named: [String]
                switch submission {
                case .employee(let submission):
                    nip = submission.nip.digits
                    named = [submission.nip.digits]
                case .agency(let submission):
                    nip = nil
                    named = Array(Set(submission.records.flatMap { $0.record.event.namedPeople.map(\.digits) })).sorted()
                }
                // Every attempt is on record in the access log, as the HTTP append's are.
                func attempt(_ status: Int) async throws {
                    try await session.recordAccess("append", nip: nip, nips: named, query: "append \(source) line \(line)", status: status)
                }
                do {
                    switch submission {
                    case .employee(let submission):
                        result = try await log.record(submission.records, by: recorder, expectedVersion: submission.expectedVersion)
                    case .agency(let submission):
                        result = try await log.record(agency: submission.records, by: recorder, expectedVersion: submission.expectedVersion)
                    }
                } catch let error as DomainError {
                    try await attempt(422)
                    throw Self.refusal(line: line, error, stored: stored)
                } catch let error as ScopeError {
                    try await attempt(403)
                    throw Self.refusal(line: line, error, stored: stored)
                } catch let error as EventStoreError {
                    try await attempt(409)
                    throw Self.refusal(line: line, error, stored: stored)
                }
                try await attempt(result.alreadyStored == result.positions.count ? 200 : 201)
                stored += 1
                let note = result.alreadyStored > 0 ? " (\(result.alreadyStored) already stored)" : ""
                print(
                    "line \(line): \(result.stream) v\(result.streamVersion): positions "
                        + "\(result.positions.map(String.init).joined(separator: ","))\(note)")
            }
        }
    }

    static func refusal(line: Int, _ error: any Error, stored: Int) -> CommandFailure {
        CommandFailure(description: "line \(line): \(error)" + Self.stayStored(stored))
    }

    static func stayStored(_ count: Int) -> String {
        switch count {
        case 0: "; nothing was stored"
        case 1: "; the line before it stays stored"
        default: "; the \(count) lines before it stay stored"
        }
    }

    /// Every non-blank line read strictly, with its number; the first bad line is an error naming
    /// its number, field and rule.
    static func parse(_ data: Data) throws -> [(Int, AppendLine)] {
        var submissions = [(Int, AppendLine)]()
        for (index, rawLine) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard !rawLine.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) else { continue }
            do {
                submissions.append((index + 1, try SubmissionReader.anyAppendLine(Array(rawLine), mintID: EventID.next)))
            } catch let error as DomainError {
                throw CommandFailure(description: "line \(index + 1): \(error)")
            }
        }
        return submissions
    }
}
