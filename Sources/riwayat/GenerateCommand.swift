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

    @Option(help: "The generator's today (YYYY-MM-DD): careers run up to it (default: today).")
    var today: String?

    @Flag(help: "Append the careers to the store instead of writing JSON Lines.")
    var append = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard employees >= 0 else { throw ValidationError("--employees must be 0 or more") }
    }

    func run() async throws {
        var chosen = WorkforceGenerator(seed: seed, employees: employees)
        if let today {
            guard let day = CivilDate(today) else { throw ValidationError("--today: \(today) is not a date YYYY-MM-DD") }
            chosen.today = day
        }
        let generator = chosen
        if append {
            let report = try await database.withDatabase(maxConnections: 2, migratesEmbedded: true) { pool, logger in
                try await WorkforceFile.load(
                    generator, into: CareerLog(store: EventStore(pool: pool, logger: logger)),
                    recorder: CommandIdentity.recorder(source: "generator"))
            }
            if let first = report.rejected.first {
                throw ValidationError("the generated workforce was refused (\(report.rejected.count) lines; first: \(first))")
            }
            print("appended \(report.appended) events for \(employees) employees (seed \(seed)); \(report.alreadyPresent) already present")
            return
        }
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil), let sink = FileHandle(forWritingAtPath: output) else {
                throw ValidationError("cannot write \(output)")
            }
            try WorkforceFile.write(generator, to: sink)
            try sink.close()
        } else {
            try WorkforceFile.write(generator, to: FileHandle.standardOutput)
        }
    }
}
