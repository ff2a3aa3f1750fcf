import CareerDomain
import Projections

/// The merit system's reports as pages (`/merit/<id>`), each with its CSV. Two name employees
/// and are personal reads.
enum MeritReport: String, CaseIterable {
    case competencyGaps = "competency-gaps"
    case competencyGapsPeople = "competency-gaps-people"
    case succession
    case selections
    case equalOpportunity = "equal-opportunity"
    case mentoring

    /// The report's kind when it names employees (recorded in the access log).
    var personal: PersonalReport? {
        switch self {
        case .competencyGapsPeople: return .competencyGapsByPerson
        case .mentoring: return .mentoring
        default: return nil
        }
    }

    /// Whether the report takes a period of years.
    var takesYears: Bool { self == .equalOpportunity }

    /// What the page's filters ask for.
    struct Filters {
        var scope: ReportScope
        var from: Int
        var to: Int
        var perUnit: Bool
    }

    func table(_ reports: WorkforceReports, _ filters: Filters) async throws -> ReportTable {
        switch self {
        case .competencyGaps: return try await reports.competencyGapsByUnit(scope: filters.scope)
        case .competencyGapsPeople: return try await reports.competencyGapsByPerson(scope: filters.scope)
        case .succession: return try await reports.succession(scope: filters.scope)
        case .selections: return try await reports.selections(scope: filters.scope)
        case .equalOpportunity:
            return try await reports.equalOpportunity(
                fromYear: filters.from, toYear: filters.to, perUnit: filters.perUnit, scope: filters.scope)
        case .mentoring: return try await reports.mentoring(scope: filters.scope)
        }
    }
}
