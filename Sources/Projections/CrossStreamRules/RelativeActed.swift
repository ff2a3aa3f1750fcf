/// A rating, mentoring or decree by a declared relative of the person it benefits, or a seat on
/// the committee of a selection a relative ran in (`M-RELATIVE`). A tie counts whoever declared
/// it and whenever: declared later, it re-judges the past, and the finding is known from the
/// later of the two records. The act's TMT, decree and recorder come from the log.
public struct RelativeActed: CrossStreamRule {
    public let id = "M-RELATIVE"
    public init() {}

    public func query(_ table: (String) -> String, only: (String) -> String) -> String {
        let what = """
            CASE a.role WHEN 'appraiser' THEN 'rating (SKP)' WHEN 'mentor' THEN 'mentoring'
                ELSE 'decree ' || coalesce(e.metadata -> 'decree' ->> 'number', '') END
            """
        func acts(_ join: String) -> String {
            """
            SELECT a.nip, '\(id)', 'serious',
                format('%s of %s by %s, a declared relative (%s, declared by %s)', \(what), a.nip, a.actor, t.relation, t.nip),
                ARRAY[a.event_id, t.event_id], 'open', p.unit, p.agency, c.unit, c.agency, e.effective_date,
                e.metadata -> 'decree' ->> 'number', (e.metadata -> 'decree' ->> 'date')::date,
                CASE WHEN t.recorded_at > e.recorded_at THEN t.recorded_by ELSE e.metadata ->> 'recordedBy' END, NULL::text,
                greatest(e.recorded_at, t.recorded_at)
            FROM \(table("person_acts")) a JOIN \(table("family_ties")) t ON \(join)
            JOIN events e ON e.event_id = a.event_id
            LEFT JOIN \(table("employee_periods")) p ON p.nip = a.nip AND p.valid @> e.effective_date
            \(Self.current(table, "a.nip"))
            WHERE \(only("a.nip"))
            """
        }
        return """
            \(acts("t.nip = a.nip AND t.relative = a.actor"))
            UNION ALL
            \(acts("t.nip = a.actor AND t.relative = a.nip"))
            UNION ALL
            SELECT sc.nip, '\(id)', 'serious',
                format('selection %s of %s: committee member %s is a declared relative (%s, declared by %s) of candidate %s',
                    s.selection_id, s.agency, CASE WHEN t.nip = sc.nip THEN t.relative ELSE t.nip END, t.relation, t.nip, sc.nip),
                ARRAY[s.committee_event, t.event_id], 'open', s.unit, s.agency, c.unit, c.agency, sc.assessed_on, NULL::text, NULL::date,
                t.recorded_by, NULL::text, greatest(s.committee_recorded_at, t.recorded_at)
            FROM \(table("selection_candidates")) sc
            JOIN \(table("selections")) s ON s.agency = sc.agency AND s.selection_id = sc.selection_id
            JOIN \(table("family_ties")) t
                ON (t.nip = sc.nip AND t.relative = ANY(s.committee)) OR (t.relative = sc.nip AND t.nip = ANY(s.committee))
            \(Self.current(table, "sc.nip"))
            WHERE s.committee_event IS NOT NULL AND \(only("sc.nip"))
            """
    }
}
