import ArgumentParser
import EventStore
import Foundation
import PostgresClient

/// `riwayat append [FILE]`: appends events given as JSON Lines (a file, or standard input).
struct AppendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append events from JSON Lines (one append per line) in FILE or standard input.",
        discussion: """
            Each line: {"stream": NIP, "expectedVersion": "any" | "noStream" | N, "events": [{"id": UUID, \
            "type": NAME, "schemaVersion": 1, "effectiveDate": "YYYY-MM-DD", "payload": {...}, "metadata": {...}}]}. \
            Lines are checked first; a bad line stores nothing and names its line number and field.
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
        let requests = try AppendInput.parse(data)
        let results = try await database.withDatabase(maxConnections: 2, migratesEmbedded: true) { pool, logger in
            let store = EventStore(pool: pool, logger: logger)
            var results = [AppendResult]()
            for (line, request) in requests {
                do {
                    results.append(try await store.append(request.events, to: request.stream, expectedVersion: request.expectedVersion))
                } catch let error as EventStoreError {
                    throw CommandFailure(description: "line \(line): \(error)")
                }
            }
            return results
        }
        for result in results {
            let note = result.alreadyStored > 0 ? " (\(result.alreadyStored) already stored)" : ""
            print("\(result.stream) v\(result.streamVersion): positions \(result.positions.map(String.init).joined(separator: ","))\(note)")
        }
    }
}

/// Parses `riwayat append` input.
enum AppendInput {
    struct Line: Decodable {
        var stream: String
        var expectedVersion: Expected?
        var events: [Event]
    }

    enum Expected: Decodable {
        case value(ExpectedVersion)
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                self = .value(.exact(number))
            } else {
                switch try container.decode(String.self) {
                case "any": self = .value(.any)
                case "noStream": self = .value(.noStream)
                default:
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be \"any\", \"noStream\" or a number")
                }
            }
        }
    }

    struct Event: Decodable {
        var id: UUID?
        var type: String
        var schemaVersion: Int?
        var effectiveDate: String?
    }

    /// The requests with their line numbers; throws naming the first bad line and field.
    static func parse(_ data: Data) throws -> [(Int, AppendRequest)] {
        var requests = [(Int, AppendRequest)]()
        for (index, rawLine) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = Data(rawLine)
            guard !line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) else { continue }
            do {
                let parsed = try JSONDecoder().decode(Line.self, from: line)
                let raw = try JSONSerialization.jsonObject(with: line) as? [String: Any]
                let rawEvents = raw?["events"] as? [[String: Any]] ?? []
                var events = [NewEvent]()
                for (position, event) in parsed.events.enumerated() {
                    var date: PostgresDate?
                    if let text = event.effectiveDate {
                        guard let parsedDate = PostgresDate(text) else {
                            throw CommandFailure(description: "line \(lineNumber): events[\(position)].effectiveDate: \"\(text)\" is not a date YYYY-MM-DD")
                        }
                        date = parsedDate
                    }
                    let payload = rawEvents[position]["payload"] ?? [String: Any]()
                    let metadata = rawEvents[position]["metadata"] ?? [String: Any]()
                    events.append(NewEvent(
                        id: event.id ?? EventID.next(), type: event.type, schemaVersion: event.schemaVersion ?? 1, effectiveDate: date,
                        payload: try canonical(payload), metadata: try canonical(metadata)))
                }
                var expected = ExpectedVersion.any
                if case .value(let value)? = parsed.expectedVersion { expected = value }
                requests.append((lineNumber, AppendRequest(stream: parsed.stream, events: events, expectedVersion: expected)))
            } catch let error as DecodingError {
                throw CommandFailure(description: "line \(lineNumber): \(describe(error))")
            } catch let error as CommandFailure {
                throw error
            } catch {
                throw CommandFailure(description: "line \(lineNumber): not valid JSON")
            }
        }
        return requests
    }

    static func canonical(_ object: Any) throws -> PostgresJSON {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed])
        return try CanonicalJSON.text(from: data)
    }

    /// "events[0].type: is missing" and the like.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.reduce("") { text, key in
                if let index = key.intValue { return text + "[\(index)]" }
                return text.isEmpty ? key.stringValue : text + "." + key.stringValue
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            return "\(parent.isEmpty ? "" : parent + ".")\(key.stringValue): is missing"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): must be \(type == String.self ? "a string" : "a \(type)")"
        case .valueNotFound(_, let context):
            return "\(path(context.codingPath)): must not be null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "not valid input"
        }
    }
}
