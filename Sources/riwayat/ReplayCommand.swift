import ArgumentParser
import CareerDomain
import CareerLog
import EventStore
import Foundation
import PostgresClient

/// `riwayat replay --as-of DATE [--known-at TIME] --csv`: every employee's state at that point.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Export the whole workforce's state on a date, as known at a time (one CSV row per employee).")

    @OptionGroup var database: DatabaseOptions

    @Option(name: .customLong("as-of"), help: "Effective date (YYYY-MM-DD).")
    var asOf: String

    @Option(name: .customLong("known-at"), help: "Only what was recorded by this time (ISO 8601, e.g. 2024-06-30T23:59:59Z).")
    var knownAt: String?

    @Flag(help: "CSV output (the default and only format).")
    var csv = false

    func run() async throws {
        guard let day = CivilDate(asOf) else { throw ValidationError("--as-of: \(asOf) is not a date YYYY-MM-DD") }
        var known: Int64?
        if let knownAt {
            guard let parsed = ISO8601DateFormatter().date(from: knownAt) else {
                throw ValidationError("--known-at: \(knownAt) is not an ISO 8601 time such as 2024-06-30T23:59:59Z")
            }
            known = Int64(parsed.timeIntervalSince1970 * 1_000_000)
        }
        let knownMicros = known
        print(
            "nip,sex,birth_date,status,grade,grade_since,post,post_kind,unit,agency,education,service_years,"
                + "last_predikat,talent_box,retirement_date"
        )
        try await database.withSession(maxConnections: 1) { session in
            // Every employee's state: on record before the first row is shown.
            try await session.recordAccess(
                "replay", query: "replay --as-of \(day)\(knownMicros.map { " --known-at \($0)" } ?? "") (every employee)")
            try await session.pool.withConnection { connection in
                var pending = [CareerRecord]()
                var reader = PostgresBinaryCopyReader()
                var unreadable = 0
                func emit() {
                    guard let nip = pending.first?.nip else { return }
                    let state = CareerFold.state(of: pending, nip: nip, asOf: day, knownAt: knownMicros)
                    pending.removeAll(keepingCapacity: true)
                    guard state.status != .notAppointed else { return }
                    let fields: [String] = [
                        nip.digits, nip.sex == .female ? "F" : "M", nip.birthDate.description, state.status.description,
                        state.grade?.code ?? "", state.gradeSince?.description ?? "", state.definitivePost?.title ?? "",
                        state.definitivePost?.kind.rawValue ?? "", state.org?.unit ?? "", state.org?.agency ?? "",
                        state.education?.rawValue ?? "", String(state.serviceYears), state.lastRatings(1).first?.rawValue ?? "",
                        state.talentBox.map { String($0.number) } ?? "", state.retirementDate.description,
                    ]
                    print(CSVText.line(fields.map(CSVText.text)))
                }
                try connection.copyTo(
                    PostgresQuery(
                        unsafeSQL: """
                            COPY (SELECT \(RecordedEvent.columnList) FROM events ORDER BY stream, position) TO STDOUT (FORMAT binary)
                            """)
                ) { chunk in
                    try reader.consume(chunk) { fields in
                        let event = try RecordedEvent(binaryFields: fields)
                        guard let record = try? CareerRecord(recorded: event) else {
                            unreadable += 1
                            return
                        }
                        if let last = pending.last, last.nip != record.nip { emit() }
                        pending.append(record)
                    }
                }
                emit()
                if unreadable > 0 {
                    // Never silent: the states above leave these events out.
                    FileHandle.standardError.write(
                        Data("warning: \(unreadable) stored events could not be read as career events and are left out\n".utf8))
                }
            }
        }
    }
}
