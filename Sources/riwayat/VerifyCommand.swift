import ArgumentParser
import EventStore
import PostgresClient

/// `riwayat verify`: recomputes the hash chain.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the whole hash chain; exit 1 naming the first broken position, stream and kind of break.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "A seal printed earlier by `riwayat seal`: also prove the log still extends it.")
    var seal: String?

    func run() async throws {
        var parsedSeal: LogSeal?
        if let seal {
            guard let value = LogSeal(seal) else { throw ValidationError("--seal is not a riwayat seal (riwayat-seal:v1:…)") }
            parsedSeal = value
        }
        let sealToCheck = parsedSeal
        let started = ContinuousClock.now
        let report = try await database.withDatabase(maxConnections: 1) { pool, logger in
            try await EventStore(pool: pool, logger: logger).verify(seal: sealToCheck)
        }
        let seconds =
            Double((ContinuousClock.now - started).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - started).components.seconds)
        if let broken = report.firstBreak {
            print("BROKEN: \(broken)")
            print("verified \(report.checked) events before the break")
            throw ExitCode(1)
        }
        print(
            "OK: \(report.checked) events verified in \(String(format: "%.2f", seconds)) s; head position \(report.head.position), hash "
                + "\(PostgresBytes.hex(report.head.hash))"
        )
        if report.extendsSeal == true, let sealToCheck {
            print("OK: the log extends the seal at position \(sealToCheck.position)")
        }
    }
}
