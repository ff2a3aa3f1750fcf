import CareerDomain
import Foundation
import Hummingbird
import NIOCore
import Projections

/// The analyst dashboard: every chart of `DashboardChart` for an agency or unit on a date, each
/// with its numbers, the log position it reflects and its report as CSV. Counts only: no page
/// here names an employee. The charts are kept until the log moves, as the reports are.
struct DashboardController {
    let services: DaemonServices

    var routes: RouteCollection<RiwayatRequestContext> {
        let routes = RouteCollection(context: RiwayatRequestContext.self)
        routes.get("dashboard", use: dashboard)
        routes.get("dashboard/:file", use: csv)
        return routes
    }

    struct Filters {
        var scope: ReportScope
        var asOf: CivilDate
        /// The filters as a query string, for links.
        var query: String
    }

    func filters(_ request: Request) throws -> Filters {
        let cleaned = request.withoutEmptyParameters
        let scope = try ReportController.scope(cleaned)
        let asOf = try cleaned.date("asOf") ?? services.today()
        var parts = [String]()
        if let agency = scope.agency { parts.append("agency=" + PageVisit.encode(agency)) }
        if let unit = scope.unit { parts.append("unit=" + PageVisit.encode(unit)) }
        parts.append("asOf=\(asOf)")
        return Filters(scope: scope, asOf: asOf, query: parts.joined(separator: "&"))
    }

    func dashboard(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.page(request, context) { visit in
            let principal = try visit.context.require(.analyst)
            try services.limiter.admit(principal, "reports")
            let filters = try filters(request)
            let key = "page/dashboard/\(visit.language.rawValue)/\(services.today())/\(filters.query)"
            let panels = try await services.cachedAnswer(key, request: request) {
                let tables = try await tables(filters)
                let html = panelsHTML(tables, filters: filters, language: visit.language)
                return CachedAnswer(
                    body: ByteBuffer(string: html), contentType: "text/html; charset=utf-8",
                    basis: .log(through: tables.map(\.1.position).min() ?? 0))
            }
            return visit.page(
                "dashboard", title: visit.language("dashboard.title"),
                [
                    "agency": filters.scope.agency ?? "", "unit": filters.scope.unit ?? "", "asOf": filters.asOf.description,
                    "panels": String(buffer: panels.body),
                ])
        }
    }

    /// Every chart's report, run side by side.
    func tables(_ filters: Filters) async throws -> [(DashboardChart, ReportTable)] {
        let reports = services.reads.reports
        let results = try await withThrowingTaskGroup(of: (DashboardChart, ReportTable).self) { group in
            for chart in DashboardChart.allCases {
                group.addTask { (chart, try await chart.table(reports, asOf: filters.asOf, scope: filters.scope)) }
            }
            var results = [DashboardChart: ReportTable]()
            for try await (chart, table) in group { results[chart] = table }
            return results
        }
        return DashboardChart.allCases.compactMap { chart in results[chart].map { (chart, $0) } }
    }

    func panelsHTML(_ tables: [(DashboardChart, ReportTable)], filters: Filters, language: PageLanguage) -> String {
        let panels = tables.map { chart, table -> [String: Any] in
            let panel = chart.panel(table, language: language)
            var data: [String: Any] = [
                "id": chart.rawValue, "title": language("chart.\(chart.rawValue)"), "svg": panel.svg, "header": panel.header,
                "rows": panel.rows.map { ["cells": $0] }, "position": table.position, "asOf": table.asOf.description,
                "csv": "/dashboard/\(chart.rawValue).csv?\(filters.query)",
            ]
            if let note = panel.note { data["note"] = note }
            return data
        }
        guard case .success(let renderer) = PageRenderer.bundled else { return "" }
        return renderer.render("dashboard-panels", ["t": language.nestedLabels, "panels": panels]) ?? ""
    }

    /// One chart's whole report as CSV (`/dashboard/pyramid.csv?…`).
    func csv(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.page(request, context) { visit in
            let principal = try visit.context.require(.analyst)
            try services.limiter.admit(principal, "reports")
            let file = context.parameters.get("file") ?? ""
            guard file.hasSuffix(".csv"), let chart = DashboardChart(rawValue: String(file.dropLast(4))) else {
                throw Problem.notFound("no chart \(String(file.prefix(60)))")
            }
            let filters = try filters(request)
            let table = try await chart.table(services.reads.reports, asOf: filters.asOf, scope: filters.scope)
            var headers = PageRenderer.headers(contentType: "text/csv; charset=utf-8")
            headers[.contentDisposition] = "attachment; filename=\"riwayat-\(chart.rawValue)-\(filters.asOf).csv\""
            headers[CachedAnswer.positionHeader] = String(table.position)
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: table.csv)))
        }
    }
}
