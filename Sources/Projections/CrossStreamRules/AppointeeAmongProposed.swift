/// The appointing official picks one of the candidates the committee proposed: an appointee
/// not among them (or appointed with nobody proposed) is a finding (`M-JPT-THREE`).
public struct AppointeeAmongProposed: CrossStreamRule {
    public let id = "M-JPT-THREE"
    public init() {}

    public func query(_ table: (String) -> String, only: (String) -> String) -> String {
        """
        SELECT s.appointee, '\(id)', 'serious',
            CASE WHEN cardinality(s.proposed) = 0
                THEN format('appointed as %s through selection %s of %s with no candidates proposed', s.post_title, s.selection_id,
                    s.agency)
                ELSE format('appointed as %s through selection %s of %s without being among the proposed candidates (%s)', s.post_title,
                    s.selection_id, s.agency, array_to_string(s.proposed, ', '))
            END,
            array_remove(ARRAY[s.closed_event, s.proposed_event], NULL), 'open', s.unit, s.agency, c.unit, c.agency, s.closed_on,
            NULL::text, NULL::date, s.closed_recorded_by, NULL::text, s.closed_recorded_at
        FROM \(table("selections")) s
        \(Self.current(table, "s.appointee"))
        WHERE s.outcome = 'appointed' AND s.appointee IS NOT NULL AND NOT (s.appointee = ANY(s.proposed)) AND \(only("s.appointee"))
        """
    }
}
