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
    /// An import that appends at least this many events refreshes the log's planner statistics.
    static let analyzeAfter = 10_000
    public var batchSize = 1000
    /// Recorded as each event's `source` system in its metadata.
    public var source = "import"

    public init(log: CareerLog, batchSize: Int = 1000, source: String = "import") {
        self.log = log
        self.batchSize = batchSize
        self.source = source
    }

    /// The event of one (already checked) line, its payload stored exactly as written.
    static func newEvent(line data: Data, source: String) throws -> (String, NewEvent) {
        try newEvent(envelope: CareerRecord.Envelope(line: data), source: source)
    }

    /// The event of a checked line's envelope: its stream (the NIP) and what the store keeps.
    static func newEvent(envelope: CareerRecord.Envelope, source: String) throws -> (String, NewEvent) {
        let event = NewEvent(
            id: envelope.id, type: envelope.type, schemaVersion: envelope.schemaVersion,
            effectiveDate: PostgresDate(daysSinceUnixEpoch: envelope.effectiveDate.dayNumber),
            payload: PostgresJSON(text: String(decoding: envelope.payload, as: UTF8.self)),
            metadata: PostgresJSON(text: String(decoding: try envelope.encodedMetadata(source: source), as: UTF8.self)))
        return (envelope.nip.digits, event)
    }

    /// Appends one batch in one transaction (or into the first load's transaction); consecutive
    /// events of one employee form one request.
    func append(_ batch: [(String, NewEvent)], into load: FirstLoad?) async throws -> (appended: Int, present: Int) {
        var requests = [AppendRequest]()
        for (stream, event) in batch {
            if requests.last?.stream == stream {
                requests[requests.count - 1].events.append(event)
            } else {
                requests.append(AppendRequest(stream: stream, events: [event]))
            }
        }
        var counts = (appended: 0, present: 0)
        let outcomes = if let load { try await load.append(requests) } else { try await log.store.appendBatch(requests) }
        for outcome in outcomes {
            let result = try outcome.get()
            counts.appended += result.positions.count - result.alreadyStored
            counts.present += result.alreadyStored
        }
        return counts
    }

    /// Reads `path` and checks every line; returns the refused ones (nothing is stored). Lines
    /// are decoded in parallel slices; the rules then run in file order.
    public func check(path: String) async throws -> (lines: Int, rejected: [Rejection]) {
        var histories = [String: StreamHistory]()
        var rejected = [Rejection]()
        var lines = 0
        var reader = try JSONLinesReader(path: path)
        while true {
            try Task.checkCancellation()
            var decoded = try await Self.nextDecodedLines(from: &reader, eventsFrom: nil)
            if decoded.isEmpty { break }
            for slice in decoded.indices {
                for index in decoded[slice].indices {
                    lines += 1
                    if let rejection = Self.judge(&decoded[slice][index], histories: &histories) { rejected.append(rejection) }
                }
            }
        }
        return (lines, rejected)
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
                let keep = try await loadInOnePass(path: path, into: load, skipInvalid: skipInvalid, total: records, report: &report, progress: progress)
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
                    log.store.logger.notice("the first load was rolled back: nothing was stored; the same command loads the whole file again")
                }
                throw error
            }
        } else {
            let checked = try await check(path: path)
            report.checkSeconds = Self.seconds(since: started)
            report.lines = checked.lines
            report.rejected = checked.rejected
            if !checked.rejected.isEmpty && !skipInvalid { return report }
            let skip = Set(checked.rejected.map(\.line))
            try await appendLines(path: path, skip: skip, total: checked.lines - skip.count, report: &report, progress: progress)
        }

        if report.appended >= Self.analyzeAfter { await log.store.refreshStatistics() }
        report.seconds = Self.seconds(since: started)
        return report
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Appends the checked lines of `path` (all but `skip`) in batches; parsing the next batch
    /// overlaps with appending the previous one, and batches still go in one after another.
    private func appendLines(
        path: String, skip: Set<Int>, total: Int, report: inout Report, progress: Progress?
    ) async throws {
        var batch = [(String, NewEvent)]()
        batch.reserveCapacity(batchSize)
        var inFlight = BatchInFlight()
        do {
            var reader = try JSONLinesReader(path: path)
            while let (number, data, _) = try reader.next() {
                guard !skip.contains(number) else { continue }
                batch.append(try Self.newEvent(line: data, source: source))
                if batch.count >= batchSize {
                    try await inFlight.settle(into: &report, total: total, progress: progress)
                    // Stops between batches when cancelled: every stored batch is whole, and a rerun resumes.
                    try Task.checkCancellation()
                    let ready = batch
                    inFlight.start { try await append(ready, into: nil) }
                    batch.removeAll(keepingCapacity: true)
                }
            }
        } catch {
            // The batch in flight finishes (whole) before the error goes up.
            await inFlight.finish()
            throw error
        }
        try await inFlight.settle(into: &report, total: total, progress: progress)
        if !batch.isEmpty {
            let last = batch
            inFlight.start { try await append(last, into: nil) }
            try await inFlight.settle(into: &report, total: total, progress: progress)
        }
    }
}
