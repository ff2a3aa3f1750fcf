import Foundation

/// A Swift value that can be sent to PostgreSQL as a text-format parameter.
public protocol PostgresEncodable: Sendable {
    /// The value in PostgreSQL's text input format.
    var postgresBinding: PostgresBinding { get }
}

extension String: PostgresEncodable {
    public var postgresBinding: PostgresBinding { PostgresBinding(text: self) }
}

extension Substring: PostgresEncodable {
    public var postgresBinding: PostgresBinding { PostgresBinding(text: String(self)) }
}

extension Int: PostgresEncodable {
    public var postgresBinding: PostgresBinding { PostgresBinding(text: String(self)) }
}

extension Int64: PostgresEncodable {
    public var postgresBinding: PostgresBinding { PostgresBinding(text: String(self)) }
}

extension Int32: PostgresEncodable {
    public var postgresBinding: PostgresBinding { PostgresBinding(text: String(self)) }
}

extension Int16: PostgresEncodable {
    public var postgresBinding: PostgresBinding { PostgresBinding(text: String(self)) }
}

extension Double: PostgresEncodable {
    public var postgresBinding: PostgresBinding {
        if isNaN { return PostgresBinding(text: "NaN") }
        if isInfinite { return PostgresBinding(text: self > 0 ? "Infinity" : "-Infinity") }
        return PostgresBinding(text: "\(self)")
    }
}

extension Bool: PostgresEncodable {
    public var postgresBinding: PostgresBinding { PostgresBinding(text: self ? "t" : "f") }
}

extension UUID: PostgresEncodable {
    public var postgresBinding: PostgresBinding { PostgresBinding(text: uuidString.lowercased()) }
}

extension Date: PostgresEncodable {
    /// Sent as a UTC timestamp with microsecond precision.
    public var postgresBinding: PostgresBinding {
        PostgresBinding(text: PostgresTimestamp(self).description)
    }
}

extension Data: PostgresEncodable {
    /// Sent as `bytea` in hex form.
    public var postgresBinding: PostgresBinding { PostgresBinding(text: PostgresBytes.hexLiteral(self)) }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    /// Sent as a PostgreSQL array literal, e.g. `{"a","b"}`. Built byte by byte: `"` and `\`
    /// are ASCII and never part of a multi-byte UTF-8 sequence, so escaping needs no characters.
    public var postgresBinding: PostgresBinding {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        var literal = [UInt8]()
        literal.reserveCapacity(2 + count * 24)
        literal.append(UInt8(ascii: "{"))
        for (index, element) in enumerated() {
            if index > 0 { literal.append(UInt8(ascii: ",")) }
            guard let text = element.postgresBinding.text else {
                literal.append(contentsOf: "NULL".utf8)
                continue
            }
            literal.append(quote)
            for byte in text.utf8 {
                if byte == quote || byte == backslash { literal.append(backslash) }
                literal.append(byte)
            }
            literal.append(quote)
        }
        literal.append(UInt8(ascii: "}"))
        return PostgresBinding(text: String(decoding: literal, as: UTF8.self))
    }
}

/// A value that may appear inside an array parameter.
public protocol PostgresArrayElement: PostgresEncodable {}
extension String: PostgresArrayElement {}
extension Int: PostgresArrayElement {}
extension Int64: PostgresArrayElement {}
extension Int32: PostgresArrayElement {}
extension UUID: PostgresArrayElement {}
extension Double: PostgresArrayElement {}
extension Bool: PostgresArrayElement {}
extension PostgresDate: PostgresArrayElement {}
extension PostgresJSON: PostgresArrayElement {}
extension Data: PostgresArrayElement {}
extension Optional: PostgresArrayElement where Wrapped: PostgresArrayElement {}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public var postgresBinding: PostgresBinding {
        self?.postgresBinding ?? PostgresBinding(text: nil)
    }
}
