/// A definitive move between post families the agency's career pattern does not allow, taking
/// effect once the pattern was declared, is a finding (`M-PATTERN`). A family is the longest
/// one named in the pattern that starts the post title (case aside); posts of no family are not
/// judged. Each distinct title is matched once, not each move.
public struct MoveWithinCareerPattern: CrossStreamRule {
    public let id = "M-PATTERN"
    public init() {}

    public func query(_ table: (String) -> String, only: (String) -> String) -> String {
        let patterns = table("career_patterns")
        return """
            WITH declared AS MATERIALIZED (
                SELECT agency, min(declared_on) AS declared_on, (array_agg(event_id ORDER BY event_id))[1] AS event_id
                FROM \(patterns) GROUP BY agency
            ),
            families AS MATERIALIZED (
                SELECT DISTINCT agency, family, lower(family) AS lowered
                FROM (SELECT agency, from_family AS family FROM \(patterns) UNION ALL SELECT agency, to_family FROM \(patterns)) f
            ),
            moves AS MATERIALIZED (
                SELECT d.*, x.declared_on, x.event_id AS pattern_event FROM \(table("definitive_posts")) d
                JOIN declared x ON x.agency = d.agency
                WHERE d.previous_title IS NOT NULL AND d.effective_date >= x.declared_on AND \(only("d.nip"))
            ),
            titles AS MATERIALIZED (
                SELECT t.agency, t.title,
                    (SELECT f.family FROM families f WHERE f.agency = t.agency AND starts_with(lower(t.title), f.lowered)
                     ORDER BY length(f.family) DESC, f.family LIMIT 1) AS family
                FROM (SELECT agency, title FROM moves UNION SELECT agency, previous_title FROM moves) t
            )
            SELECT d.nip, '\(id)', 'warning',
                format('move from %s to %s is outside the career pattern of %s (no move from %s to %s declared)', d.previous_title,
                    d.title, d.agency, s.family, t.family),
                ARRAY[d.event_id, d.pattern_event], 'open', d.unit, d.agency, c.unit, c.agency, d.effective_date, d.decree_number,
                d.decree_date, d.recorded_by, d.operator, d.recorded_at
            FROM moves d
            JOIN titles s ON s.agency = d.agency AND s.title = d.previous_title
            JOIN titles t ON t.agency = d.agency AND t.title = d.title
            \(Self.current(table, "d.nip"))
            WHERE s.family IS NOT NULL AND t.family IS NOT NULL AND s.family <> t.family
                AND NOT EXISTS (
                    SELECT 1 FROM \(patterns) p WHERE p.agency = d.agency AND p.from_family = s.family AND p.to_family = t.family)
            """
    }
}
