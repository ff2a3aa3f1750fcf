import CareerDomain
import EventStore
import Foundation

extension CareerImporter {
    /// One line as read: its number, its bytes, and its record (stamped with the recorder, with
    /// its event when asked for) or why it cannot be read.
    struct DecodedLine: Sendable {
        var number: Int
        var data: Data
        var record: CareerRecord?
        /// The record when the line is an agency's (open selection, standards, career pattern).
        var agencyRecord: AgencyRecord?
        /// The stream the line goes to: the NIP or the agency's stream.
        var stream = ""
        /// The payload in canonical form (as stored).
        var payload: [UInt8] = []
        var event: NewEvent?
        var error: DomainError?

        init(number: Int, data: Data, recorder: Recorder, event wanted: Bool, unreadable: DomainError?) {
            self.number = number
            self.data = data
            if let unreadable {
                error = unreadable
                return
            }
            do {
                switch try SubmissionReader.anyImportLine(Array(data)) {
                case .career(let submitted):
                    let record = submitted.record.stamped(by: recorder)
                    if wanted { event = record.newEvent(payload: submitted.payload) }
                    payload = submitted.payload
                    stream = record.nip.digits
                    self.record = record
                case .agency(let submitted):
                    let record = submitted.record.stamped(by: recorder)
                    if wanted { event = record.newEvent(payload: submitted.payload) }
                    payload = submitted.payload
                    stream = record.stream
                    agencyRecord = record
                }
            } catch let refusal as DomainError {
                error = refusal
            } catch {
                self.error = DomainError(field: "line", rule: "is not valid JSON")
            }
        }
    }

    /// The next lines of `reader` (4,096 per core), decoded on every core, in file order: one
    /// array per core, empty at the end. With `events`, each readable line also comes with the
    /// event it stores.
    static func nextDecodedLines(from reader: inout JSONLinesReader, recorder: Recorder, events: Bool) async throws -> [[DecodedLine]] {
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
                    (index, chunk.map { DecodedLine(number: $0.0, data: $0.1, recorder: recorder, event: events, unreadable: $0.2) })
                }
            }
            var results = [[DecodedLine]](repeating: [], count: chunks.count)
            for try await (index, result) in group { results[index] = result }
            return results
        }
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
        var histories = Histories(store: log.store, empty: true, holding: firstLoadHolding)
        var reader = try JSONLinesReader(path: path)
        var loading = true
        var inFlight = BatchInFlight()
        do {
            while true {
                try Task.checkCancellation()
                var decoded = try await Self.nextDecodedLines(from: &reader, recorder: recorder, events: loading)
                if decoded.isEmpty { break }
                // Nothing to read from an empty log: this takes in the new employees and lets go of
                // those seen longest ago (see `Histories`).
                try await histories.load(for: decoded)
                var batch = [ReadyLine]()
                batch.reserveCapacity(decoded.reduce(0) { $0 + $1.count })
                // Each line is moved out of its slice in file order (reversed, then taken from the
                // end), so neither the line nor its event is copied on the way into the batch.
                decoded.reverse()
                while var slice = decoded.popLast() {
                    slice.withUnsafeMutableBufferPointer { $0.reverse() }  // swaps by moving, not copying
                    while var line = slice.popLast() {
                        report.lines += 1
                        let stream = line.stream
                        switch histories.judge(&line, today: today) {
                        case .refused(let rejection):
                            report.rejected.append(rejection)
                            if !skipInvalid { loading = false }
                        case .accepted, .stored:
                            if loading, let event = line.event.take() {
                                batch.append(ReadyLine(number: line.number, stream: stream, event: event, stored: false))
                            }
                        }
                    }
                }
                try await inFlight.settle(into: &report, total: total, progress: progress)
                if loading, !batch.isEmpty {
                    let ready = batch
                    inFlight.start { try await append(ready, versions: [:], into: load) }
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
