import CareerDomain
import Foundation
import PostgresClient

/// Workforce-planning reports over the read models (see README, "Reports"). Each runs in one
/// REPEATABLE READ transaction together with the checkpoint it reports, so the numbers and the
/// position agree. Units are always named with their agency: units of the same name in
/// different agencies are different units.
public struct WorkforceReports: Sendable {
    public let pool: PostgresConnectionPool
    /// The day "now" means: future dates apply retirements at BUP, defaults count from it.
    public var today: @Sendable () -> CivilDate

    public init(pool: PostgresConnectionPool, today: @escaping @Sendable () -> CivilDate = { CivilDate.today() }) {
        self.pool = pool
        self.today = today
    }

    /// Runs a report in one snapshot, on the read models as they are, or as they were at
    /// `position` (see `ReadModelsAtPosition`); `query` builds the SQL from the tables to use.
    func run(
        _ title: String, asOf: CivilDate, parameters: [String: ReportTable.Value], at position: Int64?,
        _ query: @escaping @Sendable (ReadModelsAtPosition) -> PostgresQuery
    ) async throws -> ReportTable {
        let today = self.today()
        return try await pool.withConnection { connection in
            try connection.withTransaction(isolation: .repeatableRead) { connection in
                // Reports group and sort hundreds of thousands of rows: in memory, not on disk.
                try connection.query("SET LOCAL work_mem = '32MB'")
                let checkpoint =
                    try connection.query(
                        "SELECT coalesce(max(position), 0) FROM projection_checkpoints WHERE name = \(EmployeeProjection.name)"
                    )
                    .firstRow?.decode(Int64.self, at: 0) ?? 0
                let tables =
                    try position.map { try ReadModelsAtPosition.prepare(at: $0, checkpoint: checkpoint, today: today, on: connection) }
                    ?? .live
                let position = position ?? checkpoint
                let rows = try connection.query(query(tables))
                let types = rows.columnTypes
                let table = try rows.map { row in
                    try types.indices.map { column -> ReportTable.Value in
                        guard let text = try row.decode(String?.self, at: column) else { return .null }
                        switch types[column] {
                        case 20, 21, 23: return Int64(text).map(ReportTable.Value.integer) ?? .text(text)
                        case 700, 701, 1700: return Double(text).map(ReportTable.Value.decimal) ?? .text(text)
                        case 16: return .boolean(text == "t")
                        default: return .text(text)
                        }
                    }
                }
                return ReportTable(
                    title: title, columns: rows.columnNames, rows: table, position: position, asOf: asOf, parameters: parameters)
            }
        }
    }

    /// Employees in service on `asOf`, counted by the given dimensions (a unit always with its
    /// agency). For a date after today, whoever reaches the retirement date (BUP) by then is gone.
    public func headcount(
        asOf: CivilDate, by requested: [HeadcountDimension], scope: ReportScope = ReportScope(), at position: Int64? = nil
    ) async throws -> ReportTable {
        var dimensions = [HeadcountDimension]()
        if requested.contains(.unit), !requested.contains(.agency) { dimensions.append(.agency) }
        for dimension in requested where !dimensions.contains(dimension) { dimensions.append(dimension) }
        let day = asOf.description
        // The date is a parsed `CivilDate` (digits and dashes only), safe as a literal.
        let select = PostgresQuery(
            unsafeSQL: dimensions.map { "\($0.expression(asOf: "DATE '\(day)'")) AS \($0.rawValue)" }.joined(separator: ", "))
        let ordinals = (1...max(1, dimensions.count)).map(String.init).joined(separator: ", ")
        let grouping = PostgresQuery(unsafeSQL: dimensions.isEmpty ? "" : " GROUP BY \(ordinals) ORDER BY \(ordinals)")
        let comma = PostgresQuery(unsafeSQL: dimensions.isEmpty ? "" : ", ")
        var parameters = scope.parameters
        parameters["by"] = .text(dimensions.map(\.rawValue).joined(separator: ","))
        return try await run("headcount as of \(day)", asOf: asOf, parameters: parameters, at: position) { tables in
            """
            SELECT \(fragment: select)\(fragment: comma)count(*) AS headcount
            FROM \(fragment: tables("employee_periods")) p LEFT JOIN \(fragment: tables("employee_current")) c ON c.nip = p.nip
            WHERE \(fragment: inService(on: asOf)) AND \(fragment: scope.condition("p"))\(fragment: grouping)
            """
        }
    }

    /// Employees in service on 31 December of each of the `years` years before `asOf`'s year,
    /// and on `asOf` itself: the headcount over time, counted in one pass over the periods (each
    /// day a filtered count), with the same rule as `headcount` for a day after today.
    public func headcountHistory(
        asOf: CivilDate, years: Int, scope: ReportScope = ReportScope(), at position: Int64? = nil
    ) async throws -> ReportTable {
        let days = (1...max(1, years)).reversed().compactMap { CivilDate(year: asOf.year - $0, month: 12, day: 31) } + [asOf]
        let now = today()
        // Parsed dates (digits and dashes only), safe as literals.
        let counts = days.map { day -> String in
            let future = day > now ? " AND (c.retirement_date IS NULL OR c.retirement_date > DATE '\(day)')" : ""
            return "count(*) FILTER (WHERE p.valid @> DATE '\(day)'\(future))"
        }
        let dayList = PostgresQuery(unsafeSQL: days.map { "'\($0)'" }.joined(separator: ", "))
        let countList = PostgresQuery(unsafeSQL: counts.joined(separator: ", "))
        let first = days.first ?? asOf, future = days.contains { $0 > now }
        var parameters = scope.parameters
        parameters["years"] = .integer(Int64(years))
        return try await run("headcount history to \(asOf)", asOf: asOf, parameters: parameters, at: position) { tables in
            // The current state (retirement dates) only when a day lies ahead.
            let current: PostgresQuery =
                future ? " LEFT JOIN \(fragment: tables("employee_current")) c ON c.nip = p.nip" : ""
            return """
                SELECT unnest(ARRAY[\(fragment: dayList)]::text[]) AS day, unnest(ARRAY[\(fragment: countList)]) AS headcount
                FROM \(fragment: tables("employee_periods")) p\(fragment: current)
                WHERE p.in_service AND p.valid && daterange(\(first.description)::date, \(asOf.description)::date, '[]')
                  AND \(fragment: scope.condition("p"))
                """
        }
    }

    /// Hires, promotions, transfers in and out, and separations by reason, per year.
    public func flows(fromYear: Int, toYear: Int, scope: ReportScope = ReportScope(), at position: Int64? = nil) async throws -> ReportTable
    {
        var parameters = scope.parameters
        parameters["from"] = .integer(Int64(fromYear))
        parameters["to"] = .integer(Int64(toYear))
        return try await run(
            "flows \(fromYear)–\(toYear)", asOf: min(today(), CivilDate(year: toYear, month: 12, day: 31) ?? today()),
            parameters: parameters, at: position
        ) { tables in
            """
            SELECT date_part('year', f.day)::int AS year, f.flow,
                   CASE WHEN f.flow = 'separation' THEN f.detail END AS reason, count(*) AS count
            FROM \(fragment: tables("career_flows")) f
            WHERE f.day >= make_date(\(fromYear), 1, 1) AND f.day < make_date(\(toYear) + 1, 1, 1) AND \(fragment: scope.condition("f"))
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """
        }
    }

    /// Median and 90th percentile of years in grade before a promotion, by grade, agency and unit
    /// (by grade alone over the whole scope when `perUnit` is false).
    public func promotionVelocity(
        scope: ReportScope = ReportScope(), at position: Int64? = nil, perUnit: Bool = true
    ) async throws -> ReportTable {
        try await run("promotion velocity", asOf: today(), parameters: scope.parameters, at: position) { tables in
            guard perUnit else {
                return """
                    SELECT g.grade, count(*) AS promotions,
                           round((percentile_cont(0.5) WITHIN GROUP (ORDER BY (upper(g.valid) - lower(g.valid)) / 365.25))::numeric, 1)
                               AS median_years,
                           round((percentile_cont(0.9) WITHIN GROUP (ORDER BY (upper(g.valid) - lower(g.valid)) / 365.25))::numeric, 1)
                               AS p90_years
                    FROM \(fragment: tables("grade_periods")) g WHERE g.ended_by IS NOT NULL AND \(fragment: scope.condition("g"))
                    GROUP BY 1 ORDER BY 1
                    """
            }
            return """
                SELECT g.grade, coalesce(g.agency, '-') AS agency, coalesce(g.unit, '-') AS unit, count(*) AS promotions,
                       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY (upper(g.valid) - lower(g.valid)) / 365.25))::numeric, 1) AS
                           median_years,
                       round((percentile_cont(0.9) WITHIN GROUP (ORDER BY (upper(g.valid) - lower(g.valid)) / 365.25))::numeric, 1) AS
                           p90_years
                FROM \(fragment: tables("grade_periods")) g WHERE g.ended_by IS NOT NULL AND \(fragment: scope.condition("g"))
                GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                """
        }
    }

    /// Who is in service on `day`, for tables `p` (employee periods) and `c` (current state): the
    /// period holding the day is one in service, and for a day after today, the retirement date
    /// (BUP) has not passed by then. Headcount and training coverage count the same people.
    func inService(on day: CivilDate) -> PostgresQuery {
        let date = day.description, now = today().description
        return """
            p.valid @> \(date)::date AND p.in_service
                AND (\(date)::date <= \(now)::date OR c.retirement_date IS NULL OR c.retirement_date > \(date)::date)
            """
    }

    /// The last complete year before today: the default year of yearly reports.
    public var lastCompleteYear: Int { today().year - 1 }

    /// Share of employees in service on 31 December of `year` (default: the last complete year)
    /// with at least 20 JP of training that year, by agency and unit.
    public func trainingCoverage(
        year requested: Int?, scope: ReportScope = ReportScope(), at position: Int64? = nil
    ) async throws -> ReportTable {
        let year = requested ?? lastCompleteYear
        var parameters = scope.parameters
        parameters["year"] = .integer(Int64(year))
        let end = CivilDate(year: year, month: 12, day: 31) ?? today()
        return try await run("training coverage \(year)", asOf: end, parameters: parameters, at: position) { tables in
            """
            SELECT coalesce(p.agency, '-') AS agency, coalesce(p.unit, '-') AS unit, count(*) AS employees,
                   count(*) FILTER (WHERE coalesce(t.hours, 0) >= 20) AS with_20_jp,
                   round(100.0 * count(*) FILTER (WHERE coalesce(t.hours, 0) >= 20) / count(*), 1) AS percent
            FROM \(fragment: tables("employee_periods")) p LEFT JOIN \(fragment: tables("employee_current")) c ON c.nip = p.nip
                LEFT JOIN \(fragment: tables("training_years")) t ON t.nip = p.nip AND t.year = \(year)
            WHERE \(fragment: inService(on: end)) AND \(fragment: scope.condition("p"))
            GROUP BY 1, 2 ORDER BY 1, 2
            """
        }
    }

    /// Employees in service who reach their retirement date (BUP) in each of `years` years from
    /// `fromYear` (default: this year), by agency, unit and post kind.
    public func retirementForecast(
        fromYear requested: Int?, years: Int, scope: ReportScope = ReportScope(), at position: Int64? = nil
    ) async throws -> ReportTable {
        let fromYear = requested ?? today().year
        var parameters = scope.parameters
        parameters["from"] = .integer(Int64(fromYear))
        parameters["years"] = .integer(Int64(years))
        let title = "retirement forecast \(fromYear)–\(fromYear + years - 1)"
        return try await run(title, asOf: today(), parameters: parameters, at: position) { tables in
            """
            SELECT date_part('year', c.retirement_date)::int AS year, coalesce(c.agency, '-') AS agency, coalesce(c.unit, '-') AS unit,
                   coalesce(c.post_kind, '-') AS post_kind, count(*) AS retirements
            FROM \(fragment: tables("employee_current")) c
            WHERE c.in_service AND c.retirement_date >= make_date(\(fromYear), 1, 1) AND c.retirement_date <
                make_date(\(fromYear + years), 1, 1)
              AND \(fragment: scope.condition("c"))
            GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            """
        }
    }

    /// The 9-box distribution of employees in service, by agency and unit.
    public func talentBoxes(scope: ReportScope = ReportScope(), at position: Int64? = nil) async throws -> ReportTable {
        try await run("talent boxes", asOf: today(), parameters: scope.parameters, at: position) { tables in
            """
            SELECT coalesce(c.agency, '-') AS agency, coalesce(c.unit, '-') AS unit, c.talent_box AS box, count(*) AS employees,
                   CASE WHEN c.talent_box >= 7 THEN 'talent pool' WHEN c.talent_box IS NULL THEN 'not assessed' END AS pool
            FROM \(fragment: tables("employee_current")) c WHERE c.in_service AND \(fragment: scope.condition("c"))
            GROUP BY 1, 2, 3, 5 ORDER BY 1, 2, 3 NULLS LAST
            """
        }
    }

    /// The promotion round (1 April or 1 October) on or after `date`.
    public static func round(onOrAfter date: CivilDate) -> CivilDate {
        for candidate in [(date.year, 4), (date.year, 10), (date.year + 1, 4)] {
            if let round = CivilDate(year: candidate.0, month: candidate.1, day: 1), round >= date { return round }
        }
        return date
    }

    /// Employees eligible for a regular promotion in the round on or after `asOf` (DOMAIN.md),
    /// judged on where each stands on the round (grade, unit, education, status):
    /// in service and not on unpaid leave (CLTN) on the round, four years in grade on the round's
    /// TMT not counting unpaid leave, ratings of the two years before the round's year at least
    /// Baik (as P-SKP judges the promotion), below their education ceiling, and no penalty in
    /// force on the round.
    public func promotionEligible(
        asOf: CivilDate, scope: ReportScope = ReportScope(), at position: Int64? = nil
    ) async throws -> ReportTable {
        let round = Self.round(onOrAfter: asOf)
        // The ratings P-SKP judges a promotion on: the two years before the round's year.
        let lastYear = round.year - 1
        let ceilings = EducationLevel.allCases.map { "('\($0.rawValue)', \($0.promotionCeiling.rawValue))" }.joined(separator: ", ")
        let grades = Grade.allCases.map { "('\($0.code)', \($0.rawValue))" }.joined(separator: ", ")
        var parameters = scope.parameters
        parameters["round"] = .text(round.description)
        parameters["firstRatingYear"] = .integer(Int64(lastYear - 1))
        parameters["lastRatingYear"] = .integer(Int64(lastYear))
        let day = round.description
        let unpaidLeave = EmployeeState.Status.onLeave(.unpaid).description
        let ladder = PostgresQuery(
            unsafeSQL: "WITH ceiling(education, rank) AS (VALUES \(ceilings)), ladder(grade, rank) AS (VALUES \(grades))")
        return try await run("promotion eligible in the round of \(round)", asOf: round, parameters: parameters, at: position) { tables in
            """
            \(fragment: ladder),
            -- Who stands on the round in service, in a grade held four calendar years, with the
            -- ratings, below the ceiling and free of penalties; unpaid leave is then taken off
            -- those few.
            candidate AS MATERIALIZED (
                SELECT p.nip, g.grade, lower(g.valid) AS since, p.agency, p.unit, p.education
                FROM \(fragment: tables("employee_periods")) p
                JOIN \(fragment: tables("grade_periods")) g ON g.nip = p.nip
                  AND lower(g.valid) <= \(day)::date AND coalesce(upper(g.valid), 'infinity') > \(day)::date
                JOIN \(fragment: tables("employee_current")) c ON c.nip = p.nip
                JOIN ladder l ON l.grade = g.grade
                JOIN ceiling e ON e.education = p.education
                -- Bounds compared, not `@>`: most rows match, so scanning and hashing beats the GiST index.
                WHERE lower(p.valid) <= \(day)::date AND coalesce(upper(p.valid), 'infinity') > \(day)::date
                  AND p.in_service AND p.status <> \(unpaidLeave)
                  AND c.retirement_date > \(day)::date AND l.rank < e.rank
                  AND lower(g.valid) <= \(day)::date - interval '4 years'
                  AND \(fragment: scope.condition("p"))
                  AND (SELECT count(*) FROM \(fragment: tables("rating_years")) r WHERE r.nip = p.nip
                         AND r.year IN (\(lastYear - 1), \(lastYear)) AND r.predikat IN ('Baik', 'Sangat Baik')) = 2
                  AND NOT EXISTS (SELECT 1 FROM \(fragment: tables("penalty_periods")) x WHERE x.nip = p.nip AND x.valid @> \(day)::date)
            )
            SELECT k.nip, k.grade, k.since::text AS grade_since, coalesce(k.agency, '-') AS agency, coalesce(k.unit, '-') AS unit,
                   k.education
            FROM candidate k
            WHERE k.since + (
                    SELECT coalesce(sum(upper(q.valid * daterange(k.since, \(day)::date))
                                        - lower(q.valid * daterange(k.since, \(day)::date))), 0)::integer
                    FROM \(fragment: tables("employee_periods")) q
                    WHERE q.nip = k.nip AND q.status = \(unpaidLeave) AND q.valid && daterange(k.since, \(day)::date)
                  ) <= \(day)::date - interval '4 years'
            ORDER BY k.nip
            """
        }
    }
}
