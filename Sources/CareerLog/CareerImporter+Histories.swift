import CareerDomain
import EventStore
import Foundation

extension CareerImporter {
    /// What the rules know of each employee in a file: the stored history (read once, when the
    /// employee's first line comes up) and the accepted lines before. Lines are judged in file order.
    ///
    /// With `holding`, at most that many employees' histories are kept (a first load of a national
    /// register would otherwise hold every event of it): the employee first seen longest ago is
    /// forgotten, and a later line of a forgotten employee is refused, naming the rule (an
    /// employee's lines belong together; export files are grouped or sorted by NIP).
    struct Histories {
        let store: EventStore
        /// The log was empty when the import began: nothing to read.
        let empty: Bool
        let holding: Int?
        private var known = [String: StreamHistory]()
        /// The employees in `known`, in the order they were first seen (from `oldest` on).
        private var order = [String]()
        private var oldest = 0
        /// Employees whose histories were let go.
        private var forgotten = Set<String>()
        /// The agencies' streams in the file, by stream key.
        private var agencies = [String: AgencyHistory]()
        /// Each employee's stored version (0 for new employees).
        private(set) var versions = [String: Int]()
        /// The line that took each event id in this file.
        private var lines = [UUID: Int]()
        /// Events of the current slice's ids that the store holds already: stream, type, TMT, payload.
        private var storedByID = [UUID: (stream: String, type: String, day: Int?, payload: String)]()

        init(store: EventStore, empty: Bool, holding: Int? = nil) {
            self.store = store
            self.empty = empty
            self.holding = holding.map { max(1, $0) }
        }

        /// Lets go of the employees first seen longest ago while more than `holding` are held,
        /// keeping those the next lines (`current`) name.
        private mutating func forgetOldest(keeping current: Set<String>) {
            guard let holding else { return }
            var kept = [String]()
            while known.count > holding, oldest < order.count {
                let stream = order[oldest]
                oldest += 1
                if current.contains(stream) {
                    kept.append(stream)
                    continue
                }
                guard let history = known.removeValue(forKey: stream) else { continue }
                for id in history.ids { lines.removeValue(forKey: id) }
                forgotten.insert(stream)
            }
            order += kept
            if oldest > 65_536 {
                order.removeFirst(oldest)
                oldest = 0
            }
        }

        /// A line's verdict.
        enum Verdict {
            case accepted
            /// Its event id is stored already for this employee (a rerun re-sends it).
            case stored
            case refused(Rejection)
        }

        /// Reads the stored histories of the employees in `slices` not seen before, and the stored
        /// events bearing the slices' ids, in one query each.
        mutating func load(for slices: [[DecodedLine]]) async throws {
            var missing = Set<String>()
            var ids = [UUID]()
            for slice in slices {
                for line in slice {
                    if let nip = line.record?.nip.digits, known[nip] == nil, !forgotten.contains(nip) { missing.insert(nip) }
                    if let agency = line.agencyRecord, agencies[agency.stream] == nil { missing.insert(agency.stream) }
                    if let id = line.record?.id ?? line.agencyRecord?.id { ids.append(id) }
                }
            }
            storedByID.removeAll(keepingCapacity: true)
            if !empty, !ids.isEmpty {
                let found = try await store.pool.query(
                    """
                    SELECT event_id, stream, event_type, effective_date - DATE
                        '1970-01-01', payload::text FROM events WHERE event_id = ANY(\(ids)::uuid[])
                    """)
                for row in found {
                    storedByID[try row.decode(UUID.self, at: 0)] = (
                        try row.decode(String.self, at: 1), try row.decode(String.self, at: 2), try row.decode(Int?.self, at: 3),
                        try row.decode(String.self, at: 4)
                    )
                }
            }
            guard !missing.isEmpty else { return }
            for stream in missing {
                if AgencyRecord.agency(ofStream: stream) != nil {
                    agencies[stream] = AgencyHistory()
                } else if !forgotten.contains(stream) {
                    known[stream] = StreamHistory()
                    if holding != nil { order.append(stream) }
                }
                versions[stream] = 0
            }
            if let holding, known.count > holding {
                var current = Set<String>()
                for slice in slices { for line in slice { if let nip = line.record?.nip.digits { current.insert(nip) } } }
                forgetOldest(keeping: current)
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
                while end < events.count, events[end].stream.utf8.elementsEqual(stream.utf8) { end += 1 }
                if let nip = try? NIP(stream) {
                    known[stream] = StoredHistory(Array(events[index..<end]), nip: nip).streamHistory
                    versions[stream] = events[end - 1].version
                } else if AgencyRecord.agency(ofStream: stream) != nil {
                    agencies[stream] = AgencyHistory(events[index..<end].compactMap { try? AgencyRecord(recorded: $0) })
                    versions[stream] = events[end - 1].version
                }
                index = end
            }
        }

        /// Judges a decoded line against its employee's history, and takes it in when accepted.
        /// The line's record is moved out of it (not copied): judged lines keep only their event.
        mutating func judge(_ line: inout DecodedLine, today: CivilDate) -> Verdict {
            if let agency = line.agencyRecord.take() { return judge(agency, of: line, today: today) }
            guard let record = line.record.take() else {
                let error = line.error ?? DomainError(field: "line", rule: "cannot be read")
                return .refused(Rejection(line: line.number, error: error, text: String(decoding: line.data, as: UTF8.self)))
            }
            func refuse(_ field: String, _ rule: String) -> Verdict {
                .refused(
                    Rejection(
                        line: line.number, error: DomainError(field: field, rule: rule), text: String(decoding: line.data, as: UTF8.self)))
            }
            let nip = record.nip.digits, id = record.id, text = id.uuidString.lowercased()
            if let earlier = lines[id] { return refuse("id", "\(text) is the id of line \(earlier) already") }
            if let stored = storedByID[id] {
                // A re-sent line (an interrupted import run again) must be the event as stored.
                guard stored.stream == nip else { return refuse("id", "\(text) is stored already for another employee") }
                guard stored.type == record.event.type, stored.day == record.effectiveDate.dayNumber,
                    stored.payload == String(decoding: line.payload, as: UTF8.self)
                else { return refuse("id", "\(text) is stored already with other content") }
                lines[id] = line.number
                return .stored
            }
            if forgotten.contains(nip) {
                return refuse(
                    "nip",
                    "NIP \(nip) comes again after the lines of \(holding ?? 0) other employees: a first load holds that many "
                        + "employees' histories at once; put each employee's lines together (sort the file by NIP)")
            }
            let verdict = Self.judge(record, of: line, against: &known[nip, default: StreamHistory()], today: today)
            if case .refused = verdict {} else { lines[id] = line.number }
            return verdict
        }

        /// Judges an agency's line by the agency stream's rules (`AgencyRules`), as the agency
        /// write gate does.
        private mutating func judge(_ record: AgencyRecord, of line: DecodedLine, today: CivilDate) -> Verdict {
            let text = record.id.uuidString.lowercased()
            func refuse(_ error: DomainError) -> Verdict {
                .refused(Rejection(line: line.number, error: error, text: String(decoding: line.data, as: UTF8.self)))
            }
            if let earlier = lines[record.id] {
                return refuse(DomainError(field: "id", rule: "\(text) is the id of line \(earlier) already"))
            }
            if let stored = storedByID[record.id] {
                guard stored.stream == record.stream, stored.type == record.event.type, stored.day == record.effectiveDate.dayNumber,
                    stored.payload == String(decoding: line.payload, as: UTF8.self)
                else { return refuse(DomainError(field: "id", rule: "\(text) is stored already with other content")) }
                lines[record.id] = line.number
                return .stored
            }
            var history = agencies[record.stream] ?? AgencyHistory()
            if let refusal = AgencyRules.check(record, history: history, today: today) { return refuse(refusal) }
            history.add(record)
            agencies[record.stream] = history
            lines[record.id] = line.number
            return .accepted
        }

        private static func judge(
            _ record: consuming CareerRecord, of line: borrowing DecodedLine, against history: inout StreamHistory, today: CivilDate
        ) -> Verdict {
            if history.knows(record.id) { return .stored }
            if let refusal = StructuralRules.check(record, history: history, today: today) {
                return .refused(Rejection(line: line.number, error: refusal, text: String(decoding: line.data, as: UTF8.self)))
            }
            history.add(record)
            return .accepted
        }
    }
}
