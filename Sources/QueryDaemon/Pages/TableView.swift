import Projections

/// A report table read by column name, for drawing: distinct values of a column in order, sums
/// over the rows that match, each row's cells as text or number.
struct TableView {
    struct Row {
        let cells: [String: ReportTable.Value]

        func text(_ column: String) -> String { cells[column]?.description ?? "" }

        func number(_ column: String) -> Double {
            switch cells[column] {
            case .integer(let value)?: return Double(value)
            case .decimal(let value)?: return value
            case .text(let value)?: return Double(value) ?? 0
            default: return 0
            }
        }
    }

    let rows: [Row]

    init(_ table: ReportTable) {
        rows = table.rows.map { values in
            var cells = [String: ReportTable.Value]()
            for (column, value) in zip(table.columns, values) where cells[column] == nil { cells[column] = value }
            return Row(cells: cells)
        }
    }

    /// The column's distinct values in the order they first appear (reports come sorted).
    func groups(_ column: String) -> [String] {
        var seen = Set<String>(), order = [String]()
        for row in rows where seen.insert(row.text(column)).inserted { order.append(row.text(column)) }
        return order
    }

    /// The sum of `column` over the rows whose cells equal `conditions` (as text).
    func sum(_ column: String, where conditions: [String: String]) -> Double {
        rows.filter { row in conditions.allSatisfy { row.text($0.key) == $0.value } }.reduce(0) { $0 + $1.number(column) }
    }
}
