import CareerDomain
import EventStore
import Foundation

extension CareerImporter {
    /// What the rules know of each employee in a file: the stored history (read once, when the
    /// employee's first line comes up) and the accepted lines before. Lines are judged in file order.
    struct Histories {
        let store: EventStore
        /// The log was empty when the import began: nothing to read.
        let empty: Bool
        private var known = [String: StreamHistory]()
        /// Each employee's stored version (0 for new employees).
        private(set) var versions = [String: Int]()

        init(store: EventStore, empty: Bool) {
            self.store = store
            self.empty = empty
        }

        /// A line's verdict.
        enum Verdict {
            case accepted
            /// Its event id is stored already for this employee (a rerun re-sends it).
            case stored
            case refused(Rejection)
        }

        /// Reads the stored histories of the employees in `slices` not seen before, in one query.
        mutating func load(for slices: [[DecodedLine]]) async throws {
            var missing = Set<String>()
            for slice in slices {
                for line in slice {
                    if let nip = line.record?.nip.digits, known[nip] == nil { missing.insert(nip) }
                }
            }
            guard !missing.isEmpty else { return }
            for nip in missing {
                known[nip] = StreamHistory()
                versions[nip] = 0
            }
            guard !empty else { return }
            let streams = Array(missing)
            let events = try await store.pool.withConnection { connection in
                try EventStore.streams(streams, through: Int64.max, on: connection)
            }
            var index = 0
            while index < events.count {
                let stream = events[index].stream
                var end = index
                while end < events.count, events[end].stream == stream { end += 1 }
                if let nip = try? NIP(stream) {
                    known[stream] = StoredHistory(Array(events[index..<end]), nip: nip).streamHistory
                    versions[stream] = events[end - 1].version
                }
                index = end
            }
        }

        /// Judges a decoded line against its employee's history, and takes it in when accepted.
        /// The line's record is moved out of it (not copied): judged lines keep only their event.
        mutating func judge(_ line: inout DecodedLine, today: CivilDate) -> Verdict {
            guard let record = line.record.take() else {
                let error = line.error ?? DomainError(field: "line", rule: "cannot be read")
                return .refused(Rejection(line: line.number, error: error, text: String(decoding: line.data, as: UTF8.self)))
            }
            let nip = record.nip.digits
            return Self.judge(record, of: line, against: &known[nip, default: StreamHistory()], today: today)
        }

        private static func judge(_ record: consuming CareerRecord, of line: borrowing DecodedLine, against history: inout StreamHistory, today: CivilDate) -> Verdict {
            if history.knows(record.id) { return .stored }
            if let refusal = StructuralRules.check(record, history: history, today: today) {
                return .refused(Rejection(line: line.number, error: refusal, text: String(decoding: line.data, as: UTF8.self)))
            }
            history.add(record)
            return .accepted
        }
    }
}
