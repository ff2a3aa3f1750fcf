import CareerDomain
import Foundation
import PostgresClient

/// A dimension headcounts can be split by.
public enum HeadcountDimension: String, Sendable, CaseIterable {
    case unit, agency, grade, postKind = "post_kind", functionalLevel = "functional_level", education, sex, ageBand = "age_band"

    /// The SQL expression over `employee_periods` (fixed text, never from input).
    func expression(asOf: String) -> String {
        switch self {
        case .ageBand:
            return """
                CASE WHEN date_part('year', age(\(asOf), birth_date)) <= 30 THEN '<=30'
                     WHEN date_part('year', age(\(asOf), birth_date)) <= 40 THEN '31-40'
                     WHEN date_part('year', age(\(asOf), birth_date)) <= 50 THEN '41-50' ELSE '51+' END
                """
        default:
            return "coalesce(\(rawValue), '-')"
        }
    }
}

/// Workforce-planning reports over the read models. Each runs in one REPEATABLE READ
/// transaction together with the checkpoint it reports, so the numbers and the position agree.
public struct WorkforceReports: Sendable {
    public let pool: PostgresConnectionPool

    public init(pool: PostgresConnectionPool) {
        self.pool = pool
    }

    func run(_ title: String, _ query: PostgresQuery) async throws -> ReportTable {
        try await pool.withConnection { connection in
            try connection.withTransaction(isolation: .repeatableRead) { connection in
                let position = try connection.query(
                    "SELECT coalesce(max(position), 0) FROM projection_checkpoints WHERE name = \(EmployeeProjection.name)")
                    .firstRow?.decode(Int64.self, at: 0) ?? 0
                let rows = try connection.query(query)
                let table = try rows.map { row in
                    try (0..<rows.columnNames.count).map { try row.decode(String?.self, at: $0) ?? "" }
                }
                return ReportTable(title: title, columns: rows.columnNames, rows: table, position: position)
            }
        }
    }

    /// Employees in service on `asOf`, counted by the given dimensions.
    public func headcount(asOf: CivilDate, by requested: [HeadcountDimension]) async throws -> ReportTable {
        // Each dimension once (a column named twice would make the rows ambiguous).
        var dimensions = [HeadcountDimension]()
        for dimension in requested where !dimensions.contains(dimension) { dimensions.append(dimension) }
        let day = asOf.description
        let columns = dimensions.map { "\($0.expression(asOf: "$1::date")) AS \($0.rawValue)" }
        let select = (columns + ["count(*)::text AS headcount"]).joined(separator: ", ")
        let group = dimensions.isEmpty ? "" : " GROUP BY " + (1...dimensions.count).map(String.init).joined(separator: ", ")
            + " ORDER BY " + (1...dimensions.count).map(String.init).joined(separator: ", ")
        let sql = "SELECT \(select) FROM employee_periods WHERE valid @> $1::date AND in_service\(group)"
        return try await run("headcount as of \(day)", PostgresQuery(unsafeSQL: sql, bindings: [day.postgresBinding]))
    }

    /// Hires, promotions, transfers in and out, and separations by reason, per year.
    public func flows(fromYear: Int, toYear: Int) async throws -> ReportTable {
        try await run("flows \(fromYear)–\(toYear)", """
            SELECT date_part('year', day)::int::text AS year, flow,
                   CASE WHEN flow = 'separation' THEN detail ELSE '' END AS reason, count(*)::text AS count
            FROM career_flows
            WHERE day >= make_date(\(fromYear), 1, 1) AND day < make_date(\(toYear) + 1, 1, 1)
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """)
    }

    /// Median and 90th percentile of years in grade before a promotion, by grade and unit.
    public func promotionVelocity() async throws -> ReportTable {
        try await run("promotion velocity", """
            SELECT grade, coalesce(unit, '-') AS unit, count(*)::text AS promotions,
                   round((percentile_cont(0.5) WITHIN GROUP (ORDER BY (upper(valid) - lower(valid)) / 365.25))::numeric, 1)::text AS median_years,
                   round((percentile_cont(0.9) WITHIN GROUP (ORDER BY (upper(valid) - lower(valid)) / 365.25))::numeric, 1)::text AS p90_years
            FROM grade_periods WHERE ended_by IS NOT NULL
            GROUP BY 1, 2 ORDER BY 1, 2
            """)
    }

    /// Share of employees in service on 31 December of `year` with at least 20 JP that year, by unit.
    public func trainingCoverage(year: Int) async throws -> ReportTable {
        try await run("training coverage \(year)", """
            SELECT coalesce(p.unit, '-') AS unit, count(*)::text AS employees,
                   count(*) FILTER (WHERE coalesce(t.hours, 0) >= 20)::text AS with_20_jp,
                   round(100.0 * count(*) FILTER (WHERE coalesce(t.hours, 0) >= 20) / count(*), 1)::text AS percent
            FROM employee_periods p LEFT JOIN training_years t ON t.nip = p.nip AND t.year = \(year)
            WHERE p.valid @> make_date(\(year), 12, 31) AND p.in_service
            GROUP BY 1 ORDER BY 1
            """)
    }

    /// Employees in service who reach their retirement age (BUP) in each of the next `years`
    /// years after `fromYear`, by unit and post kind.
    public func retirementForecast(fromYear: Int, years: Int) async throws -> ReportTable {
        try await run("retirement forecast \(fromYear)–\(fromYear + years - 1)", """
            SELECT date_part('year', retirement_date)::int::text AS year, coalesce(unit, '-') AS unit,
                   coalesce(post_kind, '-') AS post_kind, count(*)::text AS retirements
            FROM employee_current
            WHERE in_service AND retirement_date >= make_date(\(fromYear), 1, 1) AND retirement_date < make_date(\(fromYear + years), 1, 1)
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """)
    }

    /// The 9-box distribution of employees in service.
    public func talentBoxes() async throws -> ReportTable {
        try await run("talent boxes", """
            SELECT coalesce(talent_box::text, 'not assessed') AS box, count(*)::text AS employees,
                   CASE WHEN talent_box >= 7 THEN 'talent pool' ELSE '' END AS pool
            FROM employee_current WHERE in_service GROUP BY talent_box, 3 ORDER BY talent_box NULLS LAST
            """)
    }

    /// Employees eligible for regular promotion on `asOf`: 4 years in grade, the last two
    /// ratings Baik or better, below their education ceiling.
    public func promotionEligible(asOf: CivilDate) async throws -> ReportTable {
        let ceilings = EducationLevel.allCases.map { "('\($0.rawValue)', '\($0.promotionCeiling.code)', \($0.promotionCeiling.rawValue))" }.joined(separator: ", ")
        let grades = Grade.allCases.map { "('\($0.code)', \($0.rawValue))" }.joined(separator: ", ")
        let sql = """
            WITH ceiling(education, grade, rank) AS (VALUES \(ceilings)), ladder(grade, rank) AS (VALUES \(grades))
            SELECT c.nip, c.grade, c.grade_since::text, coalesce(c.unit, '-') AS unit, c.education
            FROM employee_current c
            JOIN ladder l ON l.grade = c.grade
            JOIN ceiling e ON e.education = c.education
            WHERE c.in_service AND c.grade_since <= $1::date - interval '4 years' AND l.rank < e.rank
              AND (SELECT count(*) FROM rating_years r WHERE r.nip = c.nip
                   AND r.year IN (date_part('year', $1::date)::int - 1, date_part('year', $1::date)::int - 2)
                   AND r.predikat IN ('Baik', 'Sangat Baik')) = 2
            ORDER BY c.nip
            """
        return try await run("promotion eligible on \(asOf)", PostgresQuery(unsafeSQL: sql, bindings: [asOf.description.postgresBinding]))
    }
}
