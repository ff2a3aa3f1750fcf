import Foundation

/// One cell of a result, valid only while its result is alive.
public struct PostgresCell {
    /// The value's text, or `nil` for SQL NULL.
    public let bytes: UnsafeRawBufferPointer?
    /// The column's name, for error messages.
    public let columnName: String
    public let columnIndex: Int
    /// The column's type OID.
    public let typeOID: UInt32

    /// The text as a Swift string (empty for NULL).
    public var string: String {
        guard let bytes else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An error naming this column and the type that did not fit.
    public func mismatch(_ type: Any.Type, _ reason: String = "") -> PostgresError {
        var message = "column \"\(columnName)\" (index \(columnIndex), type oid \(typeOID)) cannot be decoded as \(type)"
        if !reason.isEmpty { message += ": " + reason }
        return PostgresError(code: .decoding, message: message, column: columnName)
    }

    /// The non-NULL text, or an error naming the column.
    public func require(_ type: Any.Type) throws -> UnsafeRawBufferPointer {
        guard let bytes else { throw mismatch(type, "value is NULL (use an optional)") }
        return bytes
    }
}

/// A Swift type that a result column can be decoded into.
public protocol PostgresDecodable {
    static func decode(from cell: PostgresCell) throws -> Self
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Wrapped? {
        guard cell.bytes != nil else { return nil }
        return try Wrapped.decode(from: cell)
    }
}

extension String: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> String {
        String(decoding: try cell.require(String.self), as: UTF8.self)
    }
}

/// Parses a decimal integer without allocating.
func parseInteger(_ bytes: UnsafeRawBufferPointer) -> Int64? {
    guard !bytes.isEmpty else { return nil }
    var index = 0
    var negative = false
    if bytes[0] == UInt8(ascii: "-") {
        negative = true
        index = 1
    }
    guard index < bytes.count else { return nil }
    var value: Int64 = 0
    while index < bytes.count {
        let digit = bytes[index] &- 48
        guard digit < 10 else { return nil }
        let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
        let (sum, overflow2) = times.addingReportingOverflow(Int64(digit))
        guard !overflow1, !overflow2 else { return nil }
        value = sum
        index += 1
    }
    return negative ? -value : value
}

extension Int64: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Int64 {
        guard let value = parseInteger(try cell.require(Int64.self)) else { throw cell.mismatch(Int64.self) }
        return value
    }
}

extension Int: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Int {
        guard let value = parseInteger(try cell.require(Int.self)) else { throw cell.mismatch(Int.self) }
        return Int(value)
    }
}

extension Int32: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Int32 {
        guard let value = parseInteger(try cell.require(Int32.self)), let narrow = Int32(exactly: value)
        else { throw cell.mismatch(Int32.self) }
        return narrow
    }
}

extension Double: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Double {
        let text = String(decoding: try cell.require(Double.self), as: UTF8.self)
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default:
            guard let value = Double(text) else { throw cell.mismatch(Double.self) }
            return value
        }
    }
}

extension Bool: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Bool {
        let bytes = try cell.require(Bool.self)
        guard bytes.count == 1 else { throw cell.mismatch(Bool.self) }
        switch bytes[0] {
        case UInt8(ascii: "t"): return true
        case UInt8(ascii: "f"): return false
        default: throw cell.mismatch(Bool.self)
        }
    }
}

extension UUID: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> UUID {
        let text = String(decoding: try cell.require(UUID.self), as: UTF8.self)
        guard let uuid = UUID(uuidString: text) else { throw cell.mismatch(UUID.self) }
        return uuid
    }
}

extension Data: PostgresDecodable {
    /// Decodes `bytea` (hex output).
    public static func decode(from cell: PostgresCell) throws -> Data {
        guard let bytes = PostgresBytes.parseHex(try cell.require(Data.self)) else {
            throw cell.mismatch(Data.self, "expected bytea in hex form")
        }
        return Data(bytes)
    }
}

extension Array: PostgresDecodable where Element == UInt8 {
    /// Decodes `bytea` (hex output) as raw bytes.
    public static func decode(from cell: PostgresCell) throws -> [UInt8] {
        guard let bytes = PostgresBytes.parseHex(try cell.require([UInt8].self)) else {
            throw cell.mismatch([UInt8].self, "expected bytea in hex form")
        }
        return bytes
    }
}

extension PostgresDate: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> PostgresDate {
        let text = String(decoding: try cell.require(PostgresDate.self), as: UTF8.self)
        guard let date = PostgresDate(text) else { throw cell.mismatch(PostgresDate.self, "expected YYYY-MM-DD") }
        return date
    }
}

extension PostgresTimestamp: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> PostgresTimestamp {
        let text = String(decoding: try cell.require(PostgresTimestamp.self), as: UTF8.self)
        guard let timestamp = PostgresTimestamp(text) else {
            throw cell.mismatch(PostgresTimestamp.self, "expected an ISO timestamp")
        }
        return timestamp
    }
}

extension Date: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Date {
        let text = String(decoding: try cell.require(Date.self), as: UTF8.self)
        guard let timestamp = PostgresTimestamp(text) else { throw cell.mismatch(Date.self, "expected a timestamp") }
        return timestamp.date
    }
}

extension PostgresJSON: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> PostgresJSON {
        PostgresJSON(text: String(decoding: try cell.require(PostgresJSON.self), as: UTF8.self))
    }
}
