import ArgumentParser
import CareerDomain
import Foundation
import Projections

/// `riwayat report …`: workforce-planning reports from the read models.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Workforce reports (a table, or --csv / --json for tools).",
        subcommands: [
            Headcount.self, Flows.self, Velocity.self, Coverage.self, Retirement.self, Talent.self, Eligible.self, CompetencyGaps.self,
            Succession.self, Selections.self, EqualOpportunity.self, Mentoring.self,
        ])

    struct Output: ParsableArguments {
        @Flag(help: "CSV with a header row.") var csv = false
        @Flag(help: "JSON.") var json = false

        func print(_ table: ReportTable) {
            if csv {
                Swift.print(table.csv, terminator: "")
                // Also for a CSV without rows: what it reflects, off the data stream.
                FileHandle.standardError.write(Data("log position \(table.position), as of \(table.asOf)\n".utf8))
            } else if json {
                Swift.print(table.json)
            } else {
                let parameters = table.parameters.keys.sorted().compactMap { key in
                    table.parameters[key].flatMap { $0.description.isEmpty ? nil : "\(key) \($0.description)" }
                }.joined(separator: ", ")
                Swift.print(
                    "\(table.title) (as of \(table.asOf), log position \(table.position)\(parameters.isEmpty ? "" : "; " + parameters))")
                Swift.print(TextTable.render(header: table.columns, rows: table.text))
            }
        }
    }

    /// The `--agency` and `--unit` every report takes.
    struct Scope: ParsableArguments {
        @Option(help: "Only this agency (instansi).") var agency: String?
        @Option(help: "Only this unit (unor).") var unit: String?
        @Option(name: .customLong("at-position"), help: "The report as it was at this earlier log position.") var atPosition: Int64?
        var scope: ReportScope { ReportScope(agency: agency, unit: unit) }
    }

    /// Computes a report on the read models within `filter` and prints it as `output` asks.
    static func show(
        _ database: DatabaseOptions, _ output: Output, _ filter: Scope,
        _ report: @escaping @Sendable (WorkforceReports, ReportScope, Int64?) async throws -> ReportTable
    ) async throws {
        let scope = filter.scope, position = filter.atPosition
        output.print(
            try await database.withDatabase(maxConnections: 1) { pool, _ in try await report(WorkforceReports(pool: pool), scope, position)
            })
    }

    static func date(_ text: String) throws -> CivilDate {
        guard let date = CivilDate(text) else { throw ValidationError("\(text) is not a date YYYY-MM-DD") }
        return date
    }

    struct Headcount: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Employees in service on a date, by dimensions.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: Output
        @OptionGroup var filter: Scope
        @Option(name: .customLong("as-of"), help: "The date (YYYY-MM-DD; default today).") var asOf: String?
        @Option(help: "Comma-separated: \(HeadcountDimension.allCases.map(\.rawValue).joined(separator: ","))") var by: String = ""

        func run() async throws {
            let day = try asOf.map(ReportCommand.date) ?? CivilDate.today()
            var dimensions = [HeadcountDimension]()
            for name in by.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                guard let dimension = HeadcountDimension(rawValue: name) else {
                    throw ValidationError(
                        "--by: unknown dimension \(name) (known: \(HeadcountDimension.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                guard !dimensions.contains(dimension) else { throw ValidationError("--by: names \(name) twice") }
                dimensions.append(dimension)
            }
            let chosen = dimensions
            try await ReportCommand.show(database, output, filter) { try await $0.headcount(asOf: day, by: chosen, scope: $1, at: $2) }
        }
    }

    struct Flows: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Hires, promotions, transfers and separations per year.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: Output
        @OptionGroup var filter: Scope
        @Option(help: "First year (default: ten years before --to).") var from: Int?
        @Option(help: "Last year (default: this year).") var to: Int?

        func run() async throws {
            let to = self.to ?? CivilDate.today().year
            let from = self.from ?? to - 10
            guard from <= to else { throw ValidationError("--from must not be after --to") }
            try await ReportCommand.show(database, output, filter) { try await $0.flows(fromYear: from, toYear: to, scope: $1, at: $2) }
        }
    }

    struct Velocity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Median and p90 years in grade before promotion, by grade and unit.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: Output
        @OptionGroup var filter: Scope

        func run() async throws {
            try await ReportCommand.show(database, output, filter) { try await $0.promotionVelocity(scope: $1, at: $2) }
        }
    }

    struct Coverage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Share of employees with at least 20 JP of training in a year, by unit.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: Output
        @OptionGroup var filter: Scope
        @Option(help: "The year (default: the last complete year).") var year: Int?

        func run() async throws {
            let year = self.year
            try await ReportCommand.show(database, output, filter) { try await $0.trainingCoverage(year: year, scope: $1, at: $2) }
        }
    }

    struct Retirement: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Who reaches BUP in each of the next years, by unit and post kind.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: Output
        @OptionGroup var filter: Scope
        @Option(help: "First year (default: this year).") var from: Int?
        @Option(help: "How many years (1 to 50).") var years: Int = 5

        func validate() throws {
            guard (1...50).contains(years) else { throw ValidationError("--years must be 1 to 50") }
        }

        func run() async throws {
            let (from, years) = (self.from, self.years)
            try await ReportCommand.show(database, output, filter) {
                try await $0.retirementForecast(fromYear: from, years: years, scope: $1, at: $2)
            }
        }
    }

    struct Talent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The 9-box distribution.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: Output
        @OptionGroup var filter: Scope

        func run() async throws {
            try await ReportCommand.show(database, output, filter) { try await $0.talentBoxes(scope: $1, at: $2) }
        }
    }

    struct Eligible: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Employees eligible for regular promotion on a date.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: Output
        @OptionGroup var filter: Scope
        @Option(name: .customLong("as-of"), help: "The date (default today); the round is the next 1 April or 1 October.") var asOf: String?

        func run() async throws {
            let day = try asOf.map(ReportCommand.date) ?? CivilDate.today()
            let scope = filter.scope, position = filter.atPosition
            output.print(
                try await database.withSession(maxConnections: 1) { session in
                    let table = try await WorkforceReports(pool: session.pool).promotionEligible(asOf: day, scope: scope, at: position)
                    // A list of named employees: on record before it is shown.
                    try await session.recordAccess(
                        "promotion-eligible", nips: table.rows.compactMap { $0.first?.description }, query: "report eligible --as-of \(day)"
                    )
                    return table
                })
        }
    }
}
