/// A definitive senior (JPT) post is filled by open selection: an appointment to it with no
/// selection of the agency for that post closed with this appointee in the year before (or the
/// month after), that is not a rotation from a post at the same JPT level, is a finding
/// (`M-JPT-OPEN`).
/// Acting assignments (PLT, PLH) are not definitive and are not judged.
public struct OpenSelectionForJPT: CrossStreamRule {
    public let id = "M-JPT-OPEN"
    public init() {}

    public func query(_ table: (String) -> String, only: (String) -> String) -> String {
        """
        SELECT d.nip, '\(id)', 'serious',
            format('definitive %s post %s in %s without open selection: no selection closed with %s appointed in the year before, '
                || 'and no rotation from a %s post', d.kind, d.title, d.agency, d.nip, d.kind),
            ARRAY[d.event_id], 'open', d.unit, d.agency, c.unit, c.agency, d.effective_date, d.decree_number, d.decree_date,
            d.recorded_by, d.operator, d.recorded_at
        FROM \(table("definitive_posts")) d
        \(Self.current(table, "d.nip"))
        WHERE d.kind LIKE 'JPT%' AND d.previous_kind IS DISTINCT FROM d.kind AND \(only("d.nip"))
            AND NOT EXISTS (
                SELECT 1 FROM \(table("selections")) s
                WHERE s.agency = d.agency AND s.appointee = d.nip AND s.outcome = 'appointed' AND s.post_title = d.title
                    AND s.closed_on BETWEEN d.effective_date - 366 AND d.effective_date + 31)
        """
    }
}
