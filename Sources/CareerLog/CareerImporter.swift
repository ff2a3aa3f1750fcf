import CareerDomain
import EventStore
import Foundation
import Logging
import PostgresClient

/// Imports career records from JSON Lines: checks every line first, then appends in large
/// batches. Re-running an interrupted import stores nothing twice (event ids are idempotent)
/// and ends with the store an uninterrupted run gives.
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
        /// Of `seconds`, the time spent checking every line before storing.
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
        let envelope = try CareerRecord.Envelope(line: data)
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
    /// are decoded in parallel chunks; the rules then run in file order.
    public func check(path: String) async throws -> (lines: Int, rejected: [Rejection]) {
        var histories = [String: StreamHistory]()
        var rejected = [Rejection]()
        var lines = 0
        var reader = try JSONLinesReader(path: path)
        let chunkSize = 4096
        while true {
            try Task.checkCancellation()
            var chunks = [[(Int, Data, DomainError?)]]()
            for _ in 0..<max(2, ProcessInfo.processInfo.activeProcessorCount) {
                var chunk = [(Int, Data, DomainError?)]()
                chunk.reserveCapacity(chunkSize)
                while chunk.count < chunkSize, let line = try reader.next() { chunk.append(line) }
                if !chunk.isEmpty { chunks.append(chunk) }
            }
            if chunks.isEmpty { break }
            let decoded = try await withThrowingTaskGroup(of: (Int, [(Int, Data, Result<CareerRecord, DomainError>)]).self) { group in
                for (index, chunk) in chunks.enumerated() {
                    group.addTask {
                        (index, chunk.map { number, data, unreadable in
                            if let unreadable { return (number, data, .failure(unreadable)) }
                            do {
                                return (number, data, .success(try CareerRecord(jsonLine: data)))
                            } catch let error as DomainError {
                                return (number, data, .failure(error))
                            } catch {
                                return (number, data, .failure(DomainError(field: "line", rule: "is not valid JSON")))
                            }
                        })
                    }
                }
                var results = [[(Int, Data, Result<CareerRecord, DomainError>)]](repeating: [], count: chunks.count)
                for try await (index, result) in group { results[index] = result }
                return results.flatMap { $0 }
            }
            for (number, data, outcome) in decoded {
                lines += 1
                switch outcome {
                case .success(let record):
                    var history = histories[record.nip.digits] ?? StreamHistory()
                    if let refusal = StructuralRules.check(record, history: history) {
                        rejected.append(Rejection(line: number, error: refusal, text: String(decoding: data, as: UTF8.self)))
                    } else {
                        history.add(record)
                        histories[record.nip.digits] = history
                    }
                case .failure(let error):
                    rejected.append(Rejection(line: number, error: error, text: String(decoding: data, as: UTF8.self)))
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
        let checked = try await check(path: path)
        let checkElapsed = ContinuousClock.now - started
        report.checkSeconds = Double(checkElapsed.components.seconds) + Double(checkElapsed.components.attoseconds) / 1e18
        report.lines = checked.lines
        report.rejected = checked.rejected
        if !checked.rejected.isEmpty && !skipInvalid { return report }
        let skip = Set(checked.rejected.map(\.line))
        let total = checked.lines - skip.count
        // A large file into an empty log goes in as one transaction (see `FirstLoad`); anything
        // else in batches of `batchSize`, each its own transaction.
        let load = total >= firstLoadThreshold ? try await FirstLoad.begin(store: log.store) : nil
        report.firstLoad = load != nil
        do {
            try await appendLines(path: path, skip: skip, total: total, into: load, report: &report, progress: progress)
            try await load?.commit()
        } catch {
            await load?.rollback()
            throw error
        }

        if report.appended >= Self.analyzeAfter { await log.store.refreshStatistics() }
        let elapsed = ContinuousClock.now - started
        report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return report
    }

    /// Appends the checked lines of `path` (all but `skip`) in batches; parsing the next batch
    /// overlaps with appending the previous one, and batches still go in one after another.
    private func appendLines(
        path: String, skip: Set<Int>, total: Int, into load: FirstLoad?, report: inout Report, progress: Progress?
    ) async throws {
        var batch = [(String, NewEvent)]()
        batch.reserveCapacity(batchSize)
        var done = 0
        var inFlight: Task<(appended: Int, present: Int), any Error>?
        func settle() async throws {
            guard let running = inFlight else { return }
            inFlight = nil
            let counts = try await running.value
            report.appended += counts.appended
            report.alreadyPresent += counts.present
            progress?(report.appended + report.alreadyPresent, total)
        }
        do {
            var reader = try JSONLinesReader(path: path)
            while let (number, data, _) = try reader.next() {
                guard !skip.contains(number) else { continue }
                batch.append(try Self.newEvent(line: data, source: source))
                if batch.count >= batchSize {
                    try await settle()
                    // Stops between batches when cancelled: every stored batch is whole, and a rerun resumes
                    // (a first load is rolled back whole, and a rerun starts over).
                    try Task.checkCancellation()
                    let ready = batch
                    inFlight = Task { try await append(ready, into: load) }
                    done += ready.count
                    batch.removeAll(keepingCapacity: true)
                }
            }
        } catch {
            // The batch in flight finishes before the caller rolls a first load back.
            _ = try? await inFlight?.value
            throw error
        }
        try await settle()
        if !batch.isEmpty {
            let counts = try await append(batch, into: load)
            report.appended += counts.appended
            report.alreadyPresent += counts.present
            done += batch.count
            progress?(done, total)
        }
    }
}
