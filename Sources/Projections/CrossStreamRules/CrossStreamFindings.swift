import PostgresClient

/// Runs the cross-stream rules into `findings`: over everything after a rebuild, or for the
/// employees a batch of changed streams can affect (the streams themselves, relatives on either
/// side of a tie, the candidates, appointees and post holders of a changed agency, the holders
/// of key posts whose successors changed).
public enum CrossStreamFindings {
    public static let rules: [any CrossStreamRule] = [
        RelativeActed(), OpenSelectionForJPT(), AppointeeAmongProposed(), MoveWithinCareerPattern(), ReadySuccessorForKeyPost(),
    ]

    static let columns =
        "nip, rule_id, severity, message, event_ids, state, unit, agency, current_unit, current_agency, effective_date, "
        + "decree_number, decree_date, recorded_by, operator, recorded_at"

    /// Every cross-stream finding into `findings` + `suffix` (after a rebuild's load).
    static func insertAll(suffix: String, on connection: PostgresConnection) throws {
        let table = { (name: String) in PostgresQuery.quoteIdentifier(name + suffix) }
        for rule in rules {
            try connection.query(
                PostgresQuery(unsafeSQL: "INSERT INTO \(table("findings")) (\(columns)) \(rule.query(table, only: { _ in "true" }))"))
        }
        try connection.query(
            PostgresQuery(
                unsafeSQL: """
                    UPDATE \(table("employee_current")) e SET open_findings = n.open
                    FROM (SELECT nip, count(*) FILTER (WHERE state = 'open') AS open FROM \(table("findings")) GROUP BY nip) n
                    WHERE n.nip = e.nip AND e.open_findings <> n.open
                    """))
    }

    /// Every cross-stream finding into the live `findings` (benchmarks that fill read models
    /// without a log).
    public static func insertAllForBenchmark(on connection: PostgresConnection) throws {
        try insertAll(suffix: "", on: connection)
    }

    /// The employees whose cross-stream findings a change of `streams` can touch, as the live
    /// read models stand (asked before the changed rows are deleted and after the new ones are in).
    static func affected(by streams: [String], on connection: PostgresConnection) throws -> Set<String> {
        let rows = try connection.query(
            """
            SELECT unnest(\(streams)::text[])
            UNION SELECT relative FROM family_ties WHERE nip = ANY(\(streams)::text[])
            UNION SELECT nip FROM family_ties WHERE relative = ANY(\(streams)::text[])
            UNION SELECT nip FROM selection_candidates WHERE stream = ANY(\(streams)::text[])
            UNION SELECT appointee FROM selections WHERE stream = ANY(\(streams)::text[]) AND appointee IS NOT NULL
            UNION SELECT d.nip FROM definitive_posts d
                WHERE d.agency IN (SELECT agency FROM career_patterns WHERE stream = ANY(\(streams)::text[]))
                    OR (d.kind LIKE 'JPT%' AND d.agency IN (SELECT agency FROM selections WHERE stream = ANY(\(streams)::text[])))
            UNION SELECT c.nip FROM employee_current c JOIN successors s
                ON c.post_title = s.key_title AND c.unit = s.key_unit AND c.agency = s.key_agency
                WHERE s.nip = ANY(\(streams)::text[])
            """)
        var nips = Set<String>()
        for row in rows { if let nip = try row.decode(String?.self, at: 0) { nips.insert(nip) } }
        return nips
    }

    /// Recomputes the cross-stream findings of `nips` in the live tables.
    static func refresh(_ nips: Set<String>, on connection: PostgresConnection) throws {
        guard !nips.isEmpty else { return }
        let list = nips.sorted()
        let ids = rules.map(\.id)
        try connection.query("DELETE FROM findings WHERE nip = ANY(\(list)::text[]) AND rule_id = ANY(\(ids)::text[])")
        let table = { (name: String) in PostgresQuery.quoteIdentifier(name) }
        // The employees asked for, bound once as $1 and named where each rule narrows its work.
        let only = { (column: String) in "\(column) = ANY($1::text[])" }
        for rule in rules {
            try connection.query(
                PostgresQuery(
                    unsafeSQL: "INSERT INTO findings (\(columns)) \(rule.query(table, only: only))", bindings: [list.postgresBinding]))
        }
        try connection.query(
            """
            UPDATE employee_current e SET open_findings = (SELECT count(*) FROM findings f WHERE f.nip = e.nip AND f.state = 'open')
            WHERE e.nip = ANY(\(list)::text[])
            """)
    }
}
