import CareerDomain
import EventStore
import Foundation
import Logging
import PostgresClient

/// The read models as they were at an earlier log position, for one report: the live rows of
/// every employee whose stream has not changed since, and, for those whose stream has, rows
/// recomputed from their events up to that position (into temporary tables of the report's own
/// transaction). The work is bounded by the events since the position, never by the whole log.
struct ReadModelsAtPosition {
    /// How many events may have come after the position asked for.
    static let maximumEventsSince = 50_000

    /// A table of the read models, or the expression standing for it at the position.
    let tables: [String: String]

    /// The live tables.
    static let live = ReadModelsAtPosition(tables: [:])

    func callAsFunction(_ table: String) -> PostgresQuery {
        PostgresQuery(unsafeSQL: tables[table] ?? table)
    }

    /// Prepares, inside `connection`'s open transaction, the tables as they were at `position`;
    /// the read models must have reached it (`checkpoint`). Throws `ReportError` when the
    /// position is ahead of the read models or too far back.
    static func prepare(
        at position: Int64, checkpoint: Int64, today: CivilDate, on connection: PostgresConnection
    ) throws -> ReadModelsAtPosition {
        guard position <= checkpoint else {
            throw ReportError(field: "atPosition", rule: "the read models are at position \(checkpoint), not yet at \(position)")
        }
        guard position >= 0 else { throw ReportError(field: "atPosition", rule: "must be 0 or more") }
        let since =
            try connection.query("SELECT count(*) FROM events WHERE position > \(position) AND position <= \(checkpoint)")
            .firstRow?.decode(Int.self, at: 0) ?? 0
        guard since <= maximumEventsSince else {
            throw ReportError(
                field: "atPosition",
                rule: "\(since) events came after position \(position); at most \(maximumEventsSince) may be replayed for a report")
        }
        guard since > 0 else { return .live }
        let changed = try connection.query(
            """
            SELECT DISTINCT stream FROM events WHERE position > \(position) AND position <= \(checkpoint)
            """
        ).map { try $0.decode(String.self, at: 0) }
        try connection.runScript("CREATE TEMP TABLE changed_at (nip text PRIMARY KEY) ON COMMIT DROP")
        try connection.query("INSERT INTO changed_at SELECT unnest(\(changed)::text[])")
        for table in ReadModelTables.names {
            try connection.query("CREATE TEMP TABLE \(identifier: table + "_at") (LIKE \(identifier: table)) ON COMMIT DROP")
        }
        let events = try EventStore.streams(changed, through: position, on: connection)
        let rows = EmployeeProjection.rows(
            for: events, today: today, policy: .from(environment: ProcessInfo.processInfo.environment),
            logger: Logger(label: "riwayat.reports"))
        try ReadModelTables.insert(rows, suffix: "_at", on: connection)
        var tables = [String: String]()
        for table in ReadModelTables.names {
            let key = ReadModelTables.agencyTables.contains(table) ? "stream" : "nip"
            tables[table] =
                "(SELECT * FROM \(table) WHERE \(key) NOT IN (SELECT nip FROM changed_at) UNION ALL SELECT * FROM pg_temp.\(table)_at)"
        }
        return ReadModelsAtPosition(tables: tables)
    }
}
