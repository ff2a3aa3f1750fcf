/// A definitive move between post families that the agency's career pattern in force on its
/// TMT does not allow is a finding (`M-PATTERN`); moves before any pattern are not judged. A
/// family is the longest one named in that pattern that starts the post title (case aside);
/// posts of no family are not judged. Each distinct title is matched once, not each move.
public struct MoveWithinCareerPattern: CrossStreamRule {
    public let id = "M-PATTERN"
    public init() {}

    public func query(_ table: (String) -> String, only: (String) -> String) -> String {
        let patterns = table("career_patterns")
        return """
            WITH versions AS MATERIALIZED (
                SELECT agency, declared_on, valid_until, min(event_id::text)::uuid AS event_id FROM \(patterns) GROUP BY 1, 2, 3
            ),
            families AS MATERIALIZED (
                SELECT DISTINCT agency, declared_on, family, lower(family) AS lowered
                FROM (SELECT agency, declared_on, from_family AS family FROM \(patterns)
                      UNION ALL SELECT agency, declared_on, to_family FROM \(patterns)) f
            ),
            moves AS MATERIALIZED (
                SELECT d.*, v.declared_on, v.event_id AS pattern_event FROM \(table("definitive_posts")) d
                JOIN versions v ON v.agency = d.agency AND d.effective_date >= v.declared_on
                    AND (v.valid_until IS NULL OR d.effective_date < v.valid_until)
                WHERE d.previous_title IS NOT NULL AND \(only("d.nip"))
            ),
            titles AS MATERIALIZED (
                SELECT t.agency, t.declared_on, t.title,
                    (SELECT f.family FROM families f
                     WHERE f.agency = t.agency AND f.declared_on = t.declared_on AND starts_with(lower(t.title), f.lowered)
                     ORDER BY length(f.family) DESC, f.family LIMIT 1) AS family
                FROM (SELECT agency, declared_on, title FROM moves UNION SELECT agency, declared_on, previous_title FROM moves) t
            )
            SELECT d.nip, '\(id)', 'warning',
                format('move from %s to %s is outside the career pattern of %s declared %s (no move from %s to %s)', d.previous_title,
                    d.title, d.agency, d.declared_on, s.family, t.family),
                ARRAY[d.event_id, d.pattern_event], 'open', d.unit, d.agency, c.unit, c.agency, d.effective_date, d.decree_number,
                d.decree_date, d.recorded_by, d.operator, d.recorded_at
            FROM moves d
            JOIN titles s ON s.agency = d.agency AND s.declared_on = d.declared_on AND s.title = d.previous_title
            JOIN titles t ON t.agency = d.agency AND t.declared_on = d.declared_on AND t.title = d.title
            \(Self.current(table, "d.nip"))
            WHERE s.family IS NOT NULL AND t.family IS NOT NULL AND s.family <> t.family
                AND NOT EXISTS (
                    SELECT 1 FROM \(patterns) p
                    WHERE p.agency = d.agency AND p.declared_on = d.declared_on AND p.from_family = s.family AND p.to_family = t.family)
            """
    }
}
