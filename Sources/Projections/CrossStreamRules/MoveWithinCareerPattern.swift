/// A definitive move between post families the agency's career pattern does not allow, taking
/// effect once the pattern was declared, is a finding (`M-PATTERN`). A family is the longest
/// one named in the pattern that starts the post title; posts of no family are not judged.
public struct MoveWithinCareerPattern: CrossStreamRule {
    public let id = "M-PATTERN"
    public init() {}

    public func query(_ table: (String) -> String) -> String {
        let patterns = table("career_patterns")
        func family(_ title: String) -> String {
            """
            (SELECT f.family FROM (SELECT from_family AS family FROM \(patterns) WHERE agency = d.agency
                UNION SELECT to_family FROM \(patterns) WHERE agency = d.agency) f
             WHERE left(lower(\(title)), length(f.family)) = lower(f.family) ORDER BY length(f.family) DESC, f.family LIMIT 1)
            """
        }
        return """
            SELECT d.nip, '\(id)', 'warning',
                format('move from %s to %s is outside the career pattern of %s (no move from %s to %s declared)', d.previous_title,
                    d.title, d.agency, m.source, m.target),
                ARRAY[d.event_id, m.pattern_event], 'open', d.unit, d.agency, c.unit, c.agency, d.effective_date, d.decree_number,
                d.decree_date, d.recorded_by, d.operator, d.recorded_at
            FROM \(table("definitive_posts")) d
            CROSS JOIN LATERAL (
                SELECT \(family("d.previous_title")) AS source, \(family("d.title")) AS target,
                    (SELECT p.event_id FROM \(patterns) p WHERE p.agency = d.agency LIMIT 1) AS pattern_event,
                    (SELECT min(p.declared_on) FROM \(patterns) p WHERE p.agency = d.agency) AS declared_on) m
            \(Self.current(table, "d.nip"))
            WHERE d.previous_title IS NOT NULL AND m.source IS NOT NULL AND m.target IS NOT NULL AND m.source <> m.target
                AND d.effective_date >= m.declared_on
                AND NOT EXISTS (
                    SELECT 1 FROM \(patterns) p WHERE p.agency = d.agency AND p.from_family = m.source AND p.to_family = m.target)
            """
    }
}
