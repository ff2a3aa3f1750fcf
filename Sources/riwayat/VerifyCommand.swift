import ArgumentParser
import EventStore
import Foundation
import PostgresClient

/// `riwayat verify`: recomputes the hash chain.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the whole hash chain; exit 1 naming the first broken position, stream and kind of break.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "A seal printed earlier by `riwayat seal`: also prove the log still extends it.")
    var seal: String?

    @Option(help: "A signed checkpoint (from GET /v1/log/checkpoint): also prove the events still give its Merkle root.")
    var checkpoint: String?

    @Option(help: "The register's verifier key (NAME+ID+KEY, or a file holding it), to check --checkpoint's signature.")
    var key: String?

    func run() async throws {
        var signed: LogCheckpoint?
        if let checkpoint {
            guard let key else { throw ValidationError("--checkpoint needs --key, the register's verifier key") }
            do {
                let keyText = FileManager.default.fileExists(atPath: key) ? try String(contentsOfFile: key, encoding: .utf8) : key
                signed = try LogCheckpoint.verified(
                    try String(contentsOfFile: checkpoint, encoding: .utf8), by: try NoteVerifier(text: keyText))
            } catch let error as NoteKeyError {
                throw CommandFailure(description: "the checkpoint cannot be used: \(error.detail)")
            }
        }
        let against = signed
        var parsedSeal: LogSeal?
        if let seal {
            guard let value = LogSeal(seal) else { throw ValidationError("--seal is not a riwayat seal (riwayat-seal:v1:…)") }
            parsedSeal = value
        }
        let sealToCheck = parsedSeal
        let started = ContinuousClock.now
        let (report, treeCheck) = try await database.withDatabase(maxConnections: 2) { pool, logger in
            let report = try await EventStore(pool: pool, logger: logger).verify(seal: sealToCheck)
            guard report.firstBreak == nil, let against else { return (report, LogTree.CheckResult?.none) }
            return (report, try await LogTree(pool: pool).checkWhole(against: against))
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
        if let treeCheck, let against {
            if let problem = treeCheck.problem {
                print("BROKEN: \(problem.kind) at position \(problem.position): \(problem.detail)")
                throw ExitCode(1)
            }
            print("OK: the events give the root of the signed checkpoint of \(against.size) events")
        }
        if report.extendsSeal == true, let sealToCheck {
            print("OK: the log extends the seal at position \(sealToCheck.position)")
        }
    }
}
