import Foundation

/// Helpers for `bytea` values in hex form (`\x0a1b…`).
public enum PostgresBytes {
    static let hexDigits = Array("0123456789abcdef".utf8)

    /// `\x` followed by two lowercase hex digits per byte.
    public static func hexLiteral(_ bytes: some Collection<UInt8>) -> String {
        var output = [UInt8]()
        output.reserveCapacity(2 + bytes.count * 2)
        output.append(UInt8(ascii: "\\"))
        output.append(UInt8(ascii: "x"))
        for byte in bytes {
            output.append(hexDigits[Int(byte >> 4)])
            output.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Lowercase hex without a prefix.
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        String(hexLiteral(bytes).dropFirst(2))
    }

    /// Parses hex digits (an optional `\x` prefix allowed); `nil` when malformed.
    public static func parseHex(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        var start = 0
        if text.count >= 2, text[0] == UInt8(ascii: "\\"), text[1] == UInt8(ascii: "x") { start = 2 }
        guard (text.count - start) % 2 == 0 else { return nil }
        var output = [UInt8]()
        output.reserveCapacity((text.count - start) / 2)
        var index = start
        while index < text.count {
            guard let high = nibble(text[index]), let low = nibble(text[index + 1]) else { return nil }
            output.append(high << 4 | low)
            index += 2
        }
        return output
    }

    /// Parses a hex string such as `"0a1b"`.
    public static func parseHex(_ text: String) -> [UInt8]? {
        var copy = text
        return copy.withUTF8 { parseHex(UnsafeRawBufferPointer($0)) }
    }

    static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: return byte - 48
        case 97...102: return byte - 87
        case 65...70: return byte - 55
        default: return nil
        }
    }
}

/// A JSON document sent as text and received verbatim (`json` or `jsonb`).
public struct PostgresJSON: Sendable, Hashable, PostgresEncodable {
    /// The document's UTF-8 text.
    public var text: String

    public init(text: String) {
        self.text = text
    }

    /// Encodes a value with sorted keys, so equal values give equal text.
    public init(encoding value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.text = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Decodes the document.
    public func decode<T: Decodable>(_ type: T.Type, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try decoder.decode(T.self, from: Data(text.utf8))
    }

    public var postgresBinding: PostgresBinding { PostgresBinding(text: text) }
}
