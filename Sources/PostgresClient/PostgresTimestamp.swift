import Foundation

/// A UTC instant with microsecond precision: PostgreSQL's `timestamptz`.
public struct PostgresTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Microseconds since 1970-01-01 00:00:00 UTC.
    public var microsecondsSinceUnixEpoch: Int64

    public init(microsecondsSinceUnixEpoch: Int64) {
        self.microsecondsSinceUnixEpoch = microsecondsSinceUnixEpoch
    }

    public init(_ date: Date) {
        self.microsecondsSinceUnixEpoch = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    public var date: Date {
        Date(timeIntervalSince1970: Double(microsecondsSinceUnixEpoch) / 1_000_000)
    }

    /// `YYYY-MM-DDTHH:MM:SS.ffffffZ`: ISO 8601 in UTC, as the API writes times.
    public var iso8601: String {
        let text = description
        return String(text.prefix(10)) + "T" + String(text.dropFirst(11).dropLast(3)) + "Z"
    }

    /// `YYYY-MM-DD HH:MM:SS.ffffff+00`, PostgreSQL's ISO output in UTC.
    public var description: String {
        let micros = microsecondsSinceUnixEpoch
        var days = micros / 86_400_000_000
        var rest = micros % 86_400_000_000
        if rest < 0 {
            rest += 86_400_000_000
            days -= 1
        }
        let date = PostgresDate(daysSinceUnixEpoch: Int(days))
        let seconds = rest / 1_000_000
        let fraction = rest % 1_000_000
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(date) \(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
            + ".\(pad(fraction, 6))+00"
    }

    /// Parses PostgreSQL's ISO output (`2024-01-02 03:04:05.123+07`, offsets with minutes too).
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"),
            let date = PostgresDate(String(decoding: bytes[0..<10], as: UTF8.self))
        else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                guard index < bytes.count, (48...57).contains(bytes[index]) else { return nil }
                value = value * 10 + Int64(bytes[index] - 48)
            }
            return value
        }
        guard let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction: Int64 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale: Int64 = 100_000
            while index < bytes.count, (48...57).contains(bytes[index]) {
                fraction += Int64(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds: Int64 = 0
        if index < bytes.count {
            let sign: Int64
            switch bytes[index] {
            case UInt8(ascii: "+"): sign = 1
            case UInt8(ascii: "-"): sign = -1
            case UInt8(ascii: "Z"): sign = 0
            default: return nil
            }
            index += 1
            if sign != 0 {
                guard let hours = number(index..<index + 2) else { return nil }
                offsetSeconds = hours * 3600
                index += 2
                if index < bytes.count, bytes[index] == UInt8(ascii: ":") { index += 1 }
                if let minutes = number(index..<index + 2) {
                    offsetSeconds += minutes * 60
                    index += 2
                    if index < bytes.count, bytes[index] == UInt8(ascii: ":") { index += 1 }
                    if let seconds = number(index..<index + 2) { offsetSeconds += seconds }
                }
                offsetSeconds *= sign
            }
        }
        let daySeconds = Int64(date.daysSinceUnixEpoch) * 86_400 + hour * 3600 + minute * 60 + second
        self.microsecondsSinceUnixEpoch = (daySeconds - offsetSeconds) * 1_000_000 + fraction
    }

    public static func < (lhs: PostgresTimestamp, rhs: PostgresTimestamp) -> Bool {
        lhs.microsecondsSinceUnixEpoch < rhs.microsecondsSinceUnixEpoch
    }
}

extension PostgresTimestamp: PostgresEncodable {
    public var postgresBinding: PostgresBinding { PostgresBinding(text: description) }
}
