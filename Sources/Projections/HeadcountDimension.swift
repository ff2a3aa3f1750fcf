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
            // Age in whole years, computed once: below 31, 31–40, 41–50, 51 and over.
            return """
                (ARRAY['<=30', '31-40', '41-50', '51+'])[width_bucket(date_part('year', age(\(asOf), p.birth_date)),
                    ARRAY[31, 41, 51]::float8[]) + 1]
                """
        default:
            return "coalesce(p.\(rawValue), '-')"
        }
    }
}
