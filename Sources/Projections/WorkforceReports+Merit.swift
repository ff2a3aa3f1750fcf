import CareerDomain
import Foundation
import PostgresClient

/// The merit system's reports: competency gaps, succession, open selections, equal opportunity
/// and mentoring (DOMAIN.md, "The merit system in depth").
extension WorkforceReports {
    /// Competency gaps of employees in service against their post's standard, by agency, unit
    /// and competency: how many hold a post with a standard, how many were assessed, how many fall
    /// short and by how much, and how many of those had training tagged with the competency
    /// since the assessment.
    public func competencyGapsByUnit(scope: ReportScope = ReportScope(), at position: Int64? = nil) async throws -> ReportTable {
        try await run("competency gaps by unit", asOf: today(), parameters: scope.parameters, at: position) { tables in
            // The staff holding a post with a standard once, the standards' competencies per unit
            // from their counts, and the assessments joined only where they exist.
            """
            WITH staff AS MATERIALIZED (
                SELECT c.nip, coalesce(c.agency, '-') AS agency, coalesce(c.unit, '-') AS unit, c.post_title, c.agency AS raw_agency
                FROM \(fragment: tables("employee_current")) c
                WHERE c.in_service AND \(fragment: scope.condition("c")) AND EXISTS (
                    SELECT 1 FROM \(fragment: tables("competency_standards")) s WHERE s.agency = c.agency AND s.title = c.post_title)
            ),
            -- The assessed levels carry where each employee is today: no join with every employee.
            levels AS MATERIALIZED (
                SELECT l.nip, coalesce(l.agency, '-') AS agency, coalesce(l.unit, '-') AS unit, l.post_title, l.agency AS raw_agency,
                       l.competency, l.level, l.trainings_since
                FROM \(fragment: tables("competency_levels")) l WHERE l.in_service AND \(fragment: scope.condition("l"))
            ),
            required AS (
                SELECT u.agency, u.unit, s.competency, sum(u.employees)::bigint AS employees
                FROM (SELECT agency, unit, raw_agency, post_title, count(*) AS employees FROM staff GROUP BY 1, 2, 3, 4) u
                JOIN \(fragment: tables("competency_standards")) s ON s.agency = u.raw_agency AND s.title = u.post_title
                GROUP BY 1, 2, 3
            ),
            assessed AS (
                SELECT v.agency, v.unit, s.competency, count(*) AS assessed, count(*) FILTER (WHERE v.level < s.level) AS with_gap,
                       avg(s.level - v.level) FILTER (WHERE v.level < s.level) AS mean_gap,
                       count(*) FILTER (WHERE v.level < s.level AND v.trainings_since > 0) AS gap_trained_since
                FROM levels v
                JOIN \(fragment: tables("competency_standards")) s
                    ON s.agency = v.raw_agency AND s.title = v.post_title AND s.competency = v.competency
                GROUP BY 1, 2, 3
            )
            SELECT r.agency, r.unit, r.competency, r.employees, coalesce(a.assessed, 0) AS assessed, coalesce(a.with_gap, 0) AS with_gap,
                   round(a.mean_gap, 2) AS mean_gap, coalesce(a.gap_trained_since, 0) AS gap_trained_since
            FROM required r LEFT JOIN assessed a ON a.agency = r.agency AND a.unit = r.unit AND a.competency = r.competency
            ORDER BY 1, 2, 3
            """
        }
    }

    /// Each employee in service whose assessed level falls short of the post's standard: the
    /// competency, the levels, the gap, and the trainings tagged with it since the assessment.
    /// Names employees: personal data.
    public func competencyGapsByPerson(scope: ReportScope = ReportScope(), at position: Int64? = nil) async throws -> ReportTable {
        try await run("competency gaps by person", asOf: today(), parameters: scope.parameters, at: position) { tables in
            // The assessed levels of employees in service first, then the standards they fall short of.
            """
            WITH levels AS MATERIALIZED (
                SELECT l.nip, coalesce(l.agency, '-') AS agency, coalesce(l.unit, '-') AS unit, l.agency AS raw_agency, l.post_title,
                       l.competency, l.level, l.assessed_on, l.trainings_since
                FROM \(fragment: tables("competency_levels")) l WHERE l.in_service AND \(fragment: scope.condition("l"))
            )
            SELECT v.nip, v.agency, v.unit, v.post_title, s.competency, s.level AS required, v.level AS assessed, s.level - v.level AS gap,
                   v.assessed_on::text AS assessed_on, v.trainings_since
            FROM levels v
            JOIN \(fragment: tables("competency_standards")) s
                ON s.agency = v.raw_agency AND s.title = v.post_title AND s.competency = v.competency
            WHERE v.level < s.level
            ORDER BY 1, 5
            """
        }
    }

    /// Succession by key post: named successors by readiness, how many come from outside the
    /// talent pool (9-box 7–9 when named), the post's holders in service, the unit's talent pool,
    /// and whether the post lacks a successor ready now.
    public func succession(scope: ReportScope = ReportScope(), at position: Int64? = nil) async throws -> ReportTable {
        try await run("succession by key post", asOf: today(), parameters: scope.parameters, at: position) { tables in
            """
            WITH plans AS (
                SELECT key_agency AS agency, key_unit AS unit, key_title AS key_post, count(*) AS successors,
                       count(*) FILTER (WHERE readiness = 'ready-now') AS ready_now,
                       count(*) FILTER (WHERE readiness = '1-2-years') AS ready_1_2_years,
                       count(*) FILTER (WHERE readiness = '3-plus-years') AS ready_3_plus_years,
                       count(*) FILTER (WHERE coalesce(talent_box, 0) < 7) AS outside_talent_pool,
                       bool_and(readiness <> 'ready-now') AS no_ready_successor
                FROM \(fragment: tables("successors")) x GROUP BY 1, 2, 3
            ),
            scoped AS (SELECT * FROM plans s WHERE \(fragment: scope.condition("s"))),
            staff AS (
                SELECT c.agency, c.unit, c.post_title, c.talent_box FROM \(fragment: tables("employee_current")) c
                WHERE c.in_service AND (c.agency, c.unit) IN (SELECT agency, unit FROM scoped)
            ),
            holders AS (SELECT agency, unit, post_title, count(*) AS holders FROM staff GROUP BY 1, 2, 3),
            pools AS (SELECT agency, unit, count(*) AS pool FROM staff WHERE talent_box >= 7 GROUP BY 1, 2)
            SELECT p.agency, p.unit, p.key_post, p.successors, p.ready_now, p.ready_1_2_years, p.ready_3_plus_years,
                   p.outside_talent_pool, coalesce(h.holders, 0) AS holders, coalesce(u.pool, 0) AS unit_talent_pool,
                   p.no_ready_successor
            FROM scoped p
            LEFT JOIN holders h ON h.agency = p.agency AND h.unit = p.unit AND h.post_title = p.key_post
            LEFT JOIN pools u ON u.agency = p.agency AND u.unit = p.unit
            ORDER BY 1, 2, 3
            """
        }
    }

    /// Open selections with their stage and outcome: committee size, candidates, how many were
    /// proposed, and whether the appointee was among them (names no one).
    public func selections(scope: ReportScope = ReportScope(), at position: Int64? = nil) async throws -> ReportTable {
        try await run("selections (seleksi terbuka)", asOf: today(), parameters: scope.parameters, at: position) { tables in
            """
            SELECT s.agency, s.unit, s.selection_id, s.post_title, s.post_kind, s.announced_on::text AS announced_on, s.stage,
                   s.committee_size, s.candidates, cardinality(s.proposed) AS proposed, s.outcome, s.closed_on::text AS closed_on,
                   CASE WHEN s.appointee IS NOT NULL THEN s.appointee = ANY(s.proposed) END AS appointee_proposed
            FROM \(fragment: tables("selections")) s
            WHERE \(fragment: scope.condition("s"))
            ORDER BY s.announced_on DESC, 1, 3
            """
        }
    }

    /// Equal opportunity: employees in service on 31 December of `toYear` by sex and age band
    /// (by agency, and by unit when `perUnit`), with how many of them were promoted, ran in or won
    /// an open selection from `fromYear` through `toYear`, and had 20 JP of training in `toYear`.
    /// Every rate comes with its counts, and groups under ten people say so.
    public func equalOpportunity(
        fromYear: Int, toYear: Int, perUnit: Bool, scope: ReportScope = ReportScope(), at position: Int64? = nil
    ) async throws -> ReportTable {
        var parameters = scope.parameters
        parameters["from"] = .integer(Int64(fromYear))
        parameters["to"] = .integer(Int64(toYear))
        parameters["perUnit"] = .boolean(perUnit)
        let end = CivilDate(year: toYear, month: 12, day: 31) ?? today()
        let unit = PostgresQuery(unsafeSQL: perUnit ? "coalesce(p.unit, '-')" : "'*'")
        return try await run("equal opportunity \(fromYear)–\(toYear)", asOf: end, parameters: parameters, at: position) { tables in
            """
            WITH base AS (
                SELECT p.nip, coalesce(p.agency, '-') AS agency, \(fragment: unit) AS unit, p.sex,
                       CASE WHEN date_part('year', age(\(end.description)::date, p.birth_date)) <= 30 THEN '30 or younger'
                            WHEN date_part('year', age(\(end.description)::date, p.birth_date)) <= 40 THEN '31-40'
                            WHEN date_part('year', age(\(end.description)::date, p.birth_date)) <= 50 THEN '41-50'
                            ELSE '51 or older' END AS age_band
                FROM \(fragment: tables("employee_periods")) p
                WHERE p.valid @> \(end.description)::date AND p.in_service AND \(fragment: scope.condition("p"))
            ),
            promoted AS (
                SELECT nip FROM \(fragment: tables("career_flows")) f
                WHERE flow = 'promotion' AND day BETWEEN make_date(\(fromYear), 1, 1) AND \(end.description)::date GROUP BY nip
            ),
            ran AS (
                SELECT nip, bool_or(appointed) AS appointed FROM \(fragment: tables("selection_candidates")) c
                WHERE assessed_on BETWEEN make_date(\(fromYear), 1, 1) AND \(end.description)::date GROUP BY nip
            )
            SELECT b.agency, b.unit, b.sex, b.age_band, count(*) AS employees,
                   count(pr.nip) AS promoted, round(100.0 * count(pr.nip) / count(*), 1) AS promoted_percent,
                   count(r.nip) AS selection_candidates, count(*) FILTER (WHERE r.appointed) AS selected,
                   count(*) FILTER (WHERE coalesce(t.hours, 0) >= 20) AS trained_20_jp,
                   round(100.0 * count(*) FILTER (WHERE coalesce(t.hours, 0) >= 20) / count(*), 1) AS trained_percent,
                   CASE WHEN count(*) < 10 THEN 'small group: fewer than 10' END AS note
            FROM base b
            LEFT JOIN promoted pr ON pr.nip = b.nip
            LEFT JOIN ran r ON r.nip = b.nip
            LEFT JOIN \(fragment: tables("training_years")) t ON t.nip = b.nip AND t.year = \(toYear)
            GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            """
        }
    }

    /// Mentoring: each mentor with the mentees, how many, and the mentees' median years in the
    /// grade they were mentored in until their next promotion, beside the same median over every
    /// promotion in the mentor's agency. Names employees: personal data.
    public func mentoring(scope: ReportScope = ReportScope(), at position: Int64? = nil) async throws -> ReportTable {
        try await run("mentoring", asOf: today(), parameters: scope.parameters, at: position) { tables in
            """
            WITH pairs AS MATERIALIZED (
                SELECT m.mentor, m.nip, m.grade_days, coalesce(c.agency, '-') AS agency, coalesce(c.unit, '-') AS unit
                FROM \(fragment: tables("mentorships")) m
                LEFT JOIN \(fragment: tables("employee_current")) c ON c.nip = m.mentor
                WHERE \(fragment: scope.condition("c"))
            ),
            -- Every promotion's days in grade by agency, sorted per agency as integers (a hashed
            -- grouping, then one small sort each: cheaper than sorting every period by agency).
            agencies AS (
                SELECT a.agency, (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d) FROM unnest(a.days) d) / 365.25 AS median
                FROM (SELECT g.agency, array_agg(upper(g.valid) - lower(g.valid)) AS days FROM \(fragment: tables("grade_periods")) g
                      WHERE g.ended_by IS NOT NULL AND g.agency IN (SELECT DISTINCT agency FROM pairs) GROUP BY g.agency) a
            )
            SELECT p.mentor, p.agency, p.unit, count(DISTINCT p.nip) AS mentees,
                   string_agg(DISTINCT p.nip, ' ' ORDER BY p.nip) AS mentee_nips,
                   round((percentile_cont(0.5) WITHIN GROUP (ORDER BY p.grade_days) / 365.25)::numeric, 1)
                       AS mentees_median_years_to_promotion,
                   round(a.median::numeric, 1) AS agency_median_years_to_promotion
            FROM pairs p
            LEFT JOIN agencies a ON a.agency = p.agency
            GROUP BY p.mentor, p.agency, p.unit, a.median ORDER BY 4 DESC, 1
            """
        }
    }
}
