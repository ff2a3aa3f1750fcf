import CareerDomain
import Foundation
import Hummingbird
import Projections

/// The merit system's reports (analysts; JSON or CSV) and the employee's merit profile
/// (inspectors). Reports that name employees are personal reads, recorded in the access log.
struct MeritController {
    let services: DaemonServices

    var routes: RouteCollection<RiwayatRequestContext> {
        let routes = RouteCollection(context: RiwayatRequestContext.self)
        let reports = ReportController(services: services)
        routes.get("v1/reports/competency-gaps") { request, context in
            try services.limiter.admit(try context.require(.analyst), "reports")
            let scope = try ReportController.scope(request), position = try ReportController.position(request)
            return try await reports.render(request) { try await services.reads.reports.competencyGapsByUnit(scope: scope, at: position) }
        }
        routes.get("v1/reports/succession") { request, context in
            try services.limiter.admit(try context.require(.analyst), "reports")
            let scope = try ReportController.scope(request), position = try ReportController.position(request)
            return try await reports.render(request) { try await services.reads.reports.succession(scope: scope, at: position) }
        }
        routes.get("v1/reports/selections") { request, context in
            try services.limiter.admit(try context.require(.analyst), "reports")
            let scope = try ReportController.scope(request), position = try ReportController.position(request)
            return try await reports.render(request) { try await services.reads.reports.selections(scope: scope, at: position) }
        }
        routes.get("v1/reports/equal-opportunity") { request, context in
            try services.limiter.admit(try context.require(.analyst), "reports")
            let to = try request.integer("to", in: 1900...2200) ?? services.reports.lastCompleteYear
            let from = try request.integer("from", in: 1900...2200) ?? to - 2
            guard from <= to else { throw Problem.badRequest(field: "from", rule: "must not be after to (\(to))") }
            let perUnit = try request.flag("perUnit")
            let scope = try ReportController.scope(request), position = try ReportController.position(request)
            return try await reports.render(request) {
                try await services.reads.reports.equalOpportunity(fromYear: from, toYear: to, perUnit: perUnit, scope: scope, at: position)
            }
        }
        routes.get("v1/reports/competency-gaps/people") { request, context in
            try await personalReport(.competencyGapsByPerson, request, context) { scope, position in
                try await services.reads.reports.competencyGapsByPerson(scope: scope, at: position)
            }
        }
        routes.get("v1/reports/mentoring") { request, context in
            try await personalReport(.mentoring, request, context) { scope, position in
                try await services.reads.reports.mentoring(scope: scope, at: position)
            }
        }
        routes.get("v1/employees/:nip/merit") { request, context in
            try await services.personal("merit", request, context, nip: context.parameters.get("nip")) {
                _ = try context.require(.inspector)
                let text = context.parameters.get("nip") ?? ""
                let nip: NIP
                do {
                    nip = try NIP(text)
                } catch let error as DomainError {
                    throw Problem.badRequest(field: "nip", rule: error.rule)
                }
                let profile = try await MeritProfile.read(nip.digits, on: services.reads.pool)
                return PersonalAnswer(response: JSONBody.response(MeritJSON.profile(profile, nip: nip)), nips: profile.nips(of: nip.digits))
            }
        }
        return routes
    }

    /// A report naming employees: not cached, and recorded in the access log with every NIP
    /// its rows name.
    func personalReport(
        _ kind: PersonalReport, _ request: Request, _ context: RiwayatRequestContext,
        _ report: @escaping (ReportScope, Int64?) async throws -> ReportTable
    ) async throws -> Response {
        try await services.personal(kind.rawValue, request, context) {
            try services.limiter.admit(try context.require(.analyst), "reports")
            let scope = try ReportController.scope(request), position = try ReportController.position(request)
            let table: ReportTable
            do {
                table = try await report(scope, position)
            } catch let error as ReportError {
                throw Problem.badRequest(field: error.field, rule: error.rule)
            }
            return PersonalAnswer(
                response: ReportController.response(table, csv: request.wantsCSV, cached: false), nips: kind.nips(in: table.rows))
        }
    }
}
