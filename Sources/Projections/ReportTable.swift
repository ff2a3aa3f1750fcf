import Foundation

/// A report's result: named columns, rows of text, and the log position it reflects (running the
/// report again at that position gives the same numbers).
public struct ReportTable: Sendable, Hashable {
    public var title: String
    public var columns: [String]
    public var rows: [[String]]
    /// The projection checkpoint the numbers come from.
    public var position: Int64

    /// RFC 4180 CSV with a header row.
    public var csv: String {
        func field(_ value: String) -> String {
            value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }
        return ([columns] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// `{"title", "position", "columns", "rows": [{column: value}]}`.
    public var json: String {
        struct Document: Encodable {
            var title: String
            var position: Int64
            var columns: [String]
            var rows: [[String: String]]
        }
        let document = Document(
            title: title, position: position, columns: columns,
            rows: rows.map { Dictionary(zip(columns, $0), uniquingKeysWith: { first, _ in first }) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(document), as: UTF8.self)) ?? "{}"
    }
}
