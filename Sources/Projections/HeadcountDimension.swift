import CareerDomain
import Foundation
import PostgresClient

/// A dimension headcounts can be split by.
public enum HeadcountDimension: String, Sendable, CaseIterable {
    case agency, unit, grade, postKind = "post_kind", functionalLevel = "functional_level", education, sex, ageBand = "age_band"

    /// The SQL expression over `employee_periods p` (fixed text, never from input).
    func expression(asOf: String) -> String {
        switch self {
        case .ageBand:
            return """
                CASE WHEN date_part('year', age(\(asOf), p.birth_date)) <= 30 THEN '<=30'
                     WHEN date_part('year', age(\(asOf), p.birth_date)) <= 40 THEN '31-40'
                     WHEN date_part('year', age(\(asOf), p.birth_date)) <= 50 THEN '41-50' ELSE '51+' END
                """
        default:
            return "coalesce(p.\(rawValue), '-')"
        }
    }
}
