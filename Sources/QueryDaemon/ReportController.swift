import CareerDomain
import Foundation
import Hummingbird
import NIOCore
import Projections

/// Workforce reports (analysts), as JSON or CSV (`Accept: text/csv`). Every report takes an
/// `agency` and a `unit` and states the log position and the date its figures reflect.
struct ReportController {
    let services: DaemonServices

    var routes: RouteCollection<RiwayatRequestContext> {
        let routes = RouteCollection(context: RiwayatRequestContext.self)
        routes.get("v1/reports/headcount") { request, context in
            try services.limiter.admit(try context.require(.analyst), "reports")
            let asOf = try request.date("asOf") ?? services.today()
            var dimensions = [HeadcountDimension]()
            for name in (try request.query("by") ?? "").split(separator: ",", omittingEmptySubsequences: false) where !name.isEmpty {
                guard let dimension = HeadcountDimension(rawValue: String(name)) else {
                    throw Problem.badRequest(
                        field: "by",
                        rule: "unknown dimension \(name); known: \(HeadcountDimension.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                guard !dimensions.contains(dimension) else { throw Problem.badRequest(field: "by", rule: "names \(name) twice") }
                dimensions.append(dimension)
            }
            let scope = try Self.scope(request), chosen = dimensions, position = try Self.position(request)
            return try await render(request) {
                try await services.reads.reports.headcount(asOf: asOf, by: chosen, scope: scope, at: position)
            }
        }
        routes.get("v1/reports/flows") { request, context in
            try services.limiter.admit(try context.require(.analyst), "reports")
            let to = try request.integer("to", in: 1900...2200) ?? services.today().year
            let from = try request.integer("from", in: 1900...2200) ?? to - 10
            guard from <= to else { throw Problem.badRequest(field: "from", rule: "must not be after to (\(to))") }
            let scope = try Self.scope(request), position = try Self.position(request)
            return try await render(request) {
                try await services.reads.reports.flows(fromYear: from, toYear: to, scope: scope, at: position)
            }
        }
        routes.get("v1/reports/promotion-velocity") { request, context in
            try services.limiter.admit(try context.require(.analyst), "reports")
            let scope = try Self.scope(request), position = try Self.position(request)
            return try await render(request) { try await services.reads.reports.promotionVelocity(scope: scope, at: position) }
        }
        routes.get("v1/reports/training-coverage") { request, context in
            try services.limiter.admit(try context.require(.analyst), "reports")
            let year = try request.integer("year", in: 1900...2200), scope = try Self.scope(request), position = try Self.position(request)
            return try await render(request) { try await services.reads.reports.trainingCoverage(year: year, scope: scope, at: position) }
        }
        routes.get("v1/reports/retirement-forecast") { request, context in
            try services.limiter.admit(try context.require(.analyst), "reports")
            let from = try request.integer("from", in: 1900...2200), years = try request.integer("years", in: 1...50) ?? 5
            let scope = try Self.scope(request), position = try Self.position(request)
            return try await render(request) {
                try await services.reads.reports.retirementForecast(fromYear: from, years: years, scope: scope, at: position)
            }
        }
        routes.get("v1/reports/talent-boxes") { request, context in
            try services.limiter.admit(try context.require(.analyst), "reports")
            let scope = try Self.scope(request), position = try Self.position(request)
            return try await render(request) { try await services.reads.reports.talentBoxes(scope: scope, at: position) }
        }
        routes.get("v1/reports/promotion-eligible") { request, context in
            // A list of named employees: personal data, on record like any other personal read.
            try await services.personal("promotion-eligible", request, context) {
                try services.limiter.admit(try context.require(.analyst), "reports")
                let asOf = try request.date("asOf") ?? services.today(), scope = try Self.scope(request),
                    position = try Self.position(request)
                // Not cached: the entry names exactly the employees this answer lists.
                let table: ReportTable
                do {
                    table = try await services.reads.reports.promotionEligible(asOf: asOf, scope: scope, at: position)
                } catch let error as ReportError {
                    throw Problem.badRequest(field: error.field, rule: error.rule)
                }
                return PersonalAnswer(
                    response: Self.response(table, csv: request.wantsCSV, cached: false),
                    nips: table.rows.compactMap { $0.first?.description })
            }
        }
        return routes
    }

    /// `atPosition`: the report as it was at this earlier log position.
    static func position(_ request: Request) throws -> Int64? {
        try request.integer("atPosition", in: 0...Int.max).map(Int64.init)
    }

    /// The `agency` and `unit` filters.
    static func scope(_ request: Request) throws -> ReportScope {
        ReportScope(agency: try request.query("agency"), unit: try request.query("unit"))
    }

    static func response(_ table: ReportTable, csv: Bool, cached: Bool) -> Response {
        var answer = answer(table, csv: csv)
        answer.basis = nil
        answer.hit = cached
        return answer.response
    }

    /// The table as JSON or CSV, with its log position and date in headers too.
    static func answer(_ table: ReportTable, csv: Bool) -> CachedAnswer {
        var answer = CachedAnswer(
            body: ByteBuffer(string: csv ? table.csv : table.json), contentType: csv ? "text/csv; charset=utf-8" : "application/json",
            basis: .log(through: table.position))
        answer.headers[CachedAnswer.positionHeader] = String(table.position)
        answer.headers[CachedAnswer.asOfHeader] = table.asOf.description
        return answer
    }

    /// The report as JSON or CSV, kept until the log moves: a report at a log position always
    /// has the same numbers. The key holds today's date, on which defaults depend.
    func render(_ request: Request, report: () async throws -> ReportTable) async throws -> Response {
        let csv = request.wantsCSV
        let key = "report/\(services.today())/\(csv)/\(request.uri.path)?\(request.uri.query ?? "")"
        return try await services.cachedAnswer(key, request: request) {
            let table: ReportTable
            do {
                table = try await report()
            } catch let error as ReportError {
                throw Problem.badRequest(field: error.field, rule: error.rule)
            }
            return Self.answer(table, csv: csv)
        }.response
    }
}
