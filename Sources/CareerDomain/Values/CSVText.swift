import Foundation

/// RFC 4180 CSV: the one writer of the project. A field with a comma, a double quote, a line feed
/// or a carriage return is quoted, its quotes doubled; lines end with CRLF-free `\n`.
public enum CSVText {
    /// One field, quoted when it must be.
    public static func field(_ value: String) -> String {
        let needsQuotes = value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A text cell made safe for spreadsheets: one that a spreadsheet would run as a formula
    /// (starting `=`, `+`, `@`, a tab or a carriage return, or `-` with more than a number after
    /// it) gets a leading `'`, so a unit named `=HYPERLINK(…)` stays text (OWASP CSV injection).
    /// Numbers are written as they are.
    public static func text(_ value: String) -> String {
        guard let first = value.unicodeScalars.first else { return value }
        switch first {
        case "=", "+", "@", "\t", "\r": return "'" + value
        case "-" where value.unicodeScalars.count > 1 && Double(value) == nil: return "'" + value
        default: return value
        }
    }

    /// One record.
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",")
    }

    /// A header row and records, each line ended by a line feed.
    public static func table(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map(line).joined(separator: "\n") + "\n"
    }
}
