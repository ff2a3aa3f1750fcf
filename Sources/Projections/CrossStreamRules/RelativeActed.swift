/// A rating, mentoring or decree by a declared relative of the person it benefits, or a seat on
/// the committee of a selection a relative ran in (`M-RELATIVE`). A tie counts whoever declared
/// it and whenever: declared later, it re-judges the past, and the finding is known from the
/// later of the two records. One finding per act (or committee seat), however many times the
/// tie was declared: the tie known first is named. The act's TMT, decree and recorder come from
/// the log.
public struct RelativeActed: CrossStreamRule {
    public let id = "M-RELATIVE"
    public init() {}

    public func query(_ table: (String) -> String, only: (String) -> String) -> String {
        // Every tie both ways: `nip` is related to `relative`, as `declarer` declared it.
        let ties = """
            (SELECT nip, relative, relation, nip AS declarer, event_id, recorded_at, recorded_by FROM \(table("family_ties"))
             UNION ALL
             SELECT relative, nip, relation, nip, event_id, recorded_at, recorded_by FROM \(table("family_ties")))
            """
        let what = """
            CASE a.role WHEN 'appraiser' THEN 'rating (SKP)' WHEN 'mentor' THEN 'mentoring'
                ELSE 'decree ' || coalesce(e.metadata -> 'decree' ->> 'number', '') END
            """
        return """
            (SELECT DISTINCT ON (a.nip, a.event_id) a.nip, '\(id)', 'serious',
                format('%s of %s by %s, a declared relative (%s, declared by %s)', \(what), a.nip, a.actor, t.relation, t.declarer),
                ARRAY[a.event_id, t.event_id], 'open', p.unit, p.agency, c.unit, c.agency, e.effective_date,
                e.metadata -> 'decree' ->> 'number', (e.metadata -> 'decree' ->> 'date')::date,
                CASE WHEN t.recorded_at > e.recorded_at THEN t.recorded_by ELSE e.metadata ->> 'recordedBy' END, NULL::text,
                greatest(e.recorded_at, t.recorded_at)
            FROM \(table("person_acts")) a JOIN \(ties) t ON t.nip = a.nip AND t.relative = a.actor
            JOIN events e ON e.event_id = a.event_id
            LEFT JOIN \(table("employee_periods")) p ON p.nip = a.nip AND p.valid @> e.effective_date
            \(Self.current(table, "a.nip"))
            WHERE \(only("a.nip"))
            ORDER BY a.nip, a.event_id, t.recorded_at, t.event_id)
            UNION ALL
            (SELECT DISTINCT ON (sc.nip, s.agency, s.selection_id) sc.nip, '\(id)', 'serious',
                format('selection %s of %s: committee member %s is a declared relative (%s, declared by %s) of candidate %s',
                    s.selection_id, s.agency, t.relative, t.relation, t.declarer, sc.nip),
                ARRAY[s.committee_event, t.event_id], 'open', s.unit, s.agency, c.unit, c.agency, sc.assessed_on, NULL::text, NULL::date,
                t.recorded_by, NULL::text, greatest(s.committee_recorded_at, t.recorded_at)
            FROM \(table("selection_candidates")) sc
            JOIN \(table("selections")) s ON s.agency = sc.agency AND s.selection_id = sc.selection_id
            JOIN \(ties) t ON t.nip = sc.nip AND t.relative = ANY(s.committee)
            \(Self.current(table, "sc.nip"))
            WHERE s.committee_event IS NOT NULL AND \(only("sc.nip"))
            ORDER BY sc.nip, s.agency, s.selection_id, t.recorded_at, t.event_id)
            """
    }
}
