import Foundation

/// Splits one JSON object into its top-level members without decoding the values: each value
/// is handed back as its raw bytes. Fast enough to read millions of import lines.
public struct JSONObjectScanner {
    /// The raw bytes of each top-level member, by key.
    public private(set) var members: [String: ArraySlice<UInt8>] = [:]

    /// Scans `bytes`; throws a `DomainError` when it is not one JSON object.
    public init(_ bytes: ArraySlice<UInt8>) throws {
        var index = bytes.startIndex
        func skipSpace() {
            while index < bytes.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }
        func fail() -> DomainError { DomainError(field: "line", rule: "is not a JSON object") }
        skipSpace()
        guard index < bytes.endIndex, bytes[index] == UInt8(ascii: "{") else { throw fail() }
        index += 1
        skipSpace()
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "}") { return }
        while true {
            skipSpace()
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: "\"") else { throw fail() }
            let keyStart = index
            index = try Self.endOfString(bytes, from: index)
            let key = try Self.string(bytes[keyStart..<index])
            skipSpace()
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: ":") else { throw fail() }
            index += 1
            skipSpace()
            let valueStart = index
            index = try Self.endOfValue(bytes, from: index)
            members[key] = bytes[valueStart..<index]
            skipSpace()
            guard index < bytes.endIndex else { throw fail() }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            guard bytes[index] == UInt8(ascii: "}") else { throw fail() }
            index += 1
            skipSpace()
            guard index == bytes.endIndex else { throw fail() }
            return
        }
    }

    /// The index just past the string that starts (with its quote) at `start`.
    static func endOfString(_ bytes: ArraySlice<UInt8>, from start: Int) throws -> Int {
        var index = start + 1
        while index < bytes.endIndex {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        throw DomainError(field: "line", rule: "has an unterminated string")
    }

    /// The index just past the value at `start` (nested objects and arrays included).
    static func endOfValue(_ bytes: ArraySlice<UInt8>, from start: Int) throws -> Int {
        guard start < bytes.endIndex else { throw DomainError(field: "line", rule: "ends early") }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return try endOfString(bytes, from: start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < bytes.endIndex {
                switch bytes[index] {
                case UInt8(ascii: "\""): index = try endOfString(bytes, from: index); continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default: break
                }
                index += 1
            }
            throw DomainError(field: "line", rule: "has an unterminated object or array")
        default:
            var index = start
            while index < bytes.endIndex, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) {
                index += 1
            }
            return index
        }
    }

    /// Decodes a JSON string literal (with its quotes).
    public static func string(_ literal: ArraySlice<UInt8>) throws -> String {
        guard literal.count >= 2, literal.first == UInt8(ascii: "\""), literal.last == UInt8(ascii: "\"") else {
            throw DomainError(field: "line", rule: "expected a string")
        }
        let inner = literal.dropFirst().dropLast()
        if !inner.contains(UInt8(ascii: "\\")) { return String(decoding: inner, as: UTF8.self) }
        return try JSONDecoder().decode(String.self, from: Data(literal))
    }

    /// The member `key` as a string; the error names the field.
    public func string(_ key: String) throws -> String {
        guard let raw = members[key] else { throw DomainError(field: key, rule: "is missing") }
        do {
            return try Self.string(raw)
        } catch {
            throw DomainError(field: key, rule: "must be a string")
        }
    }

    /// The member `key` as an integer; the error names the field.
    public func int(_ key: String) throws -> Int {
        guard let raw = members[key] else { throw DomainError(field: key, rule: "is missing") }
        guard let value = Int(String(decoding: raw, as: UTF8.self)) else { throw DomainError(field: key, rule: "must be an integer") }
        return value
    }

    /// Whether `key` is absent or `null`.
    public func isNull(_ key: String) -> Bool {
        guard let raw = members[key] else { return true }
        return raw.elementsEqual("null".utf8)
    }
}
