import ArgumentParser
import CareerDomain
import CareerLog
import EventStore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `riwayat import FILE`: checks every line, then appends in large batches.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import career records from JSON Lines: every line is checked before anything is stored.",
        discussion: """
            A bad line is reported with its line number, field and rule, and the file is refused. With \
            --skip-invalid the good lines are stored and the refused ones written to --rejects. An import that \
            was interrupted can simply be run again: events already stored are skipped (their ids are idempotent). \
            A file of at least --first-load-lines lines into an empty log goes in as one transaction with the \
            event-id, type and date indexes built at the end (faster; an interrupted first load stores nothing \
            and is run again from the start).
            """)

    @Argument(help: "A JSON Lines file (see README, Import format).")
    var file: String

    @Flag(help: "Store the good lines and write the refused ones to --rejects.")
    var skipInvalid = false

    @Option(help: "Where refused lines go with --skip-invalid (default FILE.rejects).")
    var rejects: String?

    @Option(help: "Events per transaction (per COPY in a first load).")
    var batchSize = 1000

    @Option(help: "Lines from which a file into an empty log is loaded as one transaction.")
    var firstLoadLines = 100_000

    @Flag(
        help: ArgumentHelp(
            "The file is history migrated from another system: its events are marked as migrated (policy rules judge their lateness by "
                + "decree date, not by when they reached this store).")
    )
    var migration = false

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let file = self.file, skipInvalid = self.skipInvalid, batchSize = self.batchSize, firstLoadLines = self.firstLoadLines
        let recorder = CommandIdentity.recorder(source: "import", migrated: migration)
        let terminal = isatty(2) == 1
        let report = try await database.withSession(maxConnections: 2, migratesEmbedded: true) { session in
            try session.requireAccessLog()
            var importer = CareerImporter(
                log: CareerLog(store: EventStore(pool: session.pool, logger: session.logger)), recorder: recorder, batchSize: batchSize)
            importer.firstLoadThreshold = firstLoadLines
            let started = ContinuousClock.now
            let progress = ProgressReporter(terminal: terminal, started: started)
            let report = try await importer.run(path: file, skipInvalid: skipInvalid) { done, total in
                progress.update(done: done, total: total)
            }
            // The run is on record in the access log, as every write attempt is.
            let status = !report.rejected.isEmpty && !skipInvalid ? 422 : report.appended > 0 ? 201 : 200
            try await session.recordAccess(
                "import",
                query: "import \(file)\(skipInvalid ? " --skip-invalid" : ""): \(report.appended) stored, "
                    + "\(report.alreadyPresent) already stored, \(report.rejected.count) refused of \(report.lines) lines",
                status: status)
            return report
        }
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
        if !report.rejected.isEmpty {
            for rejection in report.rejected.prefix(20) { FileHandle.standardError.write(Data("\(rejection)\n".utf8)) }
            if report.rejected.count > 20 {
                FileHandle.standardError.write(Data("… and \(report.rejected.count - 20) more\n".utf8))
            }
            if !skipInvalid {
                throw CommandFailure(
                    description:
                        "refused \(file): \(report.rejected.count) of \(report.lines) lines break a rule; nothing was stored (use "
                        + "--skip-invalid to store the rest)"
                )
            }
            let path = rejects ?? file + ".rejects"
            let text = report.rejected.map { "\($0.text)\n" }.joined()
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            print("wrote \(report.rejected.count) refused lines to \(path)")
        }
        let rate = report.seconds > 0 ? Int(Double(report.appended + report.alreadyPresent) / report.seconds) : 0
        print(
            "imported \(report.appended) events, skipped \(report.alreadyPresent) already present, refused \(report.rejected.count), in "
                + "\(String(format: "%.1f", report.seconds)) s (\(rate) events/s)\(report.firstLoad ? " as one first load" : "")"
        )
    }
}
