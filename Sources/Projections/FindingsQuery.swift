import CareerDomain
import Foundation
import PostgresClient

/// A page of findings with the filters inspectors use: where the event took effect (agency,
/// unit) or where the employee is now, the rule, severity, state and TMT period; the total
/// matching, for paging.
public struct FindingsQuery: Sendable, Hashable {
    public var agency: String?
    public var unit: String?
    public var currentAgency: String?
    public var currentUnit: String?
    public var nip: String?
    public var rule: String?
    public var severity: String?
    public var state: String?
    /// TMT period of the event behind the finding (inclusive).
    public var from: CivilDate?
    public var to: CivilDate?
    /// Only findings the record showed at this time (µs since 1970): those whose events were all
    /// recorded by then (a finding caused by a later record, a family tie declared late, say, is
    /// not among them).
    public var knownAt: Int64?
    public var offset = 0
    public var limit = 100

    public init() {}

    /// One finding as stored.
    public struct Row: Sendable, Hashable {
        public var nip: String, rule: String, severity: String, message: String, eventIDs: [String], state: String
        public var unit: String?, agency: String?, currentUnit: String?, currentAgency: String?, effectiveDate: String?
        public var decreeNumber: String?, decreeDate: String?, recordedBy: String?, operatorName: String?, recordedAt: String?

        /// Everyone the finding names: its employee, then every NIP its message names (a
        /// relative, a committee member, the proposed candidates), for the access log.
        public var people: [String] {
            var named = [nip]
            let bytes = Array(message.utf8)
            var index = 0
            while index < bytes.count {
                guard (48...57).contains(bytes[index]) else {
                    index += 1
                    continue
                }
                var end = index
                while end < bytes.count, (48...57).contains(bytes[end]) { end += 1 }
                let digits = String(decoding: bytes[index..<end], as: UTF8.self)
                if end - index == 18, (try? NIP(digits)) != nil, !named.contains(digits) { named.append(digits) }
                index = end
            }
            return named
        }
    }

    /// Everyone a page of findings names, each once.
    public static func people(in rows: [Row]) -> [String] {
        var seen = Set<String>(), named = [String]()
        for row in rows { for nip in row.people where seen.insert(nip).inserted { named.append(nip) } }
        return named.sorted()
    }

    static let columns = """
        nip, rule_id, severity, message, array_to_string(event_ids, ','), state, unit, agency, current_unit, current_agency,
        effective_date::text, decree_number, decree_date::text, recorded_by, operator, recorded_at
        """

    static func row(_ row: PostgresRow) throws -> Row {
        Row(
            nip: try row.decode(String.self, at: 0), rule: try row.decode(String.self, at: 1), severity: try row.decode(String.self, at: 2),
            message: try row.decode(String.self, at: 3),
            eventIDs: try row.decode(String.self, at: 4).split(separator: ",").map(String.init), state: try row.decode(String.self, at: 5),
            unit: try row.decode(String?.self, at: 6), agency: try row.decode(String?.self, at: 7),
            currentUnit: try row.decode(String?.self, at: 8),
            currentAgency: try row.decode(String?.self, at: 9), effectiveDate: try row.decode(String?.self, at: 10),
            decreeNumber: try row.decode(String?.self, at: 11), decreeDate: try row.decode(String?.self, at: 12),
            recordedBy: try row.decode(String?.self, at: 13), operatorName: try row.decode(String?.self, at: 14),
            recordedAt: try row.decode(PostgresTimestamp?.self, at: 15)?.iso8601)
    }

    /// The matching total and the page, read in one snapshot.
    public func run(on pool: PostgresConnectionPool) async throws -> (total: Int, rows: [Row]) {
        let query = self
        return try await pool.withConnection { connection in
            try connection.withTransaction(isolation: .repeatableRead) { connection in
                let filter: PostgresQuery = """
                    (\(query.agency)::text IS NULL OR agency = \(query.agency)) AND (\(query.unit)::text IS NULL OR unit = \(query.unit))
                    AND (\(query.currentAgency)::text IS NULL OR current_agency = \(query.currentAgency))
                    AND (\(query.currentUnit)::text IS NULL OR current_unit = \(query.currentUnit))
                    AND (\(query.nip)::text IS NULL OR nip = \(query.nip)) AND (\(query.rule)::text IS NULL OR rule_id = \(query.rule))
                    AND (\(query.severity)::text IS NULL OR severity = \(query.severity)) AND (\(query.state)::text IS NULL OR state =
                        \(query.state))
                    AND (\(query.from.map(\.description))::date IS NULL OR effective_date >= \(query.from.map(\.description))::date)
                    AND (\(query.to.map(\.description))::date IS NULL OR effective_date <= \(query.to.map(\.description))::date)
                    AND (\(query.knownAt)::bigint IS NULL OR recorded_at IS NULL
                        OR recorded_at <= 'epoch'::timestamptz + \(query.knownAt)::bigint * interval '1 microsecond')
                    """
                let total =
                    try connection.query("SELECT count(*) FROM findings WHERE \(fragment: filter)").firstRow?.decode(Int.self, at: 0) ?? 0
                let rows = try connection.query(
                    """
                    SELECT \(fragment: PostgresQuery(unsafeSQL: Self.columns)) FROM findings WHERE \(fragment: filter)
                    ORDER BY effective_date DESC NULLS LAST, nip, rule_id, message OFFSET \(query.offset) LIMIT \(query.limit)
                    """
                ).map(Self.row)
                return (total, rows)
            }
        }
    }
}
