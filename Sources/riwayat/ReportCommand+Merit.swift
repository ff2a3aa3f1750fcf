import ArgumentParser
import CareerDomain
import Foundation
import Projections

extension ReportCommand {
    /// Prints a report that names employees once its access-log entry is stored.
    static func showPersonal(
        _ database: DatabaseOptions, _ output: Output, _ filter: Scope, _ kind: PersonalReport, query: String,
        _ report: @escaping @Sendable (WorkforceReports, ReportScope, Int64?) async throws -> ReportTable
    ) async throws {
        let scope = filter.scope, position = filter.atPosition
        output.print(
            try await database.withSession(maxConnections: 1) { session in
                let table = try await report(WorkforceReports(pool: session.pool), scope, position)
                try await session.recordAccess(kind.rawValue, nips: kind.nips(in: table.rows), query: query)
                return table
            })
    }

    struct CompetencyGaps: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "competency-gaps", abstract: "Competency gaps against the post's standard, by unit (or --people: by employee).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: Output
        @OptionGroup var filter: Scope
        @Flag(help: "Each employee below the standard (names NIPs; recorded in the access log).") var people = false

        func run() async throws {
            guard people else {
                try await ReportCommand.show(database, output, filter) { try await $0.competencyGapsByUnit(scope: $1, at: $2) }
                return
            }
            try await ReportCommand.showPersonal(
                database, output, filter, .competencyGapsByPerson, query: "report competency-gaps --people"
            ) { try await $0.competencyGapsByPerson(scope: $1, at: $2) }
        }
    }

    struct Succession: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Successors by key post and readiness; posts with no ready successor.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: Output
        @OptionGroup var filter: Scope

        func run() async throws {
            try await ReportCommand.show(database, output, filter) { try await $0.succession(scope: $1, at: $2) }
        }
    }

    struct Selections: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open selections with their stage and outcome.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: Output
        @OptionGroup var filter: Scope

        func run() async throws {
            try await ReportCommand.show(database, output, filter) { try await $0.selections(scope: $1, at: $2) }
        }
    }

    struct EqualOpportunity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "equal-opportunity", abstract: "Promotion, selection and training rates by sex and age band, with counts.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: Output
        @OptionGroup var filter: Scope
        @Option(help: "First year (default: two before --to).") var from: Int?
        @Option(help: "Last year (default: the last complete year).") var to: Int?
        @Flag(name: .customLong("per-unit"), help: "By unit as well as agency.") var perUnit = false

        func run() async throws {
            let to = self.to ?? CivilDate.today().year - 1
            let from = self.from ?? to - 2
            guard from <= to else { throw ValidationError("--from must not be after --to") }
            let perUnit = self.perUnit
            try await ReportCommand.show(database, output, filter) {
                try await $0.equalOpportunity(fromYear: from, toYear: to, perUnit: perUnit, scope: $1, at: $2)
            }
        }
    }

    struct Mentoring: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Who mentors whom and the mentees' years to promotion (names NIPs; recorded in the access log).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: Output
        @OptionGroup var filter: Scope

        func run() async throws {
            try await ReportCommand.showPersonal(
                database, output, filter, .mentoring, query: "report mentoring"
            ) { try await $0.mentoring(scope: $1, at: $2) }
        }
    }
}
