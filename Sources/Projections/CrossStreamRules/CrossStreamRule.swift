/// A policy rule that looks across streams (an employee's and a relative's, an employee's and
/// the agency's): a query over the read models giving `findings` rows, run after the rows of
/// the streams it looks at are written.
public protocol CrossStreamRule: Sendable {
    /// A short stable id such as `M-RELATIVE`.
    var id: String { get }
    /// A `SELECT` giving rows in the column order of `findings`; `table` names each read model
    /// (with a rebuild's suffix), and `only` gives the condition that keeps the rows of the
    /// employees asked for (`only("d.nip")`), placed where it narrows the work early.
    func query(_ table: (String) -> String, only: (String) -> String) -> String
}

extension CrossStreamRule {
    /// `employee_current`'s unit and agency of `nip`, for the finding's current place.
    static func current(_ table: (String) -> String, _ nip: String) -> String {
        "LEFT JOIN \(table("employee_current")) c ON c.nip = \(nip)"
    }
}
