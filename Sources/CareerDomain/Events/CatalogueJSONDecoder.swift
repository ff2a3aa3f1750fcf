import Foundation

/// Decodes `Decodable` values from JSON: the catalogue's payloads, decrees and metadata, read
/// millions of times by imports, rebuilds and the daemon. It parses the text once into a
/// `JSONTape` and looks keys up in place (no dictionaries), several times faster than
/// Foundation's `JSONDecoder`, and throws the same `DecodingError` cases with the same coding
/// paths, so `DomainError(decoding:)` names the same fields. Duplicate keys: the last one wins,
/// as in PostgreSQL's `jsonb`.
public struct CatalogueJSONDecoder: Sendable {
    public init() {}

    /// Decodes `type` from `bytes`; malformed JSON is `DecodingError.dataCorrupted` at the root.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let tape: JSONTape
        do {
            tape = try JSONTape(bytes)
        } catch let malformed as JSONTape.Malformed {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: [], debugDescription: malformed.rule))
        }
        return try T(from: TapeDecoder(tape: tape, node: 0, parentPath: [], key: nil))
    }

    /// Decodes `type` from `data`.
    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try decode(type, from: [UInt8](data))
    }
}

/// A key for an array element or a dictionary member in a coding path.
struct TapeCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}

/// The `Decoder` over one value of a tape; also its single-value container. The coding path
/// is kept as the parent's path plus a key, and joined only when asked for (errors, nesting).
struct TapeDecoder: Decoder, SingleValueDecodingContainer {
    let tape: JSONTape
    let node: Int
    let parentPath: [any CodingKey]
    let key: (any CodingKey)?
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    var codingPath: [any CodingKey] {
        guard let key else { return parentPath }
        return parentPath + [key]
    }

    var kind: JSONTape.Kind { tape.nodes[node].kind }

    /// The raw JSON text of this value, as written.
    var rawBytes: ArraySlice<UInt8> { tape.raw(node) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard kind == .object else { throw mismatch([String: Any].self) }
        return KeyedDecodingContainer(TapeKeyedContainer<Key>(tape: tape, node: node, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard kind == .array else { throw mismatch([Any].self) }
        return TapeUnkeyedContainer(tape: tape, node: node, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: Errors

    func mismatch(_ type: Any.Type) -> DecodingError {
        if kind == .null {
            return .valueNotFound(
                type, .init(codingPath: codingPath, debugDescription: "Cannot get value of type \(type) -- found null value instead"))
        }
        return .typeMismatch(
            type, .init(codingPath: codingPath, debugDescription: "Expected to decode \(type) but found \(kind.described) instead."))
    }

    func rethrow<T>(_ type: T.Type, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let problem as JSONTape.ValueProblem {
            let description: String
            switch problem {
            case .notValidUTF8: description = "is not valid UTF-8"
            case .badSurrogate: description = "has an unpaired UTF-16 surrogate"
            case .doesNotFit(let text):
                if T.self is any FixedWidthInteger.Type {
                    description = "must be a whole number within range, not \(text)"
                } else {
                    description = "\(text) is not a number that fits"
                }
            case .notWholeLiteral(let text):
                description = "must be written as a whole number, not \(text)"
            }
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: description))
        }
    }

    // MARK: SingleValueDecodingContainer

    func decodeNil() -> Bool { kind == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        switch kind {
        case .true: return true
        case .false: return false
        default: throw mismatch(Bool.self)
        }
    }

    func decode(_ type: String.Type) throws -> String {
        guard kind == .string else { throw mismatch(String.self) }
        return try rethrow(String.self) { try tape.string(node) }
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard kind == .number else { throw mismatch(Double.self) }
        return try rethrow(Double.self) { try tape.double(node) }
    }

    func decode(_ type: Float.Type) throws -> Float {
        let value = try decode(Double.self)
        guard let float = Float(exactly: value) ?? (abs(value) <= Double(Float.greatestFiniteMagnitude) ? Float(value) : nil) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath, debugDescription: "Parsed JSON number <\(value)> does not fit in Float."))
        }
        return float
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard kind == .number else { throw mismatch(T.self) }
        return try rethrow(T.self) { try tape.integer(node, as: T.self) }
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(UInt64.self) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == String.self, let value = try decode(String.self) as? T { return value }
        return try T(from: self)
    }

}
