/// The reports that name employees, and which NIPs each row names (for the access log).
public enum PersonalReport: String, Sendable, CaseIterable {
    case competencyGapsByPerson = "competency-gaps-people"
    case mentoring

    /// The NIPs a row names: the employee in the first column; for mentoring, the mentor and
    /// every mentee of `mentee_nips`.
    public func nips(in row: [ReportTable.Value]) -> [String] {
        guard let first = row.first?.description else { return [] }
        guard self == .mentoring, row.count > 4 else { return [first] }
        return [first] + row[4].description.split(separator: " ").map(String.init)
    }

    /// Every NIP the rows name, once each, in order of first appearance.
    public func nips(in rows: some Sequence<[ReportTable.Value]>) -> [String] {
        var seen = Set<String>(), named = [String]()
        for row in rows { for nip in nips(in: row) where seen.insert(nip).inserted { named.append(nip) } }
        return named
    }
}
