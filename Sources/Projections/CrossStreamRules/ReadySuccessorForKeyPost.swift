/// A key post (one with a succession plan) has a successor ready now: a plan whose successors
/// are all further off is a finding filed with the post's current holder (`M-SUCCESSION`).
public struct ReadySuccessorForKeyPost: CrossStreamRule {
    public let id = "M-SUCCESSION"
    public init() {}

    public func query(_ table: (String) -> String, only: (String) -> String) -> String {
        """
        SELECT c.nip, '\(id)', 'info',
            format('key post %s (%s, %s) has %s named successor(s), none ready now', k.key_title, k.key_unit, k.key_agency, k.named),
            k.events, 'open', c.unit, c.agency, c.unit, c.agency, k.latest, NULL::text, NULL::date, NULL::text, NULL::text,
            NULL::timestamptz
        FROM (
            SELECT key_title, key_unit, key_agency, count(*) AS named, array_agg(event_id ORDER BY named_on, nip) AS events,
                max(named_on) AS latest
            FROM \(table("successors")) GROUP BY key_title, key_unit, key_agency
            HAVING bool_and(readiness <> 'ready-now')) k
        JOIN \(table("employee_current")) c
            ON c.in_service AND c.post_title = k.key_title AND c.unit = k.key_unit AND c.agency = k.key_agency
        WHERE \(only("c.nip"))
        """
    }
}
