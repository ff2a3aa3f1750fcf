import CareerDomain
import Foundation
import PostgresClient

/// Which part of the workforce a report covers: one agency (instansi), one unit (unor), or both.
public struct ReportScope: Sendable, Hashable {
    public var agency: String?
    public var unit: String?

    public init(agency: String? = nil, unit: String? = nil) {
        self.agency = agency
        self.unit = unit
    }

    /// The condition on table `alias`'s `agency` and `unit` columns, bound.
    func condition(_ alias: String) -> PostgresQuery {
        let agencyColumn = PostgresQuery(unsafeSQL: "\(alias).agency"), unitColumn = PostgresQuery(unsafeSQL: "\(alias).unit")
        return """
            (\(agency)::text IS NULL OR \(fragment: agencyColumn) = \(agency))
                AND (\(unit)::text IS NULL OR \(fragment: unitColumn) = \(unit))
            """
    }

    var parameters: [String: ReportTable.Value] {
        var parameters = [String: ReportTable.Value]()
        if let agency { parameters["agency"] = .text(agency) }
        if let unit { parameters["unit"] = .text(unit) }
        return parameters
    }
}
