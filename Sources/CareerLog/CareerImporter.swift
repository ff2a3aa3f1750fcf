import CareerDomain
import EventStore
import Foundation
import Logging
import PostgresClient

/// Imports career records from JSON Lines: checks every line first, then appends in large
/// batches. Re-running an interrupted import stores nothing twice (event ids are idempotent)
/// and ends with the store an uninterrupted run gives. A large file into an empty log is one
/// transaction instead, checked and sent in one pass (`FirstLoad`): nothing is stored unless
/// every line is accepted (or `skipInvalid`).
public struct CareerImporter: Sendable {
    /// A refused line.
    public struct Rejection: Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var error: DomainError
        public var text: String
        public var description: String { "line \(line): \(error)" }
    }

    /// What an import did.
    public struct Report: Sendable {
        public var lines = 0
        public var appended = 0
        public var alreadyPresent = 0
        public var rejected: [Rejection] = []
        public var seconds = 0.0
        /// Of `seconds`, the time spent checking every line before storing (in a first load, the one
        /// pass that checks and sends every line; building the indexes and committing follow it).
        public var checkSeconds = 0.0
        /// Whether the file went into an empty log as one transaction (`FirstLoad`).
        public var firstLoad = false
    }

    /// Progress callbacks: events handled so far and the total.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    public let log: CareerLog
    /// A file of at least this many lines into an empty log goes in as one first load.
    public var firstLoadThreshold = 100_000
    /// The employees whose histories a first load holds at once (see `Histories`): memory stays
    /// bounded however large the register, as long as each employee's lines come together.
    public var firstLoadHolding = 50_000
    /// An import that appends at least this many events refreshes the log's planner statistics.
    static let analyzeAfter = 10_000
    public var batchSize = 1000
    /// Who imports: every event is recorded as theirs (a line's `operator` is kept beside).
    public var recorder: Recorder
    /// The day the records are judged on (dates may not lie more than a year after it).
    public var today: CivilDate

    public init(log: CareerLog, recorder: Recorder, batchSize: Int = 1000, today: CivilDate = .today()) {
        self.log = log
        self.batchSize = batchSize
        self.recorder = recorder
        self.today = today
    }

    /// One checked line ready to append: its number, its employee, its event, and whether its
    /// id is stored already (a re-sent line of an interrupted import).
    struct ReadyLine: Sendable {
        var number: Int
        var stream: String
        var event: NewEvent
        var stored: Bool
    }

    /// Appends one batch in one transaction (or into the first load's transaction); consecutive
    /// lines of one employee form one request, pinned to the employee's version as the checks saw
    /// it (`versions`, moved on by what is appended), so nothing can slip between check and
    /// store. A refusal names the request's first line.
    ///
    /// Lines whose events are stored already (checked equal in stream, type, TMT and payload) are
    /// counted, not sent: a rerun by another person or command is the same import, although its
    /// recorder would differ.
    func append(_ batch: [ReadyLine], versions: [String: Int], into load: FirstLoad?) async throws -> (appended: Int, present: Int) {
        var requests = [AppendRequest]()
        var firstLines = [Int]()
        var versions = versions
        var counts = (appended: 0, present: 0)
        let fresh = batch.filter { !$0.stored }
        counts.present = batch.count - fresh.count
        var index = 0
        while index < fresh.count {
            let stream = fresh[index].stream
            var events = [NewEvent]()
            firstLines.append(fresh[index].number)
            while index < fresh.count, fresh[index].stream.utf8.elementsEqual(stream.utf8) {
                events.append(fresh[index].event)
                index += 1
            }
            var expected = ExpectedVersion.any
            if load == nil, let version = versions[stream] {
                expected = .exact(version)
                versions[stream] = version + events.count
            }
            requests.append(AppendRequest(stream: stream, events: events, expectedVersion: expected))
        }
        let outcomes = if let load { try await load.append(requests) } else { try await log.store.appendBatch(requests) }
        for (outcome, line) in zip(outcomes, firstLines) {
            switch outcome {
            case .success(let result):
                counts.appended += result.positions.count - result.alreadyStored
                counts.present += result.alreadyStored
            case .failure(let error):
                if case .versionConflict = error.code {
                    throw ImportError(
                        line: line,
                        reason:
                            "employee \(error.stream) changed while the file was imported (\(error)); this employee's lines from here on "
                            + "were not stored: run the import again"
                    )
                }
                if load != nil, case .idempotencyConflict(let id) = error.code {
                    // Two lines of the file far apart (no history held between them) with one id.
                    let at = fresh.first { $0.event.id == id }?.number ?? line
                    throw ImportError(
                        line: at, reason: "id: \(id.uuidString.lowercased()) is the id of an earlier line of this file already")
                }
                throw ImportError(line: line, reason: error.description)
            }
        }
        return counts
    }

    /// What the check of a whole file found: the refused lines, and what the append needs.
    struct Checked {
        var lines = 0
        var rejected: [Rejection] = []
        /// Lines whose event ids are stored already (re-sent by a rerun).
        var storedLines = Set<Int>()
        /// Each employee's stored version when checked.
        var versions = [String: Int]()
    }

    /// Reads `path` and checks every line against its employee's stored history and the lines
    /// before it; returns the refused ones (nothing is stored). Lines are decoded in parallel
    /// slices; the rules then run in file order.
    public func check(path: String) async throws -> (lines: Int, rejected: [Rejection]) {
        let checked = try await checkAll(path: path)
        return (checked.lines, checked.rejected)
    }

    func checkAll(path: String) async throws -> Checked {
        var histories = Histories(store: log.store, empty: try await log.store.head().position == 0)
        var checked = Checked()
        var reader = try JSONLinesReader(path: path)
        while true {
            try Task.checkCancellation()
            var decoded = try await Self.nextDecodedLines(from: &reader, recorder: recorder, events: false)
            if decoded.isEmpty { break }
            try await histories.load(for: decoded)
            for slice in decoded.indices {
                for index in decoded[slice].indices {
                    checked.lines += 1
                    let number = decoded[slice][index].number
                    switch histories.judge(&decoded[slice][index], today: today) {
                    case .refused(let rejection): checked.rejected.append(rejection)
                    case .stored: checked.storedLines.insert(number)
                    case .accepted: break
                    }
                }
            }
        }
        checked.versions = histories.versions
        return checked
    }

    /// Imports `path`. Refuses the whole file when a line is bad, unless `skipInvalid`: then the
    /// good lines are stored and the refused ones returned.
    public func run(path: String, skipInvalid: Bool, progress: Progress? = nil) async throws -> Report {
        let started = ContinuousClock.now
        var report = Report()
        // A large file into an empty log goes in as one transaction, checked and sent in one pass
        // (see `FirstLoad`); anything else is checked whole first, then appended in batches of
        // `batchSize`, each its own transaction.
        let records = try JSONLinesReader.countRecords(path: path)
        if records >= firstLoadThreshold, let load = try await FirstLoad.begin(store: log.store) {
            do {
                try await load.reserve(events: records)
                let keep = try await loadInOnePass(
                    path: path, into: load, skipInvalid: skipInvalid, total: records, report: &report, progress: progress)
                report.checkSeconds = Self.seconds(since: started)
                if keep {
                    try await load.commit()
                    report.firstLoad = true
                } else {
                    await load.rollback()
                    (report.appended, report.alreadyPresent) = (0, 0)
                    return report
                }
            } catch {
                await load.rollback()
                if error is CancellationError {
                    log.store.logger.notice(
                        "the first load was rolled back: nothing was stored; the same command loads the whole file again")
                }
                throw error
            }
        } else {
            let checked = try await checkAll(path: path)
            report.checkSeconds = Self.seconds(since: started)
            report.lines = checked.lines
            report.rejected = checked.rejected
            if !checked.rejected.isEmpty && !skipInvalid { return report }
            try await appendLines(path: path, checked: checked, report: &report, progress: progress)
        }

        if report.appended >= Self.analyzeAfter { await log.store.refreshStatistics() }
        report.seconds = Self.seconds(since: started)
        return report
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Appends the checked lines of `path` (all but the refused ones) in batches; parsing the next
    /// batch overlaps with appending the previous one, and batches still go in one after another.
    private func appendLines(path: String, checked: Checked, report: inout Report, progress: Progress?) async throws {
        let skip = Set(checked.rejected.map(\.line))
        let total = checked.lines - skip.count
        var versions = checked.versions
        var batch = [ReadyLine]()
        batch.reserveCapacity(batchSize)
        var inFlight = BatchInFlight()
        func send() {
            let ready = batch, pinned = versions
            for line in ready where !line.stored { versions[line.stream, default: 0] += 1 }
            inFlight.start { try await append(ready, versions: pinned, into: nil) }
            batch.removeAll(keepingCapacity: true)
        }
        do {
            var reader = try JSONLinesReader(path: path)
            while let (number, data, _) = try reader.next() {
                guard !skip.contains(number) else { continue }
                let (stream, event) = try Self.newEvent(line: data, recorder: recorder)
                batch.append(ReadyLine(number: number, stream: stream, event: event, stored: checked.storedLines.contains(number)))
                if batch.count >= batchSize {
                    try await inFlight.settle(into: &report, total: total, progress: progress)
                    // Stops between batches when cancelled: every stored batch is whole, and a rerun resumes.
                    try Task.checkCancellation()
                    send()
                }
            }
        } catch {
            // The batch in flight finishes (whole) before the error goes up.
            await inFlight.finish()
            throw error
        }
        try await inFlight.settle(into: &report, total: total, progress: progress)
        if !batch.isEmpty {
            send()
            try await inFlight.settle(into: &report, total: total, progress: progress)
        }
    }

    /// The event of one (already checked) line: its employee and what the store keeps.
    static func newEvent(line data: Data, recorder: Recorder) throws -> (String, NewEvent) {
        switch try SubmissionReader.anyImportLine(Array(data)) {
        case .career(let submitted):
            let record = submitted.record.stamped(by: recorder)
            return (record.nip.digits, record.newEvent(payload: submitted.payload))
        case .agency(let submitted):
            let record = submitted.record.stamped(by: recorder)
            return (record.stream, record.newEvent(payload: submitted.payload))
        }
    }
}
