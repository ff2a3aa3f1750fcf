import CareerDomain
import Foundation
import PostgresClient

/// What the inspector's employee view shows of the merit system for one employee, from the read
/// models: the selections the employee ran in, won or sat on the committee of; the competency
/// profile against the current post's standard; family ties declared by or naming the
/// employee; key posts the employee is a successor for; and the merit findings about them.
public struct MeritProfile: Sendable, Hashable {
    /// A selection and the employee's part in it.
    public struct Selection: Sendable, Hashable {
        public var agency: String, id: String, postTitle: String, announcedOn: String, stage: String, outcome: String?
        /// `candidate`, `appointee` or `committee`.
        public var role: String
        public var candidateStage: String?, passed: Bool?, score: Double?, proposed: Bool?, appointed: Bool
        public var proposedCount: Int
    }

    /// One competency: the standard's level (if the post has one), the assessed level and the
    /// trainings tagged with it since the assessment.
    public struct Competency: Sendable, Hashable {
        public var competency: String, required: Int?, assessed: Int?, assessedOn: String?, trainingsSince: Int
        public var gap: Int? {
            guard let required, let assessed else { return nil }
            return max(0, required - assessed)
        }
    }

    /// A family tie: declared by `declaredBy` about `relative`.
    public struct Tie: Sendable, Hashable {
        public var declaredBy: String, relative: String, relation: String, declaredOn: String, eventID: String
    }

    /// A key post the employee is named for.
    public struct Succession: Sendable, Hashable {
        public var keyPost: String, unit: String, agency: String, readiness: String, namedOn: String, talentBox: Int?
    }

    public var selections: [Selection] = []
    public var postTitle: String?
    public var competencies: [Competency] = []
    public var ties: [Tie] = []
    public var successions: [Succession] = []
    public var findings: [FindingsQuery.Row] = []
    /// The log position the read models reflect.
    public var position: Int64 = 0

    /// Every NIP the profile names, the employee's first (for the access log).
    public func nips(of nip: String) -> [String] {
        var named = [nip]
        let others = ties.flatMap { [$0.declaredBy, $0.relative] } + FindingsQuery.people(in: findings)
        for other in others where !named.contains(other) { named.append(other) }
        return named
    }

    /// The merit findings' rules.
    static let rules = ["M-RELATIVE", "M-JPT-OPEN", "M-JPT-THREE", "M-PATTERN", "M-SUCCESSION", "P-KGB", "P-SUCCESSOR"]

    /// The profile of `nip`, read in one snapshot.
    public static func read(_ nip: String, on pool: PostgresConnectionPool) async throws -> MeritProfile {
        try await pool.withConnection { connection in
            try connection.withTransaction(isolation: .repeatableRead) { connection in
                var profile = MeritProfile()
                profile.position =
                    try connection.query(
                        "SELECT coalesce(max(position), 0) FROM projection_checkpoints WHERE name = \(EmployeeProjection.name)"
                    ).firstRow?.decode(Int64.self, at: 0) ?? 0
                profile.selections = try connection.query(
                    """
                    SELECT s.agency, s.selection_id, s.post_title, s.announced_on::text, s.stage, s.outcome,
                           CASE WHEN s.appointee = \(nip) THEN 'appointee' WHEN c.nip IS NOT NULL THEN 'candidate' ELSE 'committee' END,
                           c.stage, c.passed, c.score, c.proposed, s.appointee IS NOT DISTINCT FROM \(nip), cardinality(s.proposed)
                    FROM selections s
                    LEFT JOIN selection_candidates c ON c.agency = s.agency AND c.selection_id = s.selection_id AND c.nip = \(nip)
                    WHERE c.nip IS NOT NULL OR s.appointee = \(nip) OR \(nip) = ANY(s.committee)
                    ORDER BY s.announced_on DESC, s.selection_id
                    """
                ).map { row in
                    Selection(
                        agency: try row.decode(String.self, at: 0), id: try row.decode(String.self, at: 1),
                        postTitle: try row.decode(String.self, at: 2), announcedOn: try row.decode(String.self, at: 3),
                        stage: try row.decode(String.self, at: 4), outcome: try row.decode(String?.self, at: 5),
                        role: try row.decode(String.self, at: 6), candidateStage: try row.decode(String?.self, at: 7),
                        passed: try row.decode(Bool?.self, at: 8), score: try row.decode(Double?.self, at: 9),
                        proposed: try row.decode(Bool?.self, at: 10), appointed: try row.decode(Bool.self, at: 11),
                        proposedCount: try row.decode(Int.self, at: 12))
                }
                profile.postTitle =
                    try connection.query("SELECT post_title FROM employee_current WHERE nip = \(nip)").firstRow?.decode(
                        String?.self, at: 0) ?? nil
                profile.competencies = try connection.query(
                    """
                    WITH standard AS (
                        SELECT s.competency, s.level FROM employee_current e
                        JOIN competency_standards s ON s.agency = e.agency AND s.title = e.post_title WHERE e.nip = \(nip)
                    ), assessed AS (SELECT competency, level, assessed_on FROM competency_levels WHERE nip = \(nip))
                    SELECT coalesce(s.competency, a.competency), s.level, a.level, a.assessed_on::text,
                           (SELECT count(*) FROM training_competencies t WHERE t.nip = \(nip)
                            AND t.competency = coalesce(s.competency, a.competency) AND (a.assessed_on IS NULL OR t.day >= a.assessed_on))
                    FROM standard s FULL JOIN assessed a ON a.competency = s.competency
                    ORDER BY 1
                    """
                ).map { row in
                    Competency(
                        competency: try row.decode(String.self, at: 0), required: try row.decode(Int?.self, at: 1),
                        assessed: try row.decode(Int?.self, at: 2), assessedOn: try row.decode(String?.self, at: 3),
                        trainingsSince: try row.decode(Int.self, at: 4))
                }
                profile.ties = try connection.query(
                    """
                    SELECT nip, relative, relation, declared_on::text, event_id::text FROM family_ties
                    WHERE nip = \(nip) OR relative = \(nip) ORDER BY declared_on, nip, relative
                    """
                ).map { row in
                    Tie(
                        declaredBy: try row.decode(String.self, at: 0), relative: try row.decode(String.self, at: 1),
                        relation: try row.decode(String.self, at: 2), declaredOn: try row.decode(String.self, at: 3),
                        eventID: try row.decode(String.self, at: 4))
                }
                profile.successions = try connection.query(
                    """
                    SELECT key_title, key_unit, key_agency, readiness, named_on::text, talent_box FROM successors
                    WHERE nip = \(nip) ORDER BY named_on, key_title
                    """
                ).map { row in
                    Succession(
                        keyPost: try row.decode(String.self, at: 0), unit: try row.decode(String.self, at: 1),
                        agency: try row.decode(String.self, at: 2), readiness: try row.decode(String.self, at: 3),
                        namedOn: try row.decode(String.self, at: 4), talentBox: try row.decode(Int?.self, at: 5))
                }
                profile.findings = try connection.query(
                    """
                    SELECT \(fragment: PostgresQuery(unsafeSQL: FindingsQuery.columns)) FROM findings
                    WHERE nip = \(nip) AND rule_id = ANY(\(rules)::text[]) ORDER BY effective_date DESC NULLS LAST, rule_id, message
                    """
                ).map(FindingsQuery.row)
                return profile
            }
        }
    }
}
