import CareerDomain
import EventStore
import Foundation

extension CareerImporter {
    /// One line as read: its number, its bytes, and its record (with its event, when asked for)
    /// or why it cannot be read.
    struct DecodedLine: Sendable {
        var number: Int
        var data: Data
        var record: CareerRecord?
        var event: (stream: String, event: NewEvent)?
        var error: DomainError?

        init(number: Int, data: Data, source: String?, unreadable: DomainError?) {
            self.number = number
            self.data = data
            if let unreadable {
                error = unreadable
                return
            }
            do {
                let (record, envelope) = try CareerRecord.read(jsonLine: data)
                self.record = record
                event = try source.map { try CareerImporter.newEvent(envelope: envelope, source: $0) }
            } catch let refusal as DomainError {
                error = refusal
            } catch {
                self.error = DomainError(field: "line", rule: "is not valid JSON")
            }
        }
    }

    /// The next lines of `reader` (4,096 per core), decoded on every core, in file order: one
    /// array per core, empty at the end. With `source`, each readable line also comes with the
    /// event it stores.
    static func nextDecodedLines(from reader: inout JSONLinesReader, eventsFrom source: String?) async throws -> [[DecodedLine]] {
        let chunkSize = 4096
        var chunks = [[(Int, Data, DomainError?)]]()
        for _ in 0..<max(2, ProcessInfo.processInfo.activeProcessorCount) {
            var chunk = [(Int, Data, DomainError?)]()
            chunk.reserveCapacity(chunkSize)
            while chunk.count < chunkSize, let line = try reader.next() { chunk.append(line) }
            if !chunk.isEmpty { chunks.append(chunk) }
        }
        guard !chunks.isEmpty else { return [] }
        return try await withThrowingTaskGroup(of: (Int, [DecodedLine]).self) { group in
            for (index, chunk) in chunks.enumerated() {
                group.addTask {
                    (index, chunk.map { DecodedLine(number: $0.0, data: $0.1, source: source, unreadable: $0.2) })
                }
            }
            var results = [[DecodedLine]](repeating: [], count: chunks.count)
            for try await (index, result) in group { results[index] = result }
            return results
        }
    }

    /// Checks a decoded line against the structural rules, with its employee's accepted lines
    /// before it (lines are judged in file order). Returns why it is refused, `nil` when accepted.
    /// The line's record is moved out of it (not copied): judged lines keep only their event.
    static func judge(_ line: inout DecodedLine, histories: inout [String: StreamHistory]) -> Rejection? {
        guard let record = line.record.take() else {
            let error = line.error ?? DomainError(field: "line", rule: "cannot be read")
            return Rejection(line: line.number, error: error, text: String(decoding: line.data, as: UTF8.self))
        }
        // The employee's history is checked and extended where it lies in the dictionary.
        return judge(record, of: line, against: &histories[record.nip.digits, default: StreamHistory()])
    }

    private static func judge(_ record: consuming CareerRecord, of line: borrowing DecodedLine, against history: inout StreamHistory) -> Rejection? {
        if let refusal = StructuralRules.check(record, history: history) {
            return Rejection(line: line.number, error: refusal, text: String(decoding: line.data, as: UTF8.self))
        }
        history.add(record)
        return nil
    }

    /// A first load in one pass: each slice of lines is decoded on every core and checked in
    /// file order, and its accepted lines go into the load's COPY while the next slice is decoded
    /// (every line is read once). A refused line, unless `skipInvalid`, stops the loading (the
    /// caller then rolls the load back: nothing is stored), and the rest of the file is still
    /// checked, so the report names every refused line as a check-first import does. Returns
    /// whether the load is to be committed.
    func loadInOnePass(
        path: String, into load: FirstLoad, skipInvalid: Bool, total: Int, report: inout Report, progress: Progress?
    ) async throws -> Bool {
        var histories = [String: StreamHistory]()
        var reader = try JSONLinesReader(path: path)
        var loading = true
        var inFlight = BatchInFlight()
        do {
            while true {
                try Task.checkCancellation()
                var decoded = try await Self.nextDecodedLines(from: &reader, eventsFrom: loading ? source : nil)
                if decoded.isEmpty { break }
                var batch = [(String, NewEvent)]()
                batch.reserveCapacity(decoded.reduce(0) { $0 + $1.count })
                // Each line is moved out of its slice in file order (reversed, then taken from the
                // end), so neither the line nor its event is copied on the way into the batch.
                decoded.reverse()
                while var slice = decoded.popLast() {
                    slice.withUnsafeMutableBufferPointer { $0.reverse() }  // swaps by moving, not copying
                    while var line = slice.popLast() {
                        report.lines += 1
                        if let rejection = Self.judge(&line, histories: &histories) {
                            report.rejected.append(rejection)
                            if !skipInvalid { loading = false }
                        } else if loading, let event = line.event.take() {
                            batch.append(event)
                        }
                    }
                }
                try await inFlight.settle(into: &report, total: total, progress: progress)
                if loading, !batch.isEmpty {
                    let ready = batch
                    inFlight.start { try await append(ready, into: load) }
                }
            }
            try await inFlight.settle(into: &report, total: total, progress: progress)
        } catch {
            // The slice in flight finishes before the caller rolls the load back.
            await inFlight.finish()
            throw error
        }
        return loading
    }
}
