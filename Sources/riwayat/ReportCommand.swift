import ArgumentParser
import CareerDomain
import Foundation
import Projections

/// Output formats for tables.
enum TableFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

/// `riwayat report …`: workforce-planning reports from the read models.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Workforce reports (a table, or --csv / --json for tools).",
        subcommands: [Headcount.self, Flows.self, Velocity.self, Coverage.self, Retirement.self, Talent.self, Eligible.self])

    struct Output: ParsableArguments {
        @Flag(help: "CSV with a header row.") var csv = false
        @Flag(help: "JSON.") var json = false

        func print(_ table: ReportTable) {
            if csv {
                Swift.print(table.csv, terminator: "")
            } else if json {
                Swift.print(table.json)
            } else {
                Swift.print("\(table.title) (log position \(table.position))")
                Swift.print(TextTable.render(header: table.columns, rows: table.rows))
            }
        }
    }

    static func date(_ text: String) throws -> CivilDate {
        guard let date = CivilDate(text) else { throw ValidationError("\(text) is not a date YYYY-MM-DD") }
        return date
    }

    struct Headcount: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Employees in service on a date, by dimensions.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: Output
        @Option(name: .customLong("as-of"), help: "The date (YYYY-MM-DD).") var asOf: String
        @Option(help: "Comma-separated: \(HeadcountDimension.allCases.map(\.rawValue).joined(separator: ","))") var by: String = ""

        func run() async throws {
            let day = try ReportCommand.date(asOf)
            var dimensions = [HeadcountDimension]()
            for name in by.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                guard let dimension = HeadcountDimension(rawValue: name) else {
                    throw ValidationError("--by: unknown dimension \(name) (known: \(HeadcountDimension.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                guard !dimensions.contains(dimension) else { throw ValidationError("--by: names \(name) twice") }
                dimensions.append(dimension)
            }
            let chosen = dimensions
            let table = try await database.withDatabase(maxConnections: 1) { pool, _ in
                try await WorkforceReports(pool: pool).headcount(asOf: day, by: chosen)
            }
            output.print(table)
        }
    }

    struct Flows: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Hires, promotions, transfers and separations per year.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: Output
        @Option var from: Int = 2015
        @Option var to: Int = 2025

        func run() async throws {
            let (from, to) = (self.from, self.to)
            output.print(try await database.withDatabase(maxConnections: 1) { pool, _ in
                try await WorkforceReports(pool: pool).flows(fromYear: from, toYear: to)
            })
        }
    }

    struct Velocity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Median and p90 years in grade before promotion, by grade and unit.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: Output

        func run() async throws {
            output.print(try await database.withDatabase(maxConnections: 1) { pool, _ in
                try await WorkforceReports(pool: pool).promotionVelocity()
            })
        }
    }

    struct Coverage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Share of employees with at least 20 JP of training in a year, by unit.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: Output
        @Option var year: Int = 2025

        func run() async throws {
            let year = self.year
            output.print(try await database.withDatabase(maxConnections: 1) { pool, _ in
                try await WorkforceReports(pool: pool).trainingCoverage(year: year)
            })
        }
    }

    struct Retirement: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Who reaches BUP in each of the next years, by unit and post kind.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: Output
        @Option var from: Int = 2026
        @Option var years: Int = 5

        func run() async throws {
            let (from, years) = (self.from, self.years)
            output.print(try await database.withDatabase(maxConnections: 1) { pool, _ in
                try await WorkforceReports(pool: pool).retirementForecast(fromYear: from, years: years)
            })
        }
    }

    struct Talent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The 9-box distribution.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: Output

        func run() async throws {
            output.print(try await database.withDatabase(maxConnections: 1) { pool, _ in
                try await WorkforceReports(pool: pool).talentBoxes()
            })
        }
    }

    struct Eligible: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Employees eligible for regular promotion on a date.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: Output
        @Option(name: .customLong("as-of")) var asOf: String

        func run() async throws {
            let day = try ReportCommand.date(asOf)
            output.print(try await database.withSession(maxConnections: 1) { session in
                let table = try await WorkforceReports(pool: session.pool).promotionEligible(asOf: day)
                // A list of named employees: on record before it is shown.
                try await session.recordAccess("promotion-eligible", nips: table.rows.compactMap(\.first), query: "report eligible --as-of \(day)")
                return table
            })
        }
    }
}
