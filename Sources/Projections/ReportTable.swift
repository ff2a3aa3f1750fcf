import CareerDomain
import Foundation

/// A report's result: named columns, typed rows, and what it reflects: the log position of the
/// read models it was computed from and the date its figures refer to (running it again at that
/// position gives the same numbers), with the parameters it used (a default year, a scope).
public struct ReportTable: Sendable, Hashable {
    /// One cell: counts are integers, shares and years in grade decimals, yes/no booleans, names text.
    public enum Value: Sendable, Hashable, CustomStringConvertible {
        case text(String), integer(Int64), decimal(Double), boolean(Bool), null

        public var description: String {
            switch self {
            case .text(let text): return text
            case .integer(let number): return String(number)
            case .decimal(let number): return String(number)
            case .boolean(let value): return value ? "true" : "false"
            case .null: return ""
            }
        }
    }

    public var title: String
    public var columns: [String]
    public var rows: [[Value]]
    /// The projection checkpoint the numbers come from.
    public var position: Int64
    /// The date the figures refer to.
    public var asOf: CivilDate
    /// The parameters the report used, defaults included (`year`, `agency`, `round`, …).
    public var parameters: [String: Value]

    public init(title: String, columns: [String], rows: [[Value]], position: Int64, asOf: CivilDate, parameters: [String: Value] = [:]) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.position = position
        self.asOf = asOf
        self.parameters = parameters
    }

    /// The cells as text (tables on a terminal).
    public var text: [[String]] { rows.map { $0.map(\.description) } }

    /// RFC 4180 CSV with a header row; every row also states the log position and the as-of date.
    /// Text cells that a spreadsheet would run as formulas are kept text (`CSVText.text`).
    public var csv: String {
        let cells = rows.map { row in
            row.map { cell -> String in
                if case .text(let text) = cell { return CSVText.text(text) }
                return cell.description
            } + [String(position), asOf.description]
        }
        return CSVText.table(header: columns + ["log_position", "as_of"], rows: cells)
    }

    /// `{"title", "position", "asOf", "parameters", "columns", "rows": [{column: value}]}`, numbers as numbers.
    public var json: String {
        var out = [UInt8]()
        func string(_ text: String) { CanonicalJSONEncoder.writeString(text, into: &out) }
        func raw(_ text: String) { out += Array(text.utf8) }
        func value(_ cell: Value) {
            switch cell {
            case .text(let text): string(text)
            case .integer(let number): raw(String(number))
            case .decimal(let number): raw(number.isFinite ? String(number) : "null")
            case .boolean(let value): raw(value ? "true" : "false")
            case .null: raw("null")
            }
        }
        raw("{\"asOf\":")
        string(asOf.description)
        raw(",\"columns\":[")
        for (index, column) in columns.enumerated() {
            if index > 0 { raw(",") }
            string(column)
        }
        raw("],\"parameters\":{")
        for (index, key) in parameters.keys.sorted().enumerated() {
            if index > 0 { raw(",") }
            string(key)
            raw(":")
            value(parameters[key] ?? .null)
        }
        raw("},\"position\":\(position),\"rows\":[")
        for (index, row) in rows.enumerated() {
            if index > 0 { raw(",") }
            raw("{")
            // Members in key order; a column name given twice keeps its first value.
            var seen = Set<String>()
            let cells = zip(columns, row).filter { seen.insert($0.0).inserted }.sorted { $0.0 < $1.0 }
            for (offset, (column, cell)) in cells.enumerated() {
                if offset > 0 { raw(",") }
                string(column)
                raw(":")
                value(cell)
            }
            raw("}")
        }
        raw("],\"title\":")
        string(title)
        raw("}")
        return String(decoding: out, as: UTF8.self)
    }
}
