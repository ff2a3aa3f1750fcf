import CareerDomain
import Foundation
import Hummingbird
import NIOCore
import Projections

/// The analyst's merit-system pages: an index, then each report of `MeritReport` as a table
/// with its filters, the log position it reflects and its CSV. Reports that name employees are
/// in the access log like every personal read.
struct MeritPagesController {
    let services: DaemonServices
    /// Rows shown on a page; the CSV holds them all.
    static let pageRows = 2000

    var routes: RouteCollection<RiwayatRequestContext> {
        let routes = RouteCollection(context: RiwayatRequestContext.self)
        routes.get("merit", use: index)
        routes.get("merit/:report", use: report)
        return routes
    }

    func index(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        try await services.page(request, context) { visit in
            _ = try visit.context.require(.analyst)
            let reports = MeritReport.allCases.map { report -> [String: Any] in
                [
                    "id": report.rawValue, "title": visit.language("report.\(report.rawValue)"),
                    "desc": visit.language("reportDesc.\(report.rawValue)"), "personal": report.personal != nil,
                ]
            }
            return visit.page("merit", title: visit.language("merit.title"), ["reports": reports])
        }
    }

    func filters(_ request: Request, _ report: MeritReport) throws -> (MeritReport.Filters, String) {
        let cleaned = request.withoutEmptyParameters
        let scope = try ReportController.scope(cleaned)
        let to = try cleaned.integer("to", in: 1900...2200) ?? services.reports.lastCompleteYear
        let from = try cleaned.integer("from", in: 1900...2200) ?? to - 2
        guard from <= to else { throw Problem.badRequest(field: "from", rule: "must not be after to (\(to))") }
        let perUnit = try cleaned.flag("perUnit")
        var parts = [String]()
        if let agency = scope.agency { parts.append("agency=" + PageVisit.encode(agency)) }
        if let unit = scope.unit { parts.append("unit=" + PageVisit.encode(unit)) }
        if report.takesYears {
            parts += ["from=\(from)", "to=\(to)"]
            if perUnit { parts.append("perUnit=true") }
        }
        return (MeritReport.Filters(scope: scope, from: from, to: to, perUnit: perUnit), parts.joined(separator: "&"))
    }

    func report(_ request: Request, context: RiwayatRequestContext) async throws -> Response {
        let file = context.parameters.get("report") ?? ""
        let csv = file.hasSuffix(".csv")
        let found = MeritReport(rawValue: csv ? String(file.dropLast(4)) : file)
        guard let report = found, report.personal != nil else {
            return try await services.page(request, context) { visit in
                guard let report = found else { throw Problem.notFound("no report \(String(file.prefix(60)))") }
                return try await render(report, csv: csv, request: request, visit: visit).page
            }
        }
        return try await services.personalPage("page-\(report.rawValue)", request, context) { visit in
            try await render(report, csv: csv, request: request, visit: visit)
        }
    }

    /// The report's page or CSV, and the NIPs it names.
    func render(_ report: MeritReport, csv: Bool, request: Request, visit: PageVisit) async throws -> (page: Response, nips: [String]) {
        let principal = try visit.context.require(.analyst)
        try services.limiter.admit(principal, "reports")
        let (filters, query) = try filters(request, report)
        let table: ReportTable
        do {
            table = try await report.table(services.reads.reports, filters)
        } catch let error as ReportError {
            throw Problem.badRequest(field: error.field, rule: error.rule)
        }
        var nips = report.personal?.nips(in: table.rows) ?? []
        if csv {
            var headers = PageRenderer.headers(contentType: "text/csv; charset=utf-8")
            headers[.contentDisposition] = "attachment; filename=\"riwayat-\(report.rawValue).csv\""
            headers[CachedAnswer.positionHeader] = String(table.position)
            return (Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: table.csv))), nips)
        }
        let shown = table.rows.prefix(Self.pageRows)
        // Shown on the page: the rows it holds, so only their NIPs are on record for the page.
        if let kind = report.personal { nips = kind.nips(in: shown) }
        let data: [String: Any] = [
            "id": report.rawValue, "desc": visit.language("reportDesc.\(report.rawValue)"), "personal": report.personal != nil,
            "years": report.takesYears, "agency": filters.scope.agency ?? "", "unit": filters.scope.unit ?? "", "from": filters.from,
            "to": filters.to, "perUnit": filters.perUnit, "query": query, "position": table.position, "count": table.rows.count,
            "columns": table.columns, "rows": shown.map { ["cells": $0.map(\.description)] },
            "truncated": table.rows.count > shown.count ? shown.count : 0,
        ]
        return (visit.page("report", title: visit.language("report.\(report.rawValue)"), data), nips)
    }
}
