import CareerDomain
import CareerLog
import EventStore
import Foundation
import Logging
import PostgresClient

/// The employee read models (`employee_current`, `employee_periods`, `grade_periods`,
/// `findings`, `training_years`, `rating_years`, `career_flows`), kept up to date from the log.
///
/// Each batch of events recomputes the rows of the employees it touches from their whole
/// streams and writes them in one transaction together with the checkpoint, so a crash never
/// applies an event twice or skips one. The checkpoint update also fences: it only succeeds
/// from the position this runner read, so a runner that lost its lock cannot overwrite another.
public struct EmployeeProjection: Sendable {
    public static let name = "employees"
    /// Bump when the rows change meaning: a new version rebuilds itself on start.
    public static let version = 9

    public let store: EventStore
    public var today: @Sendable () -> CivilDate
    public var logger: Logger
    /// The policy rules' settings (`RIWAYAT_BACKDATED_DECREE_DAYS`); changing them needs a rebuild.
    public var policy: PolicySettings
    /// Whether the merit system's read models (and the cross-stream findings) are kept: off only
    /// for the benchmark's baseline, which measures what they cost a rebuild.
    public var meritReadModels = true

    public init(
        store: EventStore, today: @escaping @Sendable () -> CivilDate = EmployeeProjection.utcToday,
        logger: Logger = Logger(label: "riwayat.projection"),
        policy: PolicySettings = .from(environment: ProcessInfo.processInfo.environment)
    ) {
        self.store = store
        self.today = today
        self.logger = logger
        self.policy = policy
    }

    /// Today's date in UTC.
    public static let utcToday: @Sendable () -> CivilDate = {
        CivilDate(dayNumber: Int(Date().timeIntervalSince1970 / 86_400))
    }

    /// The stored checkpoint and version (`nil` when never run).
    public func checkpoint() async throws -> (position: Int64, version: Int)? {
        try await store.pool.withConnection { connection in
            guard let row = try connection.query("SELECT position, version FROM projection_checkpoints WHERE name = \(Self.name)").firstRow
            else {
                return nil
            }
            return (try row.decode(Int64.self, at: 0), try row.decode(Int.self, at: 1))
        }
    }

    /// Applies the events after the checkpoint, at most `limit`; returns the new checkpoint.
    /// `failBeforeCommit` exists for tests: it throws after the rows are written, before commit.
    @discardableResult
    public func applyNext(limit: Int = 1000, failBeforeCommit: Bool = false) async throws -> Int64 {
        let from = try await checkpoint()?.position ?? 0
        let events = try await store.readAll(after: from, limit: limit)
        guard let last = events.last?.position else { return from }
        // Compared byte for byte: Swift's `==` on text would take two spellings of one agency name for one stream.
        let nips = Self.distinctStreams(events)
        let today = self.today()
        let name = Self.name, version = Self.version
        let logger = self.logger, policy = self.policy, merit = meritReadModels
        try await store.pool.withConnection { connection in
            let streams = try EventStore.streams(nips, through: last, on: connection)
            let rows = Self.rows(for: streams, today: today, policy: policy, logger: logger, merit: merit)
            try connection.withTransaction { connection in
                try connection.query(
                    """
                    INSERT INTO projection_checkpoints (name, version, position) VALUES (\(name), \(version), 0)
                    ON CONFLICT (name) DO NOTHING
                    """)
                let moved = try connection.query(
                    """
                    UPDATE projection_checkpoints SET position = \(last), updated_at = now()
                    WHERE name = \(name) AND position = \(from)
                    """
                ).affectedRows
                guard moved == 1 else {
                    throw PostgresError(
                        code: .invalidQuery, message: "projection \(name) moved past \(from) meanwhile: another runner is active")
                }
                let before = merit ? try CrossStreamFindings.affected(by: nips, on: connection) : []
                try ReadModelTables.delete(nips: nips, suffix: "", on: connection)
                try ReadModelTables.insert(rows, suffix: "", on: connection)
                if merit {
                    try CrossStreamFindings.refresh(
                        before.union(try CrossStreamFindings.affected(by: nips, on: connection)), on: connection)
                }
                if failBeforeCommit { throw ProjectionError.simulatedCrash }
            }
        }
        return last
    }

    /// The distinct streams of `events`, byte for byte, sorted by their bytes.
    static func distinctStreams(_ events: [RecordedEvent]) -> [String] {
        var seen = Set<[UInt8]>()
        return events.compactMap { seen.insert(Array($0.stream.utf8)).inserted ? $0.stream : nil }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Groups stored events by stream and computes each employee's and each agency's rows.
    /// Streams that are neither (or events that cannot be read) are skipped with a warning.
    static func rows(
        for events: [RecordedEvent], today: CivilDate, policy: PolicySettings, logger: Logger, merit: Bool = true
    ) -> ProjectedRows {
        let rules = PolicyRules.rules(policy)
        var rows = ProjectedRows()
        var index = 0
        while index < events.count {
            let stream = events[index].stream
            func same(_ event: RecordedEvent) -> Bool { event.stream.utf8.elementsEqual(stream.utf8) }
            if let agency = AgencyRecord.agency(ofStream: stream) {
                guard merit else {
                    while index < events.count, same(events[index]) { index += 1 }
                    continue
                }
                var records = [AgencyRecord]()
                while index < events.count, same(events[index]) {
                    do {
                        records.append(try AgencyRecord(recorded: events[index]))
                    } catch {
                        logger.warning(
                            "event is not an agency record; skipped",
                            metadata: ["position": "\(events[index].position)", "error": "\(error)"])
                    }
                    index += 1
                }
                rows.agencies.append(AgencyRows(agency: agency, records: records))
                continue
            }
            let streamNIP = try? NIP(stream)
            var records = [CareerRecord]()
            while index < events.count, same(events[index]) {
                do {
                    records.append(try CareerRecord(recorded: events[index], stream: streamNIP))
                } catch {
                    logger.warning(
                        "event is not a career record; skipped", metadata: ["position": "\(events[index].position)", "error": "\(error)"])
                }
                index += 1
            }
            guard let nip = records.first?.nip else { continue }
            rows.employees.append(EmployeeRows(nip: nip, records: records, today: today, rules: rules, merit: merit))
        }
        return rows
    }
}
