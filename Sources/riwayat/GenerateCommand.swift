import ArgumentParser
import CareerDomain
import CareerLog
import EventStore
import Foundation

/// `riwayat generate`: a realistic synthetic workforce, the same for the same seed.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate synthetic careers as JSON Lines (or append them directly with --append).")

    @Option(help: "How many employees.")
    var employees = 1000

    @Option(help: "Random seed; the same seed gives the same output, byte for byte.")
    var seed: UInt64 = 1

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @Flag(help: "Append the careers to the store instead of writing JSON Lines.")
    var append = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard employees >= 0 else { throw ValidationError("--employees must be 0 or more") }
    }

    func run() async throws {
        let generator = WorkforceGenerator(seed: seed, employees: employees)
        if append {
            let count = try await database.withDatabase(maxConnections: 2) { pool, logger in
                let log = CareerLog(store: EventStore(pool: pool, logger: logger))
                var requests = [AppendRequest]()
                var events = 0
                var appended = 0
                for career in generator.generate() {
                    requests.append(AppendRequest(stream: career.nip.digits, events: try career.records.map { try $0.newEvent(source: "generate") }))
                    events += career.records.count
                    if events >= 1000 {
                        appended += try await Self.append(requests, to: log)
                        requests.removeAll()
                        events = 0
                    }
                }
                return appended + (try await Self.append(requests, to: log))
            }
            print("appended \(count) events for \(employees) employees (seed \(seed))")
            return
        }
        let sink: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil), let handle = FileHandle(forWritingAtPath: output) else {
                throw ValidationError("cannot write \(output)")
            }
            sink = handle
        } else {
            sink = FileHandle.standardOutput
        }
        var buffer = Data()
        buffer.reserveCapacity(1 << 20)
        try generator.generate { career in
            for record in career.records {
                buffer.append(try record.jsonLine())
                buffer.append(0x0A)
            }
            if buffer.count >= 1 << 20 {
                sink.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        sink.write(buffer)
        if output != nil { try sink.close() }
    }

    static func append(_ requests: [AppendRequest], to log: CareerLog) async throws -> Int {
        guard !requests.isEmpty else { return 0 }
        var appended = 0
        for outcome in try await log.store.appendBatch(requests) {
            let result = try outcome.get()
            appended += result.positions.count - result.alreadyStored
        }
        return appended
    }
}
