import CareerDomain
import EventStore
import Foundation
import Logging

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
    }

    /// Progress callbacks: events handled so far and the total.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    public let log: CareerLog
    public var batchSize = 1000

    public init(log: CareerLog, batchSize: Int = 1000) {
        self.log = log
        self.batchSize = batchSize
    }

    /// Appends one batch in one transaction; consecutive events of one employee form one request.
    func append(_ batch: [(String, NewEvent)], into report: inout Report) async throws {
        var requests = [AppendRequest]()
        for (stream, event) in batch {
            if requests.last?.stream == stream {
                requests[requests.count - 1].events.append(event)
            } else {
                requests.append(AppendRequest(stream: stream, events: [event]))
            }
        }
        for outcome in try await log.store.appendBatch(requests) {
            let result = try outcome.get()
            report.appended += result.positions.count - result.alreadyStored
            report.alreadyPresent += result.alreadyStored
        }
    }

    /// Reads `path` and checks every line; returns the refused ones (nothing is stored).
    public func check(path: String) throws -> (lines: Int, rejected: [Rejection]) {
        var histories = [String: StreamHistory]()
        var rejected = [Rejection]()
        var lines = 0
        var reader = try JSONLinesReader(path: path)
        while let (number, data) = try reader.next() {
            lines += 1
            do {
                let record = try CareerRecord(jsonLine: data)
                var history = histories[record.nip.digits] ?? StreamHistory()
                if let refusal = StructuralRules.check(record, history: history) { throw refusal }
                history.add(record)
                histories[record.nip.digits] = history
            } catch let error as DomainError {
                rejected.append(Rejection(line: number, error: error, text: String(decoding: data, as: UTF8.self)))
            } catch {
                rejected.append(Rejection(line: number, error: DomainError(field: "line", rule: "is not valid JSON"), text: String(decoding: data, as: UTF8.self)))
            }
        }
        return (lines, rejected)
    }

    /// Imports `path`. Refuses the whole file when a line is bad, unless `skipInvalid`: then the
    /// good lines are stored and the refused ones returned.
    public func run(path: String, skipInvalid: Bool, progress: Progress? = nil) async throws -> Report {
        let started = ContinuousClock.now
        var report = Report()
        let checked = try check(path: path)
        report.lines = checked.lines
        report.rejected = checked.rejected
        if !checked.rejected.isEmpty && !skipInvalid { return report }
        let skip = Set(checked.rejected.map(\.line))
        let total = checked.lines - skip.count

        var batch = [(String, NewEvent)]()
        batch.reserveCapacity(batchSize)
        var done = 0
        var reader = try JSONLinesReader(path: path)
        while let (number, data) = try reader.next() {
            guard !skip.contains(number) else { continue }
            let record = try CareerRecord(jsonLine: data)
            batch.append((record.nip.digits, try record.newEvent(source: "import")))
            if batch.count >= batchSize {
                try await append(batch, into: &report)
                done += batch.count
                progress?(done, total)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty {
            try await append(batch, into: &report)
            done += batch.count
            progress?(done, total)
        }
        let elapsed = ContinuousClock.now - started
        report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return report
    }
}
