import CareerDomain
import Foundation
import Hummingbird
import Projections

/// Workforce reports (analysts), as JSON or CSV (`Accept: text/csv`).
struct ReportController {
    let services: DaemonServices

    var routes: RouteCollection<RiwayatRequestContext> {
        let routes = RouteCollection(context: RiwayatRequestContext.self)
        routes.get("v1/reports/headcount") { request, context in
            _ = try context.require(.analyst)
            let asOf = try request.date("asOf") ?? services.today()
            var dimensions = [HeadcountDimension]()
            for name in (request.uri.queryParameters.get("by") ?? "").split(separator: ",") {
                guard let dimension = HeadcountDimension(rawValue: String(name)) else {
                    throw Problem.badRequest(field: "by", rule: "unknown dimension \(name); known: \(HeadcountDimension.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                dimensions.append(dimension)
            }
            return render(try await services.reports.headcount(asOf: asOf, by: dimensions), request)
        }
        routes.get("v1/reports/flows") { request, context in
            _ = try context.require(.analyst)
            let from = try request.integer("from", in: 1900...2200) ?? services.today().year - 10
            let to = try request.integer("to", in: 1900...2200) ?? services.today().year
            return render(try await services.reports.flows(fromYear: from, toYear: to), request)
        }
        routes.get("v1/reports/promotion-velocity") { request, context in
            _ = try context.require(.analyst)
            return render(try await services.reports.promotionVelocity(), request)
        }
        routes.get("v1/reports/training-coverage") { request, context in
            _ = try context.require(.analyst)
            let year = try request.integer("year", in: 1900...2200) ?? services.today().year
            return render(try await services.reports.trainingCoverage(year: year), request)
        }
        routes.get("v1/reports/retirement-forecast") { request, context in
            _ = try context.require(.analyst)
            let from = try request.integer("from", in: 1900...2200) ?? services.today().year
            let years = try request.integer("years", in: 1...50) ?? 5
            return render(try await services.reports.retirementForecast(fromYear: from, years: years), request)
        }
        routes.get("v1/reports/talent-boxes") { request, context in
            _ = try context.require(.analyst)
            return render(try await services.reports.talentBoxes(), request)
        }
        routes.get("v1/reports/promotion-eligible") { request, context in
            _ = try context.require(.analyst)
            return render(try await services.reports.promotionEligible(asOf: try request.date("asOf") ?? services.today()), request)
        }
        return routes
    }

    func render(_ table: ReportTable, _ request: Request) -> Response {
        request.wantsCSV ? JSONBody.raw(table.csv, contentType: "text/csv; charset=utf-8") : JSONBody.raw(table.json, contentType: "application/json")
    }
}
